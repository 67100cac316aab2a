#include "gateway/connections.h"

#include <algorithm>
#include <cctype>
#include <variant>

#include <sys/socket.h>

#include <openssl/err.h>
#include <openssl/x509v3.h>

#include "gateway/pipe.h"
#include "net/tls_names.h"

namespace certkeep::gateway {
namespace {

using net::tcp;
using unix_socket = asio::local::stream_protocol::socket;
using tls_stream = asio::ssl::stream<tcp::socket>;
using asio::redirect_error;
using asio::use_awaitable;

void close(tcp::socket& s) {
  boost::system::error_code ignored;
  s.close(ignored);
}
void close(unix_socket& s) {
  boost::system::error_code ignored;
  s.close(ignored);
}
void close(tls_stream& s) { close(s.next_layer()); }

void shutdown_send(tcp::socket& s) {
  boost::system::error_code ignored;
  s.shutdown(tcp::socket::shutdown_send, ignored);
}
void shutdown_send(unix_socket& s) {
  boost::system::error_code ignored;
  s.shutdown(unix_socket::shutdown_send, ignored);
}
// TLS: a close_notify would need the stream to itself, while the other direction may still be reading.
void shutdown_send(tls_stream& s) { close(s); }

// Counts a connection open from construction to destruction.
class OpenConnection {
 public:
  OpenConnection(EndpointStats& stats, std::atomic<std::int64_t>& open) : stats_(stats), open_(open) {
    stats_.connections.fetch_add(1, std::memory_order_relaxed);
    stats_.active.fetch_add(1, std::memory_order_relaxed);
    total_ = open_.fetch_add(1, std::memory_order_relaxed) + 1;
  }
  ~OpenConnection() {
    stats_.active.fetch_sub(1, std::memory_order_relaxed);
    open_.fetch_sub(1, std::memory_order_relaxed);
  }
  OpenConnection(const OpenConnection&) = delete;
  OpenConnection& operator=(const OpenConnection&) = delete;
  [[nodiscard]] std::int64_t total() const { return total_; }

