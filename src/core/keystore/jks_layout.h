// The framing of a JKS or JCEKS file, as the JDK writes it (sun.security.provider.JavaKeyStore and
// com.sun.crypto.provider.JceKeyStore, engineStore), all integers big-endian:
//
//   magic u32 (0xFEEDFEED JKS, 0xCECECECE JCEKS) | version u32 (1 or 2) | entry count u32 | entries |
//   keyed SHA-1 digest (20 bytes, jks_integrity.h)
//   entry: tag u32 | alias (modified UTF-8, u16 length) | creation time i64 (ms since the epoch) | then
//     tag 1, PrivateKeyEntry:  u32 length + protected key | u32 chain length | certificates
//     tag 2, trustedCertEntry: one certificate
//     tag 3, SecretKeyEntry (JCEKS only): a serialized javax.crypto.SealedObject (jks_sealed.h)
//   certificate: (version 2 only) type as UTF, "X.509" | u32 length + DER
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "core/keystore/keystore.h"
#include "core/util/result.h"

namespace certkeep::jks {

inline constexpr std::uint32_t kJksMagic = 0xFEEDFEED;
inline constexpr std::uint32_t kJceksMagic = 0xCECECECE;

enum class Tag : std::uint32_t { private_key = 1, trusted_certificate = 2, secret_key = 3 };

struct CertificateBytes {
  std::size_t offset = 0;  // of the DER in the file
  std::span<const std::uint8_t> der;
};

// One entry, framed but not decoded. Spans point into the file's bytes.
struct RawEntry {
  Tag tag = Tag::trusted_certificate;
  std::size_t offset = 0;  // of the tag
  std::string alias;       // UTF-8
  std::int64_t created_ms = 0;
  std::span<const std::uint8_t> protected_key;  // PrivateKeyEntry: a DER EncryptedPrivateKeyInfo
  std::vector<CertificateBytes> certificates;   // chain, leaf first; or the one trusted certificate
  std::span<const std::uint8_t> sealed_key;     // SecretKeyEntry: the serialized SealedObject
};

struct Layout {
  Format format = Format::jks;
  std::uint32_t version = 2;
  std::vector<RawEntry> entries;
  std::span<const std::uint8_t> signed_bytes;  // everything before the digest
  std::span<const std::uint8_t> digest;
};

// Frames `bytes` (which start with either magic) without decoding certificates or keys, so the
// integrity check can come first. Fails with `malformed`: "truncated JKS at offset N", "unknown entry
// tag 7 at offset N", bytes after the digest; `unsupported`: another version or certificate type.
Result<Layout> parse_layout(std::span<const std::uint8_t> bytes);

}  // namespace certkeep::jks
