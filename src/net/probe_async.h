// The probe as a coroutine, for running many at once on one io_context (scan). probe.h's probe() runs
// one of these to completion.
#pragma once

#include "net/asio.h"
#include "net/probe.h"

namespace certkeep::net {

// Probes `endpoint` on the calling coroutine's executor with connections made from `context` (see
// tls_client.h's make_probe_context). Never throws for network or TLS failures: they are in the report.
asio::awaitable<ProbeReport> probe_async(Endpoint endpoint, const ProbeOptions& options, asio::ssl::context& context);

}  // namespace certkeep::net
