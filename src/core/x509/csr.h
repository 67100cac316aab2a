// A PKCS#10 certificate signing request (RFC 2986) as an immutable value.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include <openssl/x509.h>

#include "core/util/result.h"
#include "core/x509/certificate.h"

namespace certkeep {

struct CsrDetails {
  std::string subject;          // RFC 4514
  std::string subject_oneline;  // OpenSSL one-line form
  std::vector<GeneralName> subject_alt_names;  // from the extensionRequest attribute
  PublicKeyInfo public_key;
  std::string signature_algorithm;
  bool signature_valid = false;  // the request is signed by the key it carries
  std::string sha256;            // fingerprint of the DER request
};

class CertificateRequest {
 public:
  static Result<CertificateRequest> from_der(std::span<const std::uint8_t> der);
  static Result<CertificateRequest> from_x509_req(X509_REQ* req);  // takes a copy

  const CsrDetails& details() const { return *details_; }

 private:
  explicit CertificateRequest(std::shared_ptr<const CsrDetails> d) : details_(std::move(d)) {}
  std::shared_ptr<const CsrDetails> details_;
};

}  // namespace certkeep
