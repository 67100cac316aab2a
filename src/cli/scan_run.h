// One scan: read every file, probe every endpoint, and gather what was found into one inventory, plus
// the places that could not be read or reached.
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <vector>

#include "cli/report.h"
#include "cli/scan_sources.h"
#include "core/inventory/certificate_index.h"
#include "core/inventory/inventory.h"
#include "net/probe_verdict.h"

namespace certkeep::cli {

struct ScanProblem {
  Location::Kind kind = Location::Kind::file;
  std::string where;
  std::string code;     // the probe's verdict code, or the file error's category
  std::string message;
  bool unreadable = false;  // a file that could not be read (UNKNOWN), rather than a failing endpoint (CRITICAL)
};

struct EndpointOutcome {
  std::string endpoint;
  bool success = false;     // connected, handshake done, chain verified, name matched
  std::string code;         // "ok" or the verdict's code
  double seconds = 0;       // connect + STARTTLS + handshake
};

struct ScanResult {
  UnixTime at = 0;
  double seconds = 0;
  CertificateIndex index;
  std::vector<ScanProblem> problems;
  std::vector<EndpointOutcome> endpoints;  // in the order given
  std::vector<std::pair<std::string, bool>> files;  // path, read
  std::vector<std::string> default_passwords;        // keystores that opened with a well-known default password
};

struct ScanSettings {
  std::vector<PasswordCandidate> passwords;     // for the keystores scanned
  unsigned threads = 0;                         // file readers
  net::ScanOptions network;                     // concurrency
  net::VerdictOptions verdict;                  // the moment, the expiry policy, trust anchors, name check
};

// Progress: (done, total) after each endpoint or file.
using ScanProgress = std::function<void(std::size_t done, std::size_t total)>;

ScanResult run_scan(const ScanSources& sources, const ScanSettings& settings, const ScanProgress& progress);

}  // namespace certkeep::cli
