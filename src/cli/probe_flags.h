// The options that shape one probe (`certkeep probe` and each endpoint of `certkeep scan`): SNI, ALPN,
// TLS versions, STARTTLS, timeout, and the client certificate.
#pragma once

#include <memory>
#include <string>

#include <CLI/CLI.hpp>

#include "cli/store_file.h"
#include "core/util/result.h"
#include "net/probe.h"

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

}  // namespace certkeep::cli
