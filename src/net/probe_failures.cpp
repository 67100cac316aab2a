#include "net/probe_failures.h"

#include <fmt/format.h>
#include <openssl/err.h>
#include <openssl/ssl.h>

#include "net/tls_names.h"

namespace certkeep::net {
namespace {

std::string seconds(std::chrono::milliseconds d) {
  return d.count() % 1000 == 0 ? fmt::format("{} s", d.count() / 1000) : fmt::format("{:.1f} s", static_cast<double>(d.count()) / 1000.0);
}

ProbeFailure at(Stage stage, std::string code, std::string message) { return {std::move(code), stage, std::move(message)}; }

std::string version_range(const ProbeOptions& o) {
  if (o.min_version != 0 && o.min_version == o.max_version) return "only " + tls_version_name(o.min_version);
  std::string r;
  if (o.min_version != 0) r += tls_version_name(o.min_version) + " or newer";
  if (o.max_version != 0) r += (r.empty() ? "" : ", ") + tls_version_name(o.max_version) + " or older";
  return r.empty() ? "the versions this client allows" : r;
}

ProbeFailure alert_failure(int alert, const HandshakeObserver& o, bool sent_certificate, const ProbeOptions& options) {
  const auto name = alert_name(alert);
  if (alert == SSL_AD_PROTOCOL_VERSION)
    return at(Stage::handshake, "protocol_version",
              "protocol version mismatch: the server refused " + version_range(options) + " (alert protocol_version)");
  if (o.certificate_requested && sent_certificate && is_client_certificate_rejection(alert))
    return at(Stage::handshake, "client_certificate_rejected", "server rejected our client certificate: " + name);
  if (o.certificate_requested && !sent_certificate &&
      (alert == 116 || alert == SSL_AD_HANDSHAKE_FAILURE || is_client_certificate_rejection(alert)))
    return at(Stage::handshake, "client_certificate_required",
              "server requires a client certificate (alert " + name + "); give one with --client-keystore");
  if (alert == SSL_AD_UNRECOGNIZED_NAME)
    return at(Stage::handshake, "tls_alert", "server does not know the name we asked for (alert unrecognized_name); check --sni");
  if (alert == 120)
    return at(Stage::handshake, "tls_alert", "server supports none of the ALPN protocols we offered (alert no_application_protocol)");
  return at(Stage::handshake, "tls_alert", "server sent TLS alert " + name);
}

}  // namespace

ProbeFailure resolve_failure(const std::string& host, const boost::system::error_code& ec) {
  if (ec == asio::error::host_not_found || ec == asio::error::no_data)
    return at(Stage::resolve, "dns_failure", "DNS lookup failed: no address for host name \"" + host + "\"");
  if (ec == asio::error::host_not_found_try_again)
    return at(Stage::resolve, "dns_failure", "DNS lookup failed: the name server did not answer for \"" + host + "\" (try again later)");
  return at(Stage::resolve, "dns_failure", "DNS lookup of \"" + host + "\" failed: " + ec.message());
}

ProbeFailure connect_failure(const Endpoint& e, const boost::system::error_code& ec) {
  if (ec == asio::error::connection_refused)
    return at(Stage::connect, "connection_refused",
              fmt::format("connection refused: nothing listens on port {} of {}, or a firewall rejects it", e.port, e.host));
  if (ec == asio::error::host_unreachable || ec == asio::error::network_unreachable)
    return at(Stage::connect, "unreachable", "no route to " + e.host + ": " + ec.message());
  if (ec == asio::error::timed_out) return at(Stage::connect, "connect_timeout", "timed out connecting (the host is down or the port is filtered)");
  return at(Stage::connect, "connect_failed", "cannot connect: " + ec.message());
}

ProbeFailure timeout_failure(Stage stage, std::chrono::milliseconds timeout) {
  const auto limit = seconds(timeout);
  switch (stage) {
    case Stage::resolve: return at(stage, "dns_timeout", "timed out after " + limit + " looking up the host name");
    case Stage::connect:
      return at(stage, "connect_timeout", "timed out after " + limit + " connecting (the host is down or the port is filtered)");
    case Stage::starttls:
      return at(stage, "starttls_timeout", "timed out after " + limit + " in the plain-text exchange before STARTTLS (wrong protocol?)");
    case Stage::handshake:
    case Stage::client_verdict:
    case Stage::done:
      break;
  }
  return at(Stage::handshake, "handshake_timeout",
            "timed out after " + limit + " in the TLS handshake: the server accepted the connection but did not answer");
}

ProbeFailure handshake_failure(const boost::system::error_code& ec, const HandshakeObserver& o, bool sent_certificate,
                               const ProbeOptions& options) {
  if (o.alert_received && *o.alert_received != SSL_AD_CLOSE_NOTIFY) return alert_failure(*o.alert_received, o, sent_certificate, options);
  if (ec == asio::error::eof || ec == asio::ssl::error::stream_truncated || ec == asio::error::connection_reset) {
    if (o.certificate_requested && sent_certificate)
      return at(Stage::handshake, "client_certificate_rejected", "server closed the connection after receiving our client certificate");
    return at(Stage::handshake, "handshake_closed",
              "server closed the connection during the TLS handshake (it does not speak TLS on this port, or it refused us)");
  }
  if (ec.category() == asio::error::get_ssl_category()) {
    const int reason = ERR_GET_REASON(static_cast<unsigned long>(ec.value()));
    if (reason == SSL_R_WRONG_VERSION_NUMBER || reason == SSL_R_PACKET_LENGTH_TOO_LONG || reason == SSL_R_RECORD_LENGTH_MISMATCH)
      return at(Stage::handshake, "not_tls",
                "the server did not answer with TLS (a plain-text service on this port? try --starttls)");
    if (reason == SSL_R_UNSUPPORTED_PROTOCOL || reason == SSL_R_NO_PROTOCOLS_AVAILABLE)
      return at(Stage::handshake, "protocol_version", "protocol version mismatch: the server offered a version outside " + version_range(options));
    if (o.alert_sent)
      return at(Stage::handshake, "tls_error", "TLS handshake failed: " + ec.message() + " (we sent alert " + alert_name(*o.alert_sent) + ")");
  }
  return at(Stage::handshake, "tls_error", "TLS handshake failed: " + ec.message());
}

ProbeFailure client_rejected(const HandshakeObserver& o, bool sent_certificate) {
  const bool alerted = o.alert_received && *o.alert_received != SSL_AD_CLOSE_NOTIFY;
  const auto alert = alerted ? alert_name(*o.alert_received) : std::string();
  if (!sent_certificate)
    return at(Stage::client_verdict, "client_certificate_required",
              "server requires a client certificate" + (alerted ? " (alert " + alert + ")" : std::string()) + "; give one with --client-keystore");
  if (alerted) return at(Stage::client_verdict, "client_certificate_rejected", "server rejected our client certificate: " + alert);
  return at(Stage::client_verdict, "client_certificate_rejected",
            "server closed the connection right after the handshake, without a word: it probably rejected our client certificate");
}

}  // namespace certkeep::net
