// Judging what a probe saw: the served chain verified against trust anchors at a moment, the host name,
// the expiry policy, the OCSP staple and our own client certificate, boiled down to one status and one
// line ("passed", or "FAILED: the reason an admin acts on").
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/x509/expiry.h"
#include "core/x509/ocsp.h"
#include "core/x509/verify.h"
#include "net/probe.h"

namespace certkeep::net {

struct VerdictOptions {
  std::vector<Certificate> anchors;  // --ca-file and/or the system store
  UnixTime at = 0;
  ExpiryPolicy policy;
  bool check_name = true;            // the SNI name (else the host) must be among the leaf's SANs
};

enum class Health { ok, warning, critical };

struct ProbeVerdict {
  Health health = Health::ok;
  std::string code;     // "ok", or the first failure's stable code (failure codes of probe.h, or
                        // certificate_expired, certificate_not_yet_valid, untrusted, name_mismatch, ...)
  std::string reason;   // the first failure (or, for a warning, the first warning); empty when ok
  std::string name;     // the name checked against the leaf, empty when none
  std::optional<VerifyResult> verification;   // set when a chain was served
  std::optional<OcspStaple> ocsp;             // set when a staple was served
  std::optional<ExpiryStatus> leaf_status;    // of the served leaf
  std::optional<ExpiryStatus> client_status;  // of our client certificate, when one was configured
  std::vector<std::string> warnings;

  // The cert tool's word: "passed", "passed, but <reason>" or "FAILED: <reason>".
  [[nodiscard]] std::string summary() const;
};

ProbeVerdict judge_probe(const ProbeReport& report, const ProbeOptions& probe_options, const VerdictOptions& options);

}  // namespace certkeep::net
