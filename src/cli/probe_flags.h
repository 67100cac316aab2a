// The options that shape one probe (`certkeep probe` and each endpoint of `certkeep scan`): SNI, ALPN,
// TLS versions, STARTTLS, timeout, and the client certificate.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "cli/report.h"
#include "cli/store_file.h"
#include "core/util/result.h"
#include "net/probe.h"
#include "net/probe_verdict.h"

namespace certkeep::cli {

struct ProbeFlags {
  std::string sni;
  bool no_sni = false;
  std::string alpn;
  std::string min_tls, max_tls;
  std::string starttls, starttls_domain;
  std::string timeout = "10s";
  StoreOptions client;  // client.file: --client-keystore
  std::string alias;

  // The client keystore's password options are --<password_prefix>password-file etc. (`scan` uses
  // "client-", since its own --password-* open the keystores it scans).
  void add_to(CLI::App& cmd, const std::string& password_prefix = "");

  // The probe options these flags describe, without the client identity. Errors are `invalid` and name
  // the option.
  Result<net::ProbeOptions> resolve() const;
  // The --client-keystore identity (null without one); errors name the keystore.
  Result<std::shared_ptr<const net::ClientIdentity>> client_identity() const;
};

// What endpoint certificates are judged against: --ca-file, --system-store, --no-name-check.
struct TrustFlags {
  std::vector<std::string> ca_files;
  bool system_store = false;
  bool no_name_check = false;

  void add_to(CLI::App& cmd);

  // The anchors of --ca-file, plus the system's trusted CAs when asked or when no CA file is given (as a
  // browser would), and the judgement `j`. Errors name the CA file.
  Result<net::VerdictOptions> resolve(const Judgement& j) const;
};

}  // namespace certkeep::cli
