// Issuer and subject names compared without decoding whole certificates (RFC 5280 7.1): first as
// encoded bytes, which is free and what every CA writes, then, where that finds nothing, as OpenSSL
// compares them (X509_NAME_cmp on the canonical form), decoding only the two names.
#pragma once

#include <span>

#include "core/x509/certificate.h"

namespace certkeep::x509 {

enum class NameMatch {
  encoded,    // the same bytes; a certificate whose encoding could not be followed counts as a match
  canonical,  // equal after case folding and whitespace rules (X509_NAME_cmp)
};

// Whether `issuer`'s subject is the issuer name of `subject`.
bool names_issuer(const Certificate& issuer, const Certificate& subject, NameMatch how);

}  // namespace certkeep::x509
