// Reading any supported file into a Keystore. The format is detected from the bytes, never from the
// file name.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "core/keystore/keystore.h"
#include "core/keystore/password.h"
#include "core/util/result.h"

namespace certkeep {

// Which candidate opened a password-protected store.
struct OpenedWith {
  std::optional<std::size_t> candidate;  // index into the candidates; nullopt when no password was needed
  bool well_known = false;               // that candidate was a vendor default
};

struct ReadResult {
  Keystore keystore;
  OpenedWith opened_with;
};

struct ReadOptions {
  // PKCS#12, JKS and JCEKS: the certificates of trusted and plain certificate entries are checked for
  // DER framing only and decoded when first used (Certificate::deferred); those of key entries are
  // decoded as always. For commands that rewrite a store and touch few of its entries.
  bool defer_certificates = false;
  // PKCS#12: a shrouded key bag with the very bytes of one of these, whose password is a candidate, is
  // taken as that key without deriving a key to decrypt it again (reading back a store just written).
  std::span<const SealedKey> known_keys{};
};

// Detects the format of `bytes` and reads every entry. Errors: `malformed` ("not a certificate or
// keystore", "truncated DER at offset N"), `bad_password` (no candidate opened the store: "wrong
// password or corrupt MAC"), `unsupported` (a recognised format with an algorithm we cannot read).
Result<ReadResult> read_keystore(std::span<const std::uint8_t> bytes,
                                 std::span<const PasswordCandidate> passwords, const ReadOptions& options = {});

// The format `bytes` appear to be in, without reading them fully; nullopt if none.
std::optional<Format> detect_format(std::span<const std::uint8_t> bytes);

}  // namespace certkeep
