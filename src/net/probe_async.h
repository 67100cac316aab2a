// The probe as a coroutine, for running many at once on one io_context (scan). probe.h's probe() runs
// one of these to completion.
#pragma once

#include "net/asio.h"
#include "net/probe.h"

namespace certkeep::net {

// A scanner's say in how many probes work at once. Connecting is waiting, not work, so it happens
// before the gate; the STARTTLS exchange and the TLS handshake happen inside.
class WorkGate {
 public:
  WorkGate() = default;
  virtual ~WorkGate() = default;
  WorkGate(const WorkGate&) = delete;
  WorkGate& operator=(const WorkGate&) = delete;

  virtual asio::awaitable<void> enter() = 0;  // returns when the probe may work
  virtual void leave() = 0;                   // done working (or given up); a second call does nothing
};

// Probes `endpoint` on the calling coroutine's executor with connections made from `context` (see
// tls_client.h's make_probe_context). Never throws for network or TLS failures: they are in the report.
// With a `gate`, the probe connects freely, then enters the gate before its STARTTLS exchange and
// handshake and leaves it when done; time spent waiting at the gate does not count against its timeout.
asio::awaitable<ProbeReport> probe_async(Endpoint endpoint, const ProbeOptions& options, asio::ssl::context& context,
                                         class WorkGate* gate = nullptr);

}  // namespace certkeep::net
