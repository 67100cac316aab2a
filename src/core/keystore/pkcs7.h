// Certificates carried in a PKCS#7 / CMS SignedData "certs-only" message (RFC 2315 section 9.1), as
// .p7b/.p7c files and CA replies deliver them.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include <openssl/pkcs7.h>

#include "core/util/result.h"
#include "core/x509/certificate.h"

namespace certkeep::pkcs7 {

// The certificates of a parsed PKCS7, in the order they appear. Fails with `unsupported` for PKCS#7
// content types other than SignedData.
Result<std::vector<Certificate>> certificates(const PKCS7* p7);

// Parses DER bytes as PKCS#7; the whole span must be consumed.
Result<std::vector<Certificate>> certificates_from_der(std::span<const std::uint8_t> der);

}  // namespace certkeep::pkcs7
