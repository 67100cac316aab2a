// Second looks at what OpenSSL reported, to name the cause more precisely. Internal to core/x509.
#pragma once

#include <span>
#include <vector>

#include "core/x509/verify.h"

namespace certkeep::x509 {

// After a name_mismatch on the leaf: when the leaf has no subjectAltName of the name's type and its
// subject CN is the name, adds cn_fallback_refused (the CN would have matched in a legacy client).
void diagnose_name(const Certificate& leaf, const VerifyOptions& options, std::vector<Problem>& problems);

// After a missing_issuer at depth d: when one of `candidates` has the right name but a
// subjectKeyIdentifier other than chain[d]'s authorityKeyIdentifier, adds aki_ski_mismatch naming it.
void diagnose_missing_issuer(std::span<const Certificate> chain, std::span<const Certificate> candidates,
                             std::vector<Problem>& problems);

}  // namespace certkeep::x509
