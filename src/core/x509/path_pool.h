// The certificates worth giving OpenSSL's path builder. X509_verify_cert looks issuers up by subject
// name; a certificate whose subject is no name on any path from the leaf is never used, yet OpenSSL 3.0
// would decode it (~150 µs) and index it (X509_STORE_add_cert re-sorts its store on every insert):
// receiving a reply into a keystore of a thousand trusted certificates spent most of its time there.
// Internal to core/x509.
#pragma once

#include <span>
#include <vector>

#include "core/x509/certificate.h"

namespace certkeep::x509 {

struct PathPool {
  std::vector<Certificate> untrusted;
  std::vector<Certificate> anchors;
};

// The certificates of `untrusted` and `anchors` (order kept) that can be on a path from `leaf`: an exact
// copy of the leaf (a trusted leaf), and every certificate whose subject is the issuer name of the leaf
// or of one already taken, transitively. Names are compared as encoded, without decoding the
// certificates; a name that matches no subject that way is compared canonically (x509/name_match.h).
PathPool path_pool(const Certificate& leaf, std::span<const Certificate> untrusted, std::span<const Certificate> anchors);

}  // namespace certkeep::x509
