// sun.security.provider.KeyProtector.recover(), the JKS key protection.
#include <algorithm>

#include <openssl/crypto.h>

#include "core/keystore/jks_digest.h"
#include "core/keystore/jks_protection.h"

namespace certkeep::jks {
namespace {

constexpr std::size_t kSaltSize = 20;
constexpr std::size_t kCheckSize = 20;
constexpr std::size_t kBlock = 20;  // SHA-1 output

}  // namespace

Result<std::optional<WipedBytes>> sun_unprotect(std::span<const std::uint8_t> data,
                                                std::span<const std::uint8_t> password_utf16be) {
  if (data.size() < kSaltSize + kCheckSize)
    return fail(ErrorCode::malformed, "protected key is too short for Sun's key protection");
  auto sha1 = Digest::create("SHA1");
  if (!sha1) return sha1.error();
  const auto encrypted = data.subspan(kSaltSize, data.size() - kSaltSize - kCheckSize);
  WipedBytes plain(encrypted.size());
  WipedBytes block(kBlock);
  std::copy_n(data.begin(), kSaltSize, block.bytes().begin());
  for (std::size_t off = 0; off < encrypted.size(); off += kBlock) {
    sha1->start();
    sha1->add(password_utf16be);
    sha1->add(block.view());
    if (!sha1->finish(block.bytes())) return fail(ErrorCode::internal, "SHA-1 failed in key recovery");
    const std::size_t n = std::min(kBlock, encrypted.size() - off);
    for (std::size_t i = 0; i < n; ++i) plain.bytes()[off + i] = encrypted[off + i] ^ block.bytes()[i];
  }
  std::array<std::uint8_t, kCheckSize> check{};
  sha1->start();
  sha1->add(password_utf16be);
  sha1->add(plain.view());
  if (!sha1->finish(check)) return fail(ErrorCode::internal, "SHA-1 failed in key recovery");
  if (CRYPTO_memcmp(check.data(), data.data() + data.size() - kCheckSize, kCheckSize) != 0)
    return std::optional<WipedBytes>();
  return std::optional<WipedBytes>(std::move(plain));
}

}  // namespace certkeep::jks
