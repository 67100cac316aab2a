// SafeContents and SafeBags (RFC 7292 section 4.2) taken apart and put together as DER bytes. A store's
// bags are read by following their framing, and written from the DER of their values, so that a rewrite
// copies the bags it does not change byte for byte and never runs OpenSSL's generic ASN.1 coder over
// them: decoding and re-encoding the bags of a 1,000-entry store was a fifth of a `receive`.
// Key bags' values are decoded by OpenSSL (d2i_X509_SIG, d2i_PKCS8_PRIV_KEY_INFO) by their readers.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "core/util/result.h"

namespace certkeep::pkcs12 {

using Bytes = std::vector<std::uint8_t>;

// RFC 7292 section 4.2 bag attributes (PKCS#9, RFC 2985 section 5.5.1 and 5.5.2).
struct BagAttributes {
  std::string friendly_name;               // UTF-8; empty when absent
  std::vector<std::uint8_t> local_key_id;  // empty when absent
  bool java_trusted = false;               // Oracle's trusted key usage, 2.16.840.1.113894.746875.1.1

  bool operator==(const BagAttributes&) const = default;
};

enum class BagType { key, shrouded_key, certificate, crl, secret, safe_contents, unknown };

// SafeBag ::= SEQUENCE { bagId OBJECT IDENTIFIER, bagValue [0] EXPLICIT ANY, bagAttributes SET OF
// PKCS12Attribute OPTIONAL }. Spans point into the bag given to parse_safe_bag.
struct SafeBag {
  BagType type = BagType::unknown;
  std::span<const std::uint8_t> value;  // the bagValue's DER
  BagAttributes attributes;             // friendlyName (BMPString, or UTF8String as some writers put it),
                                        // localKeyId, Oracle's trusted key usage; others are ignored
};

// Errors: `malformed`, naming the offset in `bag` where its framing stops making sense.
Result<SafeBag> parse_safe_bag(std::span<const std::uint8_t> bag);

// The SafeBags of a SafeContents, each as its own bytes. A SafeContents that is not DER (NSS writes BER
// with indefinite lengths) is decoded by OpenSSL and each bag re-encoded as DER. Errors: `malformed`.
Result<std::vector<Bytes>> split_safe_contents(std::span<const std::uint8_t> contents);

// `bag` decoded by OpenSSL and encoded again as DER: a bag in BER inside a DER SafeContents. Errors:
// `malformed` when OpenSSL cannot decode it either.
Result<Bytes> canonical_safe_bag(std::span<const std::uint8_t> bag);

// CertBag ::= SEQUENCE { certId, certValue [0] EXPLICIT OCTET STRING }: the certificate's DER for
// x509Certificate, nullopt for another type (sdsiCertificate). Errors: `malformed`.
Result<std::optional<std::span<const std::uint8_t>>> x509_certificate(std::span<const std::uint8_t> cert_bag_value);

// A SafeBag of `type` (not unknown) around `value` (DER), with `attributes` encoded as OpenSSL's
// PKCS12_add_friendlyname_utf8, PKCS12_add_localkeyid and PKCS12_add1_attr_by_txt encode them. Errors:
// `invalid` when the friendlyName is not UTF-8 or has a character beyond U+FFFF (a BMPString cannot
// hold it).
Result<Bytes> make_safe_bag(BagType type, std::span<const std::uint8_t> value, const BagAttributes& attributes);

// The bagValue of a certBag holding `certificate`'s bytes as they are.
Bytes certificate_bag_value(std::span<const std::uint8_t> certificate);

// SafeContents ::= SEQUENCE OF SafeBag.
Bytes join_safe_contents(std::span<const std::span<const std::uint8_t>> bags);

}  // namespace certkeep::pkcs12
