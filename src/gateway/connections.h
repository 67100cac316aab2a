// One accepted connection, from accept to close: inbound (TLS from a client, plain to the backend) and
// outbound (plain from a local client, TLS to the upstream with our client certificate). Each runs as a
// coroutine on the event loop that accepted it; nothing in a connection is shared with another thread
// except the endpoint's counters (atomics) and the immutable contexts it handshakes with.
#pragma once

#include <atomic>
#include <cstdint>
#include <string>

#include "gateway/config.h"
#include "gateway/endpoints.h"
#include "gateway/log.h"
#include "net/asio.h"

namespace certkeep::gateway {

struct ConnectionLimits {
  const Limits& limits;
  std::atomic<std::int64_t>& open;  // every connection of the gateway, against limits.max_connections
  Log& log;
};

net::asio::awaitable<void> serve_inbound(InboundEndpoint& endpoint, ConnectionLimits shared, net::tcp::socket client);
net::asio::awaitable<void> serve_outbound(OutboundEndpoint& endpoint, ConnectionLimits shared, net::tcp::socket client);

// Why a handshake failed, as a short stable word for metrics: "timeout", "client_closed",
// "certificate_expired" (the peer's certificate), "no_shared_cipher", "protocol_version",
// "client_certificate_required", "certificate_verify_failed", "alert_<name>", or OpenSSL's reason text.
std::string handshake_failure_reason(const boost::system::error_code& ec, SSL* ssl, bool timed_out);

}  // namespace certkeep::gateway
