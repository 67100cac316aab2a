// The two ways the JDK protects a private key inside JKS and JCEKS files. Neither is standardised;
// both are specified here by what the JDK's own code does, and checked against keytool's files.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "core/keystore/jks_wiped.h"
#include "core/util/result.h"

namespace certkeep::jks {

// The algorithm identifiers of the two protections in an EncryptedPrivateKeyInfo.
inline constexpr std::string_view kSunKeyProtectorOid = "1.3.6.1.4.1.42.2.17.1.1";
inline constexpr std::string_view kPbeMd5TripleDesOid = "1.3.6.1.4.1.42.2.19.1";

inline constexpr std::size_t kSunSaltSize = 20;

// Sun's JDK 1.2 key protector (OID 1.3.6.1.4.1.42.2.17.1.1, sun.security.provider.KeyProtector), used by
// JKS: `data` is salt(20) || key XOR keystream || check(20). Keystream block i is SHA-1(password ||
// block i-1), block 0 being the salt; check = SHA-1(password || plaintext). `password_utf16be` comes
// from password_utf16be(). Returns the plaintext PKCS#8, nullopt when the check does not match (wrong
// password); fails with `malformed` when `data` is shorter than salt and check.
Result<std::optional<WipedBytes>> sun_unprotect(std::span<const std::uint8_t> data,
                                                std::span<const std::uint8_t> password_utf16be);

// The inverse of sun_unprotect (KeyProtector.protect): salt || plaintext XOR keystream || check. The
// caller draws `salt` at random. Fails with `internal` only when OpenSSL cannot compute SHA-1.
Result<std::vector<std::uint8_t>> sun_protect(std::span<const std::uint8_t> plaintext,
                                              std::span<const std::uint8_t, kSunSaltSize> salt,
                                              std::span<const std::uint8_t> password_utf16be);

struct PbeParameters {
  std::array<std::uint8_t, 8> salt{};
  std::uint32_t iterations = 0;
};

// The JDK refuses more (com.sun.crypto.provider.KeyProtector, MAX_ITERATION_COUNT); so do we, as a
// hostile file could otherwise ask for hours of hashing.
inline constexpr std::uint32_t kMaxPbeIterations = 5'000'000;

// PBEWithMD5AndTripleDES (OID 1.3.6.1.4.1.42.2.19.1), SunJCE's private scheme used by JCEKS
// (com.sun.crypto.provider.PBES1Core.deriveCipherKey): if the salt's two 4-byte halves are equal, the
// first half is reversed; each half, followed by the password, is hashed with MD5, and the digest
// followed by the password is hashed again, `iterations` times in all; the two 16-byte results are the
// 24-byte DES-EDE3 key followed by the 8-byte CBC IV. Padding is PKCS#5. `password` is the UTF-8 bytes
// (the JDK accepts ASCII only, or encodes UTF-8 in newer releases). Returns the plaintext, nullopt when
// the padding is wrong (wrong password); fails with `malformed` for a ciphertext that is not whole
// blocks, `unsupported` when OpenSSL lacks MD5 or DES-EDE3-CBC.
Result<std::optional<WipedBytes>> pbe_md5_3des_decrypt(std::span<const std::uint8_t> ciphertext,
                                                       const PbeParameters& params,
                                                       std::span<const std::uint8_t> password);

// The inverse of pbe_md5_3des_decrypt (com.sun.crypto.provider.KeyProtector.protect): the same key
// derivation, PKCS#5 padding. The caller draws the salt at random. Fails with `invalid` for more than
// kMaxPbeIterations (the JDK could not read the result), `unsupported` when OpenSSL lacks MD5 or
// DES-EDE3-CBC.
Result<std::vector<std::uint8_t>> pbe_md5_3des_encrypt(std::span<const std::uint8_t> plaintext,
                                                       const PbeParameters& params,
                                                       std::span<const std::uint8_t> password);

}  // namespace certkeep::jks
