// Naming why a probe failed, in one line an admin acts on, with a stable code for scripts.
#pragma once

#include <chrono>
#include <string>

#include "net/asio.h"
#include "net/probe.h"
#include "net/tls_client.h"

namespace certkeep::net {

ProbeFailure resolve_failure(const std::string& host, const boost::system::error_code& ec);
ProbeFailure connect_failure(const Endpoint& endpoint, const boost::system::error_code& ec);
ProbeFailure timeout_failure(Stage stage, std::chrono::milliseconds timeout);

// The handshake failed with `ec`; `observer` says which alerts went each way and whether the server
// asked for a client certificate; `sent_certificate` whether we had one to give.
ProbeFailure handshake_failure(const boost::system::error_code& ec, const HandshakeObserver& observer,
                               bool sent_certificate, const ProbeOptions& options);

// After a TLS 1.3 handshake in which the server asked for a client certificate, its verdict was an alert
// or a closed connection. `sent_certificate`: whether we had given one.
ProbeFailure client_rejected(const HandshakeObserver& observer, bool sent_certificate);

}  // namespace certkeep::net
