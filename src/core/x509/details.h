// Extraction of CertificateDetails from a decoded certificate. Internal to core/x509.
#pragma once

#include <cstdint>
#include <span>
#include <string>

#include <openssl/x509v3.h>

#include "core/util/result.h"
#include "core/x509/certificate.h"
#include "core/x509/lite_certificate.h"

namespace certkeep::x509 {

// The fields the details are made of, borrowed from an X509 or a LiteCertificate (which must outlive it).
struct CertificateView {
  long version = 0;  // as X509_get_version: 0 for v1, 2 for v3
  const ASN1_INTEGER* serial = nullptr;
  const X509_NAME* issuer = nullptr;
  const X509_NAME* subject = nullptr;
  const ASN1_TIME* not_before = nullptr;
  const ASN1_TIME* not_after = nullptr;
  const STACK_OF(X509_EXTENSION)* extensions = nullptr;
  const X509_ALGOR* signature_algorithm = nullptr;  // the outer one, which X509_get_signature_nid reads
};

CertificateView view_of(const X509* x);
CertificateView view_of(const LiteCertificate& c);

// What makes a decoded certificate unusable: a version other than 1-3, an unreadable validity period.
// Cheap; run when a Certificate is made.
Result<void> check_certificate(const CertificateView& c);

// Every detail of a certificate check_certificate accepted (else the same error) but the two that may
// need its decoded key, which the caller works out: the key's description and whether it is self-signed.
// Costs three digests, name printing and decoding the extensions: Certificate computes it on first use.
Result<CertificateDetails> extract_details(const CertificateView& c, std::span<const std::uint8_t> der,
                                           PublicKeyInfo key, bool self_signed);

// RFC 5280 6.1 self-issued: subject and issuer the same name. Only such a certificate can be self-signed.
bool self_issued(const CertificateView& c);

// Whether a self-issued certificate's signature verifies with its own key (X509_self_signed).
bool signature_is_its_own(X509* x);

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
