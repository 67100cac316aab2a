// The gateway's configuration (TOML, docs/gateway.md; a commented example in examples/gateway.toml), parsed
// into plain values. Relative paths are taken relative to the configuration file's directory.
#pragma once

#include <chrono>
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "core/util/result.h"
#include "net/endpoint.h"

namespace certkeep::gateway {

using std::chrono::milliseconds;

// Where a keystore's password comes from: a file (first line; a trailing newline is not part of it), an
// environment variable, or nowhere (PEM files, stores without a password). Never the configuration itself.
struct PasswordSource {
  std::string file;
  std::string env;
};

// A certificate the gateway presents, from a key entry of any keystore certkeep reads.
struct CertificateSource {
  std::string keystore;           // path
  std::string alias;              // empty: the store's only key entry
  PasswordSource password;
  std::vector<std::string> names;  // inbound: the SNI names it serves, each of which it must cover
  std::vector<std::string> ca_files;  // anchors its chain must verify against (with the store's trusted entries)
  bool system_store = false;       // ... and the system's trust anchors
};

enum class ClientAuth { none, optional, required };

struct TlsPolicy {
  int min_version = 0;      // TLS1_2_VERSION etc.; 0: TLS 1.2
  int max_version = 0;      // 0: the library's highest
  std::string ciphers;      // TLS 1.2 and below (OpenSSL cipher list); empty: OpenSSL's default
  std::string ciphersuites; // TLS 1.3; empty: OpenSSL's default
};

// A backend is a TCP endpoint or a unix socket ("unix:/run/app.sock").
struct Backend {
  std::optional<net::Endpoint> tcp;
  std::string unix_path;
  [[nodiscard]] std::string text() const;
};

struct Inbound {
  std::string name;
  net::Endpoint listen;
  Backend backend;
  TlsPolicy tls;
  ClientAuth client_auth = ClientAuth::none;
  std::vector<std::string> client_ca_files;
  std::vector<CertificateSource> certificates;  // the first is served when no name matches the SNI
};

struct Outbound {
  std::string name;
  net::Endpoint listen;   // plain TCP, normally on loopback
  net::Endpoint upstream;
  std::string sni;        // default: the upstream host unless it is an IP literal
  TlsPolicy tls;
  std::vector<std::string> ca_files;  // anchors to verify the upstream; none: the system store
  std::string verify_name;            // name the upstream's certificate must cover; default: sni or host
  std::optional<CertificateSource> client_certificate;
};

struct Limits {
  std::size_t max_connections = 10000;  // per gateway, inbound and outbound together
  milliseconds handshake_timeout{10000};
  milliseconds connect_timeout{5000};   // to a backend or upstream
  milliseconds idle_timeout{300000};    // a proxied connection with no traffic either way
  milliseconds drain_timeout{30000};    // SIGTERM: how long established connections may finish
};

enum class LogFormat { text, json };

struct Config {
  std::string source;     // the file it was read from
  unsigned threads = 0;   // event loops; 0: one per core
  std::optional<net::Endpoint> admin;  // GET /status, /metrics, /healthz; POST /reload
  Limits limits;
  milliseconds ticket_rotation{3600000};  // session ticket keys: a new one this often, the previous still accepted
  milliseconds reload_delay{50};          // file changes within this window make one reload
  LogFormat log_format = LogFormat::text;
  std::vector<Inbound> inbound;
  std::vector<Outbound> outbound;
};

// Parses `text`, read from `source` (relative paths resolve against its directory). Errors are
// `invalid` and read "FILE:LINE:COL: what is wrong" (or "FILE: ..." for a whole-file problem).
Result<Config> parse_config(std::string_view text, const std::string& source);

// Reads and parses the file.
Result<Config> load_config(const std::string& path);

}  // namespace certkeep::gateway
