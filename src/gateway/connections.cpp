#include "gateway/connections.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <cerrno>
#include <variant>

#include <openssl/err.h>
#include <openssl/x509v3.h>

#include "gateway/pipe.h"
#include "net/tls_names.h"

namespace certkeep::gateway {
namespace {

using net::tcp;
using unix_socket = asio::local::stream_protocol::socket;
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
void close(TlsSocket& s) { s.close(); }

void shutdown_send(tcp::socket& s) {
  boost::system::error_code ignored;
  s.shutdown(tcp::socket::shutdown_send, ignored);
}
void shutdown_send(unix_socket& s) {
  boost::system::error_code ignored;
  s.shutdown(unix_socket::shutdown_send, ignored);
}
void shutdown_send(TlsSocket& s) { s.shutdown_send(); }

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

// Runs `op` (an awaitable) with `s` closed if it takes longer than `limit`. Returns whether it timed out.
// The timer's wait is started before `op` runs, so that an `op` that completes without ever suspending
// (TLS data already there) cancels it.
template <typename Stream, typename Op>
asio::awaitable<bool> with_deadline(Stream& s, std::chrono::milliseconds limit, Op op) {
  const auto ex = co_await asio::this_coro::executor;
  Joiner joiner(ex);
  asio::steady_timer deadline(ex, limit);
  bool finished = false, fired = false;
  joiner.add();
  deadline.async_wait([&](const boost::system::error_code& ec) {
    if (!ec && !finished) {
      fired = true;
      close(s);
    }
    joiner.done();
  });
  co_await std::move(op);
  finished = true;
  deadline.cancel();
  co_await joiner.wait();
  co_return fired;
}

asio::awaitable<void> discard_until_end(tcp::socket& s) {
  std::array<char, 4096> sink{};
  boost::system::error_code ec;
  while (!ec) co_await s.async_read_some(asio::buffer(sink), redirect_error(use_awaitable, ec));
}

// After a failed handshake our alert is sent, but the client may have sent more (a TLS 1.3 client sends
// its first request before it reads our verdict on its certificate). Closing with unread bytes makes the
// kernel answer with a reset, which can destroy the alert before the client reads it. So the sending
// side ends first, and whatever arrives is dropped until the client closes, for at most a second.
asio::awaitable<void> linger(tcp::socket& s) {
  boost::system::error_code ignored;
  s.shutdown(tcp::socket::shutdown_send, ignored);
  co_await with_deadline(s, std::chrono::seconds(1), discard_until_end(s));
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

// Whether the client already closed its side right after the handshake: one non-blocking look at the
// socket (SSL_peek) finds its close_notify or the end of its TCP stream. A client that checks a
// certificate and leaves (a monitoring probe, a scanner) then costs the backend no connection.
bool client_left(TlsSocket& tls) {
  SSL* ssl = tls.native_handle();
  char byte = 0;
  tls.read_available();
  ERR_clear_error();
  errno = 0;
  const int r = SSL_peek(ssl, &byte, 1);
  if (r > 0) return false;  // the client has spoken: it stays
  const int error = SSL_get_error(ssl, r);
  const bool ended = error == SSL_ERROR_ZERO_RETURN ||                                                   // close_notify
                     (error == SSL_ERROR_SSL && ERR_GET_REASON(ERR_peek_error()) == SSL_R_UNEXPECTED_EOF_WHILE_READING) ||
                     (error == SSL_ERROR_SYSCALL && errno == 0);                                         // end of stream
  ERR_clear_error();
  return ended;
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
  TlsSocket tls(std::move(client), serving->certificates().front()->context.get(), TlsSocket::Side::server);
  serving->attach(tls.native_handle());
  const bool timed_out = co_await with_deadline(tls, shared.limits.handshake_timeout, tls.handshake(ec));
  if (ec || timed_out) {
    const auto reason = handshake_failure_reason(ec, tls.native_handle(), timed_out);
    stats.handshake_failed(reason);
    if (!timed_out && reason != "peer_closed") co_await linger(tls.next_layer());
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
  tcp::socket connected(ex);
  if (!co_await connect_tcp(connected, config.upstream, shared.limits.connect_timeout))
    co_return backend_failed(stats, shared.log, config.name, config.upstream.text());
  TlsSocket upstream(std::move(connected), side->context.get(), TlsSocket::Side::client);
  SSL* ssl = upstream.native_handle();
  if (!config.sni.empty()) SSL_ctrl(ssl, SSL_CTRL_SET_TLSEXT_HOSTNAME, TLSEXT_NAMETYPE_host_name, const_cast<char*>(config.sni.c_str()));
  X509_VERIFY_PARAM* param = SSL_get0_param(ssl);
  if (net::Endpoint{config.verify_name, 0}.host_is_ip()) X509_VERIFY_PARAM_set1_ip_asc(param, config.verify_name.c_str());
  else SSL_set1_host(ssl, config.verify_name.c_str());
  const bool timed_out = co_await with_deadline(upstream, shared.limits.handshake_timeout, upstream.handshake(ec));
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