 private:
  EndpointStats& stats_;
  std::atomic<std::int64_t>& open_;
  std::int64_t total_ = 0;
};

// Whether a new connection may proceed: not beyond max_connections (it is counted and closed then).
bool admit(const OpenConnection& open, EndpointStats& stats, const ConnectionLimits& shared, tcp::socket& client) {
  if (open.total() > static_cast<std::int64_t>(shared.limits.max_connections)) {
    stats.refused_over_limit.fetch_add(1, std::memory_order_relaxed);
    return false;
  }
  boost::system::error_code ignored;
  client.set_option(tcp::no_delay(true), ignored);
  return true;
}

// Closes `s` when `timer` expires, unless cancelled first; sets `fired`.
template <typename Stream>
asio::awaitable<void> close_at(asio::steady_timer& timer, Stream& s, bool& fired, Joiner& joiner) {
  boost::system::error_code ec;
  co_await timer.async_wait(redirect_error(use_awaitable, ec));
  if (!ec) {
    fired = true;
    close(s);
  }
  joiner.done();
}

// Runs `op` (an awaitable) with `s` closed if it takes longer than `limit`. Returns whether it timed out.
template <typename Stream, typename Op>
asio::awaitable<bool> with_deadline(Stream& s, std::chrono::milliseconds limit, Op op) {
  const auto ex = co_await asio::this_coro::executor;
  Joiner joiner(ex);
  asio::steady_timer deadline(ex, limit);
  bool fired = false;
  joiner.add();
  asio::co_spawn(ex, close_at(deadline, s, fired, joiner), asio::detached);
  co_await std::move(op);
  deadline.cancel();
  co_await joiner.wait();
  co_return fired;
}

template <typename A, typename B>
asio::awaitable<void> copy_back(B& from, A& to, EndpointStats& stats, Activity& activity, Joiner& joiner) {
  co_await copy(from, to, stats.bytes_to_client, activity);
  close(to);
  close(from);
  joiner.done();
}

template <typename A, typename B>
asio::awaitable<void> watchdog(A& a, B& b, Activity& activity, std::chrono::milliseconds idle, asio::steady_timer& timer, Joiner& joiner) {
  co_await watch_idle(activity, idle, timer, [&] {
    close(a);
    close(b);
  });
  joiner.done();
}

// Relays between the client side `a` and the server side `b` until both directions end. `a`'s end of
// input is passed on as a half-close; `b`'s ends the connection.
template <typename A, typename B>
asio::awaitable<void> relay(A& a, B& b, EndpointStats& stats, std::chrono::milliseconds idle) {
  const auto ex = co_await asio::this_coro::executor;
  Activity activity;
  Joiner back(ex), dog(ex);
  asio::steady_timer idle_timer(ex);
  back.add();
  asio::co_spawn(ex, copy_back(b, a, stats, activity, back), asio::detached);
  dog.add();
  asio::co_spawn(ex, watchdog(a, b, activity, idle, idle_timer, dog), asio::detached);
  const bool clean = co_await copy(a, b, stats.bytes_from_client, activity);
  if (clean) {
    shutdown_send(b);
  } else {
    close(a);
    close(b);
  }
  co_await back.wait();
  activity.finished = true;
  idle_timer.cancel();
  co_await dog.wait();
}

// Connects to host:port within the limit; false on failure or timeout. An IP literal is connected to
// directly; a name is resolved on every connection (DNS may move a backend), within the same limit.
asio::awaitable<bool> connect_tcp(tcp::socket& s, const net::Endpoint& to, std::chrono::milliseconds limit) {
  const auto ex = co_await asio::this_coro::executor;
  boost::system::error_code ec;
  bool timed_out = false;
  if (to.host_is_ip()) {
    const tcp::endpoint where(asio::ip::make_address(to.host, ec), to.port);
    if (ec) co_return false;
    timed_out = co_await with_deadline(s, limit, s.async_connect(where, redirect_error(use_awaitable, ec)));
  } else {
    const auto start = std::chrono::steady_clock::now();
    tcp::resolver resolver(ex);
    const auto addresses = co_await resolver.async_resolve(to.host, std::to_string(to.port), redirect_error(use_awaitable, ec));
    const auto left = limit - std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start);
    if (ec || left <= std::chrono::milliseconds(0)) co_return false;
    timed_out = co_await with_deadline(s, left, asio::async_connect(s, addresses, redirect_error(use_awaitable, ec)));
  }
  if (!ec && !timed_out) s.set_option(tcp::no_delay(true), ec);
  co_return !ec && !timed_out;
}

// Whether the client already closed its side right after the handshake: a close_notify already received
// (processed without blocking from what the handshake read), or the end of its TCP stream. A client that
// checks a certificate and leaves (a monitoring probe, a scanner) then costs the backend no connection.
bool client_left(tls_stream& tls) {
  SSL* ssl = tls.native_handle();
  char byte = 0;
  if (SSL_peek(ssl, &byte, 1) > 0) return false;  // the client has spoken: it stays
  ERR_clear_error();
  if ((SSL_get_shutdown(ssl) & SSL_RECEIVED_SHUTDOWN) != 0) return true;
  const ssize_t n = ::recv(tls.next_layer().native_handle(), &byte, 1, MSG_PEEK | MSG_DONTWAIT);
  return n == 0;
}

void backend_failed(EndpointStats& stats, Log& log, const std::string& endpoint, const std::string& backend) {
  stats.backend_failures.fetch_add(1, std::memory_order_relaxed);
  log.event(Level::warning, "backend_unreachable", {{"endpoint", endpoint}, {"backend", backend}});
}

std::string words(const char* text) {
  std::string out = text != nullptr ? text : "unknown";
  std::ranges::transform(out, out.begin(), [](char c) { return c == ' ' ? '_' : static_cast<char>(std::tolower(static_cast<unsigned char>(c))); });
  return out;
}

}  // namespace

std::string handshake_failure_reason(const boost::system::error_code& ec, SSL* ssl, bool timed_out) {
  if (timed_out) return "timeout";
  if (ec == asio::error::eof || ec == asio::ssl::error::stream_truncated || ec == asio::error::connection_reset) return "peer_closed";
  if (ec.category() != asio::error::get_ssl_category()) return words(ec.message().c_str());
  const int reason = ERR_GET_REASON(static_cast<unsigned long>(ec.value()));
  switch (reason) {
    case SSL_R_NO_SHARED_CIPHER: return "no_shared_cipher";
    case SSL_R_UNSUPPORTED_PROTOCOL:
    case SSL_R_VERSION_TOO_LOW:
    case SSL_R_VERSION_TOO_HIGH:
    case SSL_R_WRONG_VERSION_NUMBER: return "protocol_version";
    case SSL_R_HTTP_REQUEST: return "plain_http";
    case SSL_R_PEER_DID_NOT_RETURN_A_CERTIFICATE: return "client_certificate_required";
    case SSL_R_CERTIFICATE_VERIFY_FAILED: {
      const long v = SSL_get_verify_result(ssl);
      if (v == X509_V_ERR_CERT_HAS_EXPIRED) return "certificate_expired";
      if (v == X509_V_ERR_CERT_NOT_YET_VALID) return "certificate_not_yet_valid";
      if (v == X509_V_ERR_HOSTNAME_MISMATCH || v == X509_V_ERR_IP_ADDRESS_MISMATCH) return "name_mismatch";
      return "certificate_verify_failed";
    }
    default: break;
  }
  if (reason > SSL_AD_REASON_OFFSET && reason < SSL_AD_REASON_OFFSET + 256) return "alert_" + net::alert_name(reason - SSL_AD_REASON_OFFSET);
  return words(ERR_reason_error_string(static_cast<unsigned long>(ec.value())));
}

