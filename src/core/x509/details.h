// Extraction of CertificateDetails from an OpenSSL X509. Internal to core/x509.
#pragma once

#include <cstdint>
#include <span>
#include <string>

#include <openssl/x509v3.h>

#include "core/util/result.h"
#include "core/x509/certificate.h"

namespace certkeep::x509 {

// What makes a parsed X509 unusable as a certificate: a version other than 1-3, an unreadable
// validity period. Cheap; run when a Certificate is made.
Result<void> check_certificate(X509* x);

// Every detail, for a certificate check_certificate accepted (else the same error). Costs a signature
// verification (self_signed), three digests and name printing: Certificate computes it on first use.
Result<CertificateDetails> extract_details(X509* x, std::span<const std::uint8_t> der);

// RFC 4514 string of a distinguished name.
std::string name_rfc4514(const X509_NAME* name);

// OpenSSL's one-line form ("C = US, O = Org, CN = host"), as `openssl x509 -subject` prints it.
std::string name_oneline(const X509_NAME* name);

// A subjectAltName / GeneralName entry (RFC 5280 4.2.1.6) in display form.
GeneralName general_name(const GENERAL_NAME* gn);

// Upper-case colon-separated hex ("AB:CD:01").
std::string colon_hex(std::span<const std::uint8_t> bytes);

// Fingerprint of `der` with the named digest ("MD5", "SHA1", "SHA256").
std::string fingerprint(std::span<const std::uint8_t> der, const char* digest);

// Public key type, size and curve of a key.
PublicKeyInfo describe_key(const EVP_PKEY* key);

}  // namespace certkeep::x509
