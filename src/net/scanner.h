// Many probes at once, spread over a few threads, each endpoint with its own timeout. Connecting is not
// work: up to `max_open` probes connect at once, and `concurrency` bounds how many do TLS work at once
// (time waiting for that does not count against a probe's timeout). A probe still working after
// `park_after` is waiting on a slow server and gives its place up. So dead endpoints neither hold up
// the live ones nor queue behind each other: a scan takes about the timeout plus the live endpoints' time.
#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <vector>

#include "net/probe.h"

namespace certkeep::net {

struct ScanTarget {
  Endpoint endpoint;
  ProbeOptions options;
};

struct ScanOptions {
  std::size_t concurrency = 64;  // probes doing TLS work at once
  unsigned threads = 0;          // event loops; 0: one per core (at most `concurrency`)
  std::chrono::milliseconds park_after{250};  // a probe working this long gives its place up
  std::size_t max_open = 0;      // connections open at most; 0: 8 x concurrency
};

// Probes every target and hands each report to `sink` as soon as it is done, with its index in
// `targets`. `sink` is called from several threads at once (one per event loop): it must synchronise
// what it shares. Returns when all are done.
void scan_endpoints(const std::vector<ScanTarget>& targets, const ScanOptions& options,
                    const std::function<void(std::size_t, ProbeReport&&)>& sink);

}  // namespace certkeep::net