asio::awaitable<void> serve_inbound(InboundEndpoint& endpoint, ConnectionLimits shared, tcp::socket client) {
  auto& stats = endpoint.stats();
  const OpenConnection open(stats, shared.open);
  if (!admit(open, stats, shared, client)) co_return;
  boost::system::error_code ec;
  const auto serving = endpoint.serving();
  asio::ssl::context context(ossl::up_ref(serving->certificates().front()->context.get()).release());
  tls_stream tls(std::move(client), context);
  serving->attach(tls.native_handle());
  const bool timed_out =
      co_await with_deadline(tls, shared.limits.handshake_timeout, tls.async_handshake(tls_stream::server, redirect_error(use_awaitable, ec)));
  if (ec || timed_out) {
    stats.handshake_failed(handshake_failure_reason(ec, tls.native_handle(), timed_out));
    co_return;
  }
  stats.handshakes.fetch_add(1, std::memory_order_relaxed);
  if (SSL_session_reused(tls.native_handle()) == 1) stats.resumed.fetch_add(1, std::memory_order_relaxed);

  if (client_left(tls)) co_return;

  const auto& config = endpoint.config();
  const auto ex = co_await asio::this_coro::executor;
  if (config.backend.tcp) {
    tcp::socket backend(ex);
    if (!co_await connect_tcp(backend, *config.backend.tcp, shared.limits.connect_timeout))
      co_return backend_failed(stats, shared.log, config.name, config.backend.text());
    co_await relay(tls, backend, stats, shared.limits.idle_timeout);
  } else {
    unix_socket backend(ex);
    const asio::local::stream_protocol::endpoint where(config.backend.unix_path);
    const bool late = co_await with_deadline(backend, shared.limits.connect_timeout, backend.async_connect(where, redirect_error(use_awaitable, ec)));
    if (ec || late) co_return backend_failed(stats, shared.log, config.name, config.backend.text());
    co_await relay(tls, backend, stats, shared.limits.idle_timeout);
  }
}

asio::awaitable<void> serve_outbound(OutboundEndpoint& endpoint, ConnectionLimits shared, tcp::socket client) {
  auto& stats = endpoint.stats();
  const OpenConnection open(stats, shared.open);
  if (!admit(open, stats, shared, client)) co_return;
  boost::system::error_code ec;
  const auto& config = endpoint.config();
  const auto ex = co_await asio::this_coro::executor;
  const auto side = endpoint.client();
  asio::ssl::context context(ossl::up_ref(side->context.get()).release());
  tls_stream upstream(tcp::socket(ex), context);
  if (!co_await connect_tcp(upstream.next_layer(), config.upstream, shared.limits.connect_timeout))
    co_return backend_failed(stats, shared.log, config.name, config.upstream.text());
  SSL* ssl = upstream.native_handle();
  if (!config.sni.empty()) SSL_ctrl(ssl, SSL_CTRL_SET_TLSEXT_HOSTNAME, TLSEXT_NAMETYPE_host_name, const_cast<char*>(config.sni.c_str()));
  X509_VERIFY_PARAM* param = SSL_get0_param(ssl);
  if (net::Endpoint{config.verify_name, 0}.host_is_ip()) X509_VERIFY_PARAM_set1_ip_asc(param, config.verify_name.c_str());
  else SSL_set1_host(ssl, config.verify_name.c_str());
  const bool timed_out =
      co_await with_deadline(upstream, shared.limits.handshake_timeout, upstream.async_handshake(tls_stream::client, redirect_error(use_awaitable, ec)));
  if (ec || timed_out) {
    const auto reason = handshake_failure_reason(ec, ssl, timed_out);
    stats.handshake_failed(reason);
    shared.log.event(Level::warning, "upstream_handshake_failed", {{"endpoint", config.name}, {"upstream", config.upstream.text()}, {"reason", reason}});
    co_return;
  }
  stats.handshakes.fetch_add(1, std::memory_order_relaxed);
  co_await relay(client, upstream, stats, shared.limits.idle_timeout);
}

}  // namespace certkeep::gateway
