// Private keys of JKS and JCEKS PrivateKeyEntries.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>

#include "core/keystore/key_decode.h"
#include "core/keystore/password.h"
#include "core/util/result.h"

namespace certkeep::jks {

// The PBE key-derivation work one store may ask for, in iterations summed over every attempt. Each key
// may ask for up to the JDK's 5,000,000, so without a store-wide limit a hostile JCEKS file with many
// keys could hold a scan for hours. 10,000,000 covers 50 keys at keytool's default of 200,000.
struct PbeBudget {
  std::uint64_t iterations_left = 10'000'000;
};

// Decrypts a protected key: a DER EncryptedPrivateKeyInfo (RFC 5208 section 6) whose algorithm is one
// of the JDK's two key protectors (jks_protection.h) and whose plaintext is a PKCS#8 PrivateKeyInfo
// (RFC 5208 section 5). Either kind may appear in either store type, as the JDK reads both. Candidates
// are tried from `first` (the one that opened the store), then the others in order; `candidate` in the
// result says which worked. Errors: `bad_password` when none does; `unsupported` for another protection
// algorithm, too many PBE iterations for the key or for what is left of `budget`, or a key type OpenSSL
// cannot load; `malformed` for damaged protection data.
Result<keys::Decrypted> recover_private_key(std::span<const std::uint8_t> der,
                                            std::span<const PasswordCandidate> candidates, std::size_t first,
                                            PbeBudget& budget);

// The iteration count of a key protected with PBEWithMD5AndTripleDES; nullopt for Sun's protection,
// another algorithm, or bytes that are not an EncryptedPrivateKeyInfo. Nothing is decrypted.
std::optional<std::uint32_t> pbe_iterations(std::span<const std::uint8_t> der);

}  // namespace certkeep::jks
