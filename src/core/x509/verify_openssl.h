// The OpenSSL half of verify_chain: X509_verify_cert configured as a browser-grade TLS client, with a
// callback that records every error at every depth instead of stopping at the first. Internal to
// core/x509.
#pragma once

#include <span>
#include <vector>

#include "core/ossl/ptr.h"
#include "core/util/result.h"
#include "core/x509/verify.h"

namespace certkeep::x509 {

// One error reported through the verify callback: an X509_V_ERR_* code and the chain depth it
// concerns (0 = leaf).
struct OpensslError {
  int error = 0;
  std::size_t depth = 0;
};

struct OpensslVerification {
  std::vector<Certificate> chain;     // the chain OpenSSL built, leaf first
  std::vector<OpensslError> errors;   // in the order reported, possibly repeated
};

// A stack of new references to `certs`, for OpenSSL calls that take untrusted certificates.
Result<ossl::X509Stack> to_stack(std::span<const Certificate> certs);
// An X509_STORE holding `anchors` (each store takes its own reference).
Result<ossl::UniquePtr<X509_STORE>> anchor_store(std::span<const Certificate> anchors);

// Runs X509_verify_cert with X509_V_FLAG_X509_STRICT, the explicit time `options.at`, partial chains
// (any anchor ends a path), the purpose, host or IP checks from SANs only and no name constraint on the
// CN (X509_CHECK_FLAG_NEVER_CHECK_SUBJECT), revocation checking against `options.crls` when there are
// any, and security level 2 (RSA and DH keys of at least 2048 bits, no SHA-1 or MD5 signatures). Fails with
// `invalid` when OpenSSL refuses `options.name`, `internal` when OpenSSL fails outright.
Result<OpensslVerification> openssl_verify(const Certificate& leaf, std::span<const Certificate> untrusted,
                                           std::span<const Certificate> anchors, const VerifyOptions& options);

}  // namespace certkeep::x509
