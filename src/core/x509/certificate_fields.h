// Where the fields of a DER certificate lie (RFC 5280 4.1), found by following its DER framing without
// decoding anything: enough to index certificates by name and match keys by their encoded public key
// for the cost of a few length reads, where OpenSSL 3.0 spends ~150 µs decoding one certificate.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

#include "core/util/result.h"

namespace certkeep::x509 {

// A field as offset and length into the certificate's DER, header included (the whole TLV).
struct FieldSpan {
  std::size_t offset = 0;
  std::size_t length = 0;

  std::span<const std::uint8_t> in(std::span<const std::uint8_t> der) const { return der.subspan(offset, length); }
};

struct CertificateFields {
  FieldSpan issuer;      // Name
  FieldSpan subject;     // Name
  FieldSpan public_key;  // SubjectPublicKeyInfo
};

// Certificate ::= SEQUENCE { tbsCertificate, signatureAlgorithm, signatureValue } with TBSCertificate's
// fields in order, each with the right tag and a length that fits, and nothing after the certificate.
// Fails with `malformed` ("truncated DER at offset N", "unexpected data after the certificate at offset
// N", "expected the subject at offset N"); success says the framing is right, not that OpenSSL will
// accept the contents.
Result<CertificateFields> locate_fields(std::span<const std::uint8_t> der);

}  // namespace certkeep::x509
