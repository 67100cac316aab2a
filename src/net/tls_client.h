// The client side of a probe's TLS: one SSL_CTX shared by every probe (read-only once made, so threads
// may share it), and per connection an observer of what OpenSSL reports through callbacks: alerts,
// the server's certificate request, session tickets.
#pragma once

#include <optional>

#include "core/util/result.h"
#include "net/asio.h"
#include "net/probe.h"

namespace certkeep::net {

struct HandshakeObserver {
  std::optional<int> alert_received;  // description of the first fatal alert the server sent
  std::optional<int> alert_sent;      // ... and of the one we sent
  bool certificate_requested = false;
  bool ticket_received = false;       // a TLS 1.3 NewSessionTicket (the server finished with us)
};

// A probing client context: no verification during the handshake (probe_verdict.h judges the chain
// afterwards, so an untrusted server is still seen and reported), client session tickets observed but
// never stored.
asio::ssl::context make_probe_context();

// Prepares a new connection's SSL: SNI, ALPN, protocol versions, status_request, the client identity,
// and `observer` (which must outlive the connection). Fails with `invalid` when OpenSSL refuses one of
// them (a client key it cannot use, an empty ALPN protocol).
Result<void> prepare_connection(SSL* ssl, const ProbeOptions& options, const std::string& sni,
                                HandshakeObserver& observer);

// What the finished handshake negotiated, copied into `report`.
void record_session(SSL* ssl, ProbeReport& report);

}  // namespace certkeep::net
