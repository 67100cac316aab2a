// Certification path building and validation (RFC 5280 section 6) the way a careful TLS client does it:
// OpenSSL's X509_verify_cert in strict mode, plus the RFC 5280 and CA/Browser Forum profile rules that
// OpenSSL 3.0 leaves unchecked (core/x509/strict.h). Results are data: the built chain and every problem
// found, each with a stable code (docs/verify.md lists them all). No I/O: the caller supplies the trust
// anchors (see verify_system_store.h for the system's) and the moment to validate at.
#pragma once

#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/util/clock.h"
#include "core/util/result.h"
#include "core/x509/certificate.h"
#include "core/x509/crl.h"

namespace certkeep {

// What the leaf certificate is to be used for (RFC 5280 4.2.1.12 extended key usage).
enum class Purpose {
  server,  // TLS server authentication (id-kp-serverAuth)
  client,  // TLS client authentication (id-kp-clientAuth)
  any,     // no particular use; key usages must still be consistent along the chain
};

// "server", "client", "any": stable, used on the command line and in JSON.
std::string_view to_string(Purpose p);
std::optional<Purpose> parse_purpose(std::string_view text);

enum class Severity {
  error,    // the chain must not be accepted
  warning,  // accepted, but something a CA or an admin should fix
};

// "error", "warning": stable, used in output and JSON.
std::string_view to_string(Severity s);

struct Problem {
  std::string code;     // stable identifier ("expired", "missing_issuer", ...), see docs/verify.md
  Severity severity = Severity::error;
  std::size_t depth = 0;  // index into VerifyResult::chain of the certificate concerned (0 = leaf)
  std::string message;  // one line for a human
};

struct VerifyOptions {
  // The moment to validate at is required: there is deliberately no default "now".
  explicit VerifyOptions(UnixTime when) : at(when) {}

  UnixTime at;
  // A DNS host name or an IP address literal the leaf must be valid for; matched only against the
  // subjectAltName extension (RFC 6125 6.4.4, RFC 9525 section 6.3: no fallback to the subject CN).
  std::optional<std::string> name;
  Purpose purpose = Purpose::server;
  // At most this many intermediate CA certificates between the leaf and the trust anchor, self-issued
  // ones (key rollovers) not counted; no limit beyond OpenSSL's depth of 100 when absent.
  std::optional<std::size_t> max_intermediates;
  // Revocation (RFC 5280 6.3): when any CRL is given, the leaf must be covered by a valid CRL of its
  // issuer and is refused if listed there; each CA certificate is checked against its issuer's CRL when
  // one is given. No CRL is fetched.
  std::vector<Crl> crls;
};

struct VerifyResult {
  std::vector<Certificate> chain;  // as built, leaf first; ends at a trust anchor when one was found
  bool anchored = false;           // chain.back() is one of the trust anchors
  std::vector<Problem> problems;   // by depth, errors first, then by code; empty for a valid chain

  // No problem of severity error.
  [[nodiscard]] bool valid() const;
  // The problem with `code` at `depth`, if any.
  [[nodiscard]] const Problem* find(std::string_view code, std::size_t depth) const;
};

// Every problem code verify_chain can report (docs/verify.md explains each). Stable: codes are only added.
std::span<const std::string_view> problem_codes();

// Builds a path from `leaf` through `untrusted` intermediates (in any order, unrelated ones ignored) to
// one of `anchors` (any trusted certificate, self-signed or not), and validates it at `options.at`. When
// the first path built fails for a reason another path could avoid, the other paths through the same
// certificates are tried (a bounded search) and the first valid one is returned. A path that stops short
// of an anchor is still returned, with a problem saying why. Only certificates that can be on a path
// from `leaf` by name are decoded (deferred ones: Certificate::deferred). Fails only when validation
// could not be carried out at all: `invalid` for a `name` OpenSSL refuses (embedded NUL, malformed IP),
// `malformed` for such a certificate whose bytes do not decode, `internal` for an OpenSSL failure.
Result<VerifyResult> verify_chain(const Certificate& leaf, std::span<const Certificate> untrusted,
                                  std::span<const Certificate> anchors, const VerifyOptions& options);

}  // namespace certkeep
