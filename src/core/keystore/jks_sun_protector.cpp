// sun.security.provider.KeyProtector, the JKS key protection: recover() and protect().
#include <algorithm>

#include <openssl/crypto.h>

#include "core/keystore/jks_digest.h"
#include "core/keystore/jks_protection.h"

namespace certkeep::jks {
namespace {

constexpr std::size_t kCheckSize = 20;
constexpr std::size_t kBlock = 20;  // SHA-1 output

// `in` XOR the keystream: block i is SHA-1(password || block i-1), block 0 being the salt. The same
// operation protects and recovers.
bool apply_keystream(Digest& sha1, std::span<const std::uint8_t> salt, std::span<const std::uint8_t> password,
                     std::span<const std::uint8_t> in, std::span<std::uint8_t> out) {
  WipedBytes block(kBlock);
  std::copy_n(salt.begin(), kBlock, block.bytes().begin());
  for (std::size_t off = 0; off < in.size(); off += kBlock) {
    sha1.start();
    sha1.add(password);
    sha1.add(block.view());
    if (!sha1.finish(block.bytes())) return false;
    const std::size_t n = std::min(kBlock, in.size() - off);
    for (std::size_t i = 0; i < n; ++i) out[off + i] = in[off + i] ^ block.bytes()[i];
  }
  return true;
}

// SHA-1(password || plaintext), which lets recover() tell a wrong password.
bool check_digest(Digest& sha1, std::span<const std::uint8_t> password, std::span<const std::uint8_t> plaintext,
                  std::span<std::uint8_t, kCheckSize> out) {
  sha1.start();
  sha1.add(password);
  sha1.add(plaintext);
  return sha1.finish(out);
}

}  // namespace

Result<std::optional<WipedBytes>> sun_unprotect(std::span<const std::uint8_t> data,
                                                std::span<const std::uint8_t> password_utf16be) {
  if (data.size() < kSunSaltSize + kCheckSize)
    return fail(ErrorCode::malformed, "protected key is too short for Sun's key protection");
  auto sha1 = Digest::create("SHA1");
  if (!sha1) return sha1.error();
  const auto encrypted = data.subspan(kSunSaltSize, data.size() - kSunSaltSize - kCheckSize);
  WipedBytes plain(encrypted.size());
  std::array<std::uint8_t, kCheckSize> check{};
  if (!apply_keystream(*sha1, data.first(kSunSaltSize), password_utf16be, encrypted, plain.bytes()) ||
      !check_digest(*sha1, password_utf16be, plain.view(), check))
    return fail(ErrorCode::internal, "SHA-1 failed in key recovery");
  if (CRYPTO_memcmp(check.data(), data.data() + data.size() - kCheckSize, kCheckSize) != 0)
    return std::optional<WipedBytes>();
  return std::optional<WipedBytes>(std::move(plain));
}

Result<std::vector<std::uint8_t>> sun_protect(std::span<const std::uint8_t> plaintext,
                                              std::span<const std::uint8_t, kSunSaltSize> salt,
                                              std::span<const std::uint8_t> password_utf16be) {
  auto sha1 = Digest::create("SHA1");
  if (!sha1) return sha1.error();
  std::vector<std::uint8_t> out(kSunSaltSize + plaintext.size() + kCheckSize);
  std::copy(salt.begin(), salt.end(), out.begin());
  const std::span<std::uint8_t> all(out);
  if (!apply_keystream(*sha1, salt, password_utf16be, plaintext, all.subspan(kSunSaltSize, plaintext.size())) ||
      !check_digest(*sha1, password_utf16be, plaintext, all.last<kCheckSize>()))
    return fail(ErrorCode::internal, "SHA-1 failed in key protection");
  return out;
}

}  // namespace certkeep::jks
