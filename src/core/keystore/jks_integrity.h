// The keyed digest that closes every JKS and JCEKS file (JDK sun.security.provider.JavaKeyStore and
// com.sun.crypto.provider.JceKeyStore, getPreKeyedHash): SHA-1 over the store password as UTF-16BE
// bytes, the UTF-8 bytes of "Mighty Aphrodite", then every byte of the file before the digest.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>

#include "core/keystore/password.h"
#include "core/util/result.h"

namespace certkeep::jks {

inline constexpr std::size_t kStoreDigestSize = 20;

// The keyed digest of `signed_bytes` under `password` (UTF-8, converted as Java would).
Result<std::array<std::uint8_t, kStoreDigestSize>> store_digest(std::span<const std::uint8_t> signed_bytes,
                                                                const Secret& password);

// The index of the first candidate whose keyed digest of `signed_bytes` equals `digest`; nullopt when
// none does (wrong passwords, or a corrupt file). Fails only when OpenSSL cannot compute SHA-1.
Result<std::optional<std::size_t>> find_store_password(std::span<const std::uint8_t> signed_bytes,
                                                       std::span<const std::uint8_t> digest,
                                                       std::span<const PasswordCandidate> candidates);

}  // namespace certkeep::jks
