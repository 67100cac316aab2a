// Many probes at once: bounded concurrency spread over a few threads, each endpoint with its own timeout,
// so a dead endpoint holds one slot for at most its timeout and never delays the others.
#pragma once

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
  std::size_t concurrency = 64;  // probes in flight at most
  unsigned threads = 0;          // event loops; 0: one per core (at most `concurrency`)
};

// Probes every target and hands each report to `sink` as soon as it is done, with its index in
// `targets`. `sink` is called from several threads at once (one per event loop): it must synchronise
// what it shares. Returns when all are done.
void scan_endpoints(const std::vector<ScanTarget>& targets, const ScanOptions& options,
                    const std::function<void(std::size_t, ProbeReport&&)>& sink);

}  // namespace certkeep::net
