// One TLS probe of one endpoint: connect, optionally STARTTLS, handshake with SNI/ALPN/versions and an
// optional client certificate, and record what the server served. The probe collects facts only; judging
// them (chain verification, host name, expiry, OCSP) is probe_verdict.h, so the same facts can be judged
// at any --at time and against any trust anchors.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/util/result.h"
#include "core/x509/certificate.h"
#include "core/x509/private_key.h"
#include "net/endpoint.h"

namespace certkeep::net {

// Protocols that start in plain text and switch to TLS on request.
enum class Starttls {
  none,
  smtp,         // RFC 3207: EHLO, STARTTLS
  xmpp,         // RFC 6120 section 5, client-to-server stream (jabber:client)
  xmpp_server,  // the same on a server-to-server (federation) stream (jabber:server)
  postgres,     // PostgreSQL SSLRequest
};

// "smtp", "xmpp", "xmpp-server", "postgres": stable, used on the command line and in JSON.
std::string_view to_string(Starttls s);
std::optional<Starttls> parse_starttls(std::string_view text);
// The usual port of a STARTTLS protocol (25, 5222, 5269, 5432), or 443 for none.
std::uint16_t default_port(Starttls s);

// The certificate and key a probe presents when the server asks for one (mutual TLS).
struct ClientIdentity {
  PrivateKey key;
  std::vector<Certificate> chain;  // leaf first
};

struct ProbeOptions {
  std::optional<std::string> sni;       // server name to send; default: the host, unless it is an IP literal
  bool send_sni = true;                 // false: --no-sni
  std::vector<std::string> alpn;        // protocols to offer, in order of preference
  int min_version = 0;                  // TLS1_2_VERSION etc.; 0 = library default
  int max_version = 0;
  Starttls starttls = Starttls::none;
  std::string starttls_domain;          // XMPP stream 'to' (default: the SNI name, else the host)
  std::shared_ptr<const ClientIdentity> client;
  bool request_ocsp = true;             // send status_request, to see an OCSP staple
  std::chrono::milliseconds timeout{10000};  // for the whole probe, every stage included
  // With a client certificate on TLS 1.3 the server judges it after our handshake has finished; wait this
  // long for its verdict (a session ticket or data means accepted, an alert rejected).
  std::chrono::milliseconds client_verdict_wait{1000};
};

// Where a probe was when it stopped.
enum class Stage { resolve, connect, starttls, handshake, client_verdict, done };
std::string_view to_string(Stage s);

struct ProbeFailure {
  std::string code;     // stable: dns_failure, connection_refused, connect_timeout, handshake_timeout, ...
  Stage stage = Stage::connect;
  std::string message;  // one line, in words an admin acts on
};

struct ClientCertificateOutcome {
  bool requested = false;         // the server sent CertificateRequest
  bool sent = false;              // we answered with a certificate
  std::optional<bool> accepted;   // known only when a certificate was requested
  std::string alert;              // the alert that rejected it, by its RFC 8446 name
  std::string evidence;           // what showed acceptance: "session ticket", "handshake completed", ...
};

struct ProbeReport {
  Endpoint endpoint;
  std::string sni;                 // as sent; empty when none
  std::string address;             // the address connected to
  std::optional<double> connect_ms, starttls_ms, handshake_ms;
  std::string protocol, cipher, group, alpn;  // empty until the handshake finished
  std::vector<std::uint8_t> ocsp_response;     // the stapled response, DER; empty when none
  std::vector<Certificate> chain;             // as served, leaf first
  ClientCertificateOutcome client;
  std::optional<ProbeFailure> failure;

  [[nodiscard]] bool connected() const { return failure == std::nullopt || failure->stage > Stage::connect; }
};

// Probes `endpoint` and returns when done or when `options.timeout` expires. Never throws; every failure
// is in the report.
ProbeReport probe(const Endpoint& endpoint, const ProbeOptions& options);

// Probes every endpoint at once (each with its own timeout) on the calling thread; reports in the order
// of `endpoints`.
std::vector<ProbeReport> probe_all(const std::vector<Endpoint>& endpoints, const ProbeOptions& options);

}  // namespace certkeep::net
