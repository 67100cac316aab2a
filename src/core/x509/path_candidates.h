// Candidate certification paths for path building with backtracking (RFC 4158 section 2): when the path
// OpenSSL builds first does not validate, another one through the same certificates may (a cross-signed
// intermediate, an alternative issuer outside a name constraint). Internal to core/x509.
#pragma once

#include <cstddef>
#include <span>
#include <vector>

#include "core/util/clock.h"
#include "core/x509/certificate.h"

namespace certkeep::x509 {

struct CandidatePath {
  std::vector<Certificate> intermediates;  // from the leaf's issuer upwards, the anchor excluded
  Certificate anchor;                      // one of the trust anchors
};

// Limits that keep a hostile set of certificates (loops, many look-alike issuers, bridge CAs) from costing
// more than a few milliseconds of work: at most `max_paths` paths of at most `max_intermediates`
// intermediates each, found by trying no more than `max_steps` issuers (certificates with the right
// subject) in all.
struct PathLimits {
  std::size_t max_paths = 16;
  std::size_t max_intermediates = 10;
  std::size_t max_steps = 1024;
};

// Paths from `leaf` to one of `anchors` through `untrusted`, depth first, anchors first, then in the order
// the certificates were given. An issuer is a certificate whose subject is the certificate's issuer and
// whose key identifier and key usage do not rule it out (X509_check_issued); an untrusted one must also
// be a CA valid at `at`, as no valid path can go through any other. Signatures are left to validation.
// No certificate appears twice in a path. The leaf's own trust is not a path: verify_chain handles it.
std::vector<CandidatePath> candidate_paths(const Certificate& leaf, std::span<const Certificate> untrusted,
                                           std::span<const Certificate> anchors, UnixTime at,
                                           const PathLimits& limits = {});

}  // namespace certkeep::x509
