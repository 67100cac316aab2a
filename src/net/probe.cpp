#include "net/probe.h"

#include <array>

#include "net/probe_async.h"
#include "net/probe_failures.h"
#include "net/starttls.h"
#include "net/tls_client.h"
#include "net/tls_names.h"

namespace certkeep::net {
namespace {

using Clock = std::chrono::steady_clock;
using asio::redirect_error;
using asio::use_awaitable;

// Everything a probe's deadline may have to interrupt. The deadline's handler holds it weakly, so it
// never touches a connection that is gone.
struct Connection {
  Connection(const asio::any_io_executor& ex, asio::ssl::context& ctx) : resolver(ex), stream(ex, ctx), timer(ex), tick(ex) {}

  tcp::resolver resolver;
  asio::ssl::stream<tcp::socket> stream;
  asio::steady_timer timer;
  asio::steady_timer tick;
  Stage stage = Stage::resolve;
  bool expired = false;
  HandshakeObserver observer;
  std::array<char, 1024> read_buffer{};
  std::optional<boost::system::error_code> read_result;  // of the read that waits for the client verdict
  std::size_t bytes_read = 0;

  void interrupt() {
    boost::system::error_code ignored;
    resolver.cancel();
    stream.next_layer().close(ignored);  // pending operations complete with operation_aborted
  }
};

void arm_deadline(const std::shared_ptr<Connection>& c, std::chrono::milliseconds timeout) {
  c->timer.expires_after(timeout);
  c->timer.async_wait([weak = std::weak_ptr<Connection>(c)](const boost::system::error_code& ec) {
    auto conn = weak.lock();
    if (ec || !conn) return;
    conn->expired = true;
    conn->interrupt();
  });
}

double ms_since(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

std::string sni_for(const Endpoint& e, const ProbeOptions& o) {
  if (!o.send_sni) return {};
  if (o.sni) return *o.sni;
  return e.host_is_ip() ? std::string() : e.host;
}

// TLS 1.3 servers judge a client certificate after the client's handshake is complete: wait for their
// verdict, a session ticket or data (accepted) or an alert or a close (rejected), or for silence.
asio::awaitable<void> await_client_verdict(const std::shared_ptr<Connection>& c, std::chrono::milliseconds wait, ProbeReport& r) {
  c->stage = Stage::client_verdict;
  c->stream.async_read_some(asio::buffer(c->read_buffer), [c](const boost::system::error_code& ec, std::size_t n) {
    c->read_result = ec;
    c->bytes_read = n;
  });
  const auto until = Clock::now() + wait;
  boost::system::error_code ec;
  while (!c->read_result && !c->observer.ticket_received && !c->expired && Clock::now() < until) {
    c->tick.expires_after(std::chrono::milliseconds(5));
    co_await c->tick.async_wait(redirect_error(use_awaitable, ec));
  }
  // A ticket comes only once the server has finished with us, so it outweighs a close that follows it.
  const bool closed = c->read_result && *c->read_result && c->bytes_read == 0;
  const bool alerted = c->observer.alert_received && *c->observer.alert_received != SSL_AD_CLOSE_NOTIFY;
  if (!c->expired && !c->observer.ticket_received && (closed || alerted)) {
    r.client.accepted = false;
    if (alerted) r.client.alert = alert_name(*c->observer.alert_received);
    r.failure = client_rejected(c->observer, r.client.sent);
  } else if (r.client.sent) {
    r.client.accepted = true;
    r.client.evidence = c->observer.ticket_received ? "session ticket" : (c->bytes_read > 0 ? "data" : "no alert within the wait");
  }
  c->interrupt();
}

// Leaves the gate however the probe ends.
struct GateLeaver {
  explicit GateLeaver(WorkGate* g) : gate(g) {}
  WorkGate* gate;
  ~GateLeaver() {
    if (gate != nullptr) gate->leave();
  }
  GateLeaver(const GateLeaver&) = delete;
  GateLeaver& operator=(const GateLeaver&) = delete;
};

// Waits at the gate with the deadline paused, then gives the deadline what was left of the timeout.
asio::awaitable<void> pass_gate(WorkGate& gate, const std::shared_ptr<Connection>& c, std::chrono::milliseconds timeout,
                                Clock::time_point started) {
  c->timer.cancel();
  const auto used = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - started);
  co_await gate.enter();
  arm_deadline(c, std::max(std::chrono::milliseconds(1), timeout - used));
}

}  // namespace

asio::awaitable<ProbeReport> probe_async(Endpoint endpoint, const ProbeOptions& options, asio::ssl::context& context, WorkGate* gate) {
  ProbeReport r;
  r.endpoint = std::move(endpoint);
  r.sni = sni_for(r.endpoint, options);
  auto c = std::make_shared<Connection>(co_await asio::this_coro::executor, context);
  const auto started = Clock::now();
  arm_deadline(c, options.timeout);
  const auto failed = [&](ProbeFailure f) { r.failure = c->expired ? timeout_failure(c->stage, options.timeout) : std::move(f); };
  boost::system::error_code ec;

  std::vector<tcp::endpoint> addresses;
  if (const auto literal = asio::ip::make_address(r.endpoint.host, ec); !ec) {
    addresses.emplace_back(literal, r.endpoint.port);  // an IP address needs no lookup (nor the resolver's thread)
  } else {
    const auto found = co_await c->resolver.async_resolve(r.endpoint.host, std::to_string(r.endpoint.port),
                                                          redirect_error(use_awaitable, ec));
    if (ec) {
      failed(resolve_failure(r.endpoint.host, ec));
      co_return r;
    }
    for (const auto& entry : found) addresses.push_back(entry.endpoint());
  }

  c->stage = Stage::connect;
  auto t = Clock::now();
  const auto peer = co_await asio::async_connect(c->stream.next_layer(), addresses, redirect_error(use_awaitable, ec));
  if (ec) {
    failed(connect_failure(r.endpoint, ec));
    co_return r;
  }
  r.address = peer.address().to_string();
  r.connect_ms = ms_since(t);
  const GateLeaver leaver{gate};
  if (gate != nullptr) co_await pass_gate(*gate, c, options.timeout, started);

  if (options.starttls != Starttls::none) {
    c->stage = Stage::starttls;
    t = Clock::now();
    const auto domain = !options.starttls_domain.empty() ? options.starttls_domain : (r.sni.empty() ? r.endpoint.host : r.sni);
    if (auto refusal = co_await negotiate_starttls(c->stream.next_layer(), options.starttls, domain)) {
      failed(std::move(*refusal));
      co_return r;
    }
    r.starttls_ms = ms_since(t);
  }

  c->stage = Stage::handshake;
  if (auto prepared = prepare_connection(c->stream.native_handle(), options, r.sni, c->observer); !prepared) {
    r.failure = ProbeFailure{"client_identity", Stage::handshake, prepared.error().message};
    co_return r;
  }
  t = Clock::now();
  co_await c->stream.async_handshake(asio::ssl::stream_base::client, redirect_error(use_awaitable, ec));
  r.client.requested = c->observer.certificate_requested;
  r.client.sent = r.client.requested && options.client != nullptr;
  if (ec) {
    failed(handshake_failure(ec, c->observer, r.client.sent, options));
    if (r.failure->code == "client_certificate_rejected") {
      r.client.accepted = false;
      if (c->observer.alert_received) r.client.alert = alert_name(*c->observer.alert_received);
    }
    co_return r;
  }
  r.handshake_ms = ms_since(t);
  record_session(c->stream.native_handle(), r);

  if (r.client.requested && SSL_version(c->stream.native_handle()) >= TLS1_3_VERSION) {
    const auto left = options.timeout - std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - started);
    co_await await_client_verdict(c, std::min(options.client_verdict_wait, left), r);
  } else if (r.client.sent) {
    r.client.accepted = true;  // TLS 1.2: the server's Finished came after it verified our certificate
    r.client.evidence = "handshake completed";
  }
  c->stage = Stage::done;
  c->timer.cancel();
  c->interrupt();
  co_return r;
}

std::vector<ProbeReport> probe_all(const std::vector<Endpoint>& endpoints, const ProbeOptions& options) {
  std::vector<ProbeReport> reports(endpoints.size());
  for (std::size_t i = 0; i < endpoints.size(); ++i) reports[i].endpoint = endpoints[i];
  try {
    asio::io_context io;
    auto context = make_probe_context();
    for (std::size_t i = 0; i < endpoints.size(); ++i)
      asio::co_spawn(io, probe_async(endpoints[i], options, context), [&reports, i](const std::exception_ptr& e, ProbeReport r) {
        if (!e) reports[i] = std::move(r);
        else reports[i].failure = ProbeFailure{"internal", Stage::connect, "the probe failed unexpectedly"};
      });
    io.run();
  } catch (const std::exception& e) {
    for (auto& r : reports)
      if (!r.failure && r.chain.empty()) r.failure = ProbeFailure{"internal", Stage::connect, std::string("the probe failed unexpectedly: ") + e.what()};
  }
  return reports;
}

ProbeReport probe(const Endpoint& endpoint, const ProbeOptions& options) { return probe_all({endpoint}, options).front(); }

}  // namespace certkeep::net
