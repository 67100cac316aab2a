#include "core/keystore/jks_integrity.h"

#include <array>
#include <string_view>

#include <openssl/crypto.h>

#include "core/keystore/jks_digest.h"
#include "core/keystore/jks_text.h"

namespace certkeep::jks {
namespace {

constexpr std::string_view kWhitener = "Mighty Aphrodite";

std::span<const std::uint8_t> as_bytes(std::string_view s) {
  return {reinterpret_cast<const std::uint8_t*>(s.data()), s.size()};
}

Result<void> compute(Digest& sha1, std::span<const std::uint8_t> signed_bytes, const Secret& password,
                     std::span<std::uint8_t> out) {
  const auto pw = password_utf16be(password.view());
  sha1.start();
  sha1.add(pw.view());
  sha1.add(as_bytes(kWhitener));
  sha1.add(signed_bytes);
  if (!sha1.finish(out)) return fail(ErrorCode::internal, "SHA-1 of the keystore failed");
  return {};
}

}  // namespace

Result<std::array<std::uint8_t, kStoreDigestSize>> store_digest(std::span<const std::uint8_t> signed_bytes,
                                                                const Secret& password) {
  auto sha1 = Digest::create("SHA1");
  if (!sha1) return sha1.error();
  std::array<std::uint8_t, kStoreDigestSize> out{};
  if (auto done = compute(*sha1, signed_bytes, password, out); !done) return done.error();
  return out;
}

Result<std::optional<std::size_t>> find_store_password(std::span<const std::uint8_t> signed_bytes,
                                                       std::span<const std::uint8_t> digest,
                                                       std::span<const PasswordCandidate> candidates) {
  auto sha1 = Digest::create("SHA1");
  if (!sha1) return sha1.error();
  if (digest.size() != kStoreDigestSize) return std::optional<std::size_t>();
  std::array<std::uint8_t, kStoreDigestSize> computed{};
  for (std::size_t i = 0; i < candidates.size(); ++i) {
    if (auto done = compute(*sha1, signed_bytes, candidates[i].password, computed); !done) return done.error();
    if (CRYPTO_memcmp(computed.data(), digest.data(), computed.size()) == 0) return std::optional<std::size_t>(i);
  }
  return std::optional<std::size_t>();
}

}  // namespace certkeep::jks
