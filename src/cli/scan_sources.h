// What `certkeep scan` looks at: files and directories (as `inspect`), and endpoints — named on the
// command line or listed in a file, one "host:port [probe options]" per line.
#pragma once

#include <string>
#include <vector>

#include "cli/probe_flags.h"
#include "core/util/result.h"
#include "net/scanner.h"

namespace certkeep::cli {

struct ScanSources {
  std::vector<std::string> paths;
  std::vector<net::ScanTarget> endpoints;
};

// Splits the command line's inputs: an existing file or directory is a path; otherwise something that
// reads as host:port is an endpoint (probed with `defaults`); anything else is kept as a path, so that
// reading it reports it missing. Then adds the endpoints of `endpoints_file` (when not empty):
//
//   # comment
//   gw.example.test:8443
//   mail.example.test:25 --starttls smtp
//   push-proxy:2195 --client-keystore /etc/certs/apns.p12 --client-password-file /etc/certs/pw --alias apns
//
// Each line takes the probe options of `certkeep scan` (its client keystore options included), which
// override the command line's for that endpoint. Errors name the file and line.
Result<ScanSources> scan_sources(const std::vector<std::string>& inputs, const std::string& endpoints_file,
                                 const ProbeFlags& defaults);

}  // namespace certkeep::cli
