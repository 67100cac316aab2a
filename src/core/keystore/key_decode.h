// Decoding private keys in the encodings files carry them in, trying password candidates in order.
#pragma once

#include <cstdint>
#include <optional>
#include <span>

#include <openssl/x509.h>

#include "core/keystore/password.h"
#include "core/util/result.h"
#include "core/x509/private_key.h"

namespace certkeep::keys {

struct Decrypted {
  PrivateKey key;
  std::optional<std::size_t> candidate;  // which password opened it; nullopt if it was not encrypted
};

// An encrypted PKCS#8 EncryptedPrivateKeyInfo (RFC 5208 section 6), in DER. Fails with `bad_password`
// when no candidate decrypts it, `unsupported` when the cipher is unavailable.
Result<Decrypted> decrypt_pkcs8(const X509_SIG* encrypted, std::span<const PasswordCandidate> passwords);

// An unencrypted key in DER: PKCS#8 PrivateKeyInfo, PKCS#1 RSAPrivateKey, SEC1 ECPrivateKey or DSA.
// Requires the whole span to be consumed.
Result<PrivateKey> read_plain_der(std::span<const std::uint8_t> der);

// A complete PEM block of a traditional (OpenSSL "Proc-Type: 4,ENCRYPTED") key: tries each candidate.
Result<Decrypted> decrypt_legacy_pem(std::span<const std::uint8_t> pem_block,
                                     std::span<const PasswordCandidate> passwords);

}  // namespace certkeep::keys
