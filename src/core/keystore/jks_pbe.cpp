// PBEWithMD5AndTripleDES as SunJCE implements it (com.sun.crypto.provider.PBES1Core), the JCEKS key
// protection, both directions. The key derivation is not PKCS#5 PBKDF1: see jks_protection.h.
#include <algorithm>

#include <openssl/evp.h>

#include "core/keystore/jks_digest.h"
#include "core/keystore/jks_protection.h"
#include "core/ossl/error.h"
#include "core/ossl/ptr.h"

namespace certkeep::jks {
namespace {

constexpr std::size_t kKeySize = 24;
constexpr std::size_t kIvSize = 8;
constexpr std::size_t kHalf = 16;  // MD5 output
constexpr std::size_t kMaxCiphertext = 0x7FFFFFF0;  // EVP takes an int length

// One half of the key material: MD5 over (salt half || password), then `iterations - 1` times over
// (previous digest || password). The input buffer is kept contiguous: one EVP update per round, as
// this loop runs hundreds of thousands of times per key.
bool derive_half(Digest& md5, std::span<const std::uint8_t> salt_half, std::span<const std::uint8_t> password,
                 std::uint32_t iterations, std::span<std::uint8_t> out) {
  WipedBytes input(kHalf + password.size());
  auto& in = input.bytes();
  std::copy(password.begin(), password.end(), in.begin() + kHalf);
  md5.start();
  md5.add(salt_half);
  md5.add(password);
  bool ok = md5.finish(std::span(in).first(kHalf));
  for (std::uint32_t i = 1; ok && i < iterations; ++i) {
    md5.start();
    md5.add(in);
    ok = md5.finish(std::span(in).first(kHalf));
  }
  std::copy_n(in.begin(), kHalf, out.begin());
  return ok;
}

Result<WipedBytes> derive_key_and_iv(const PbeParameters& params, std::span<const std::uint8_t> password) {
  auto md5 = Digest::create("MD5");
  if (!md5) return md5.error();
  auto salt = params.salt;
  if (std::equal(salt.begin(), salt.begin() + 4, salt.begin() + 4)) std::reverse(salt.begin(), salt.begin() + 4);
  WipedBytes out(2 * kHalf);
  const auto iterations = std::max<std::uint32_t>(params.iterations, 1);
  for (std::size_t half = 0; half < 2; ++half) {
    const std::span<std::uint8_t> dest(out.bytes().data() + half * kHalf, kHalf);
    if (!derive_half(*md5, std::span(salt).subspan(half * 4, 4), password, iterations, dest))
      return fail(ErrorCode::internal, "MD5 failed in key derivation");
  }
  return out;
}

// A DES-EDE3-CBC context keyed from the password, ready to encrypt or decrypt.
Result<ossl::UniquePtr<EVP_CIPHER_CTX>> start_cipher(const PbeParameters& params, std::span<const std::uint8_t> password,
                                                     bool encrypt) {
  if (params.iterations > kMaxPbeIterations)
    return fail(encrypt ? ErrorCode::invalid : ErrorCode::unsupported,
                "key protection asks for more than 5000000 PBE iterations");
  auto key_iv = derive_key_and_iv(params, password);
  if (!key_iv) return key_iv.error();
  ossl::clear_errors();
  ossl::UniquePtr<EVP_CIPHER> cipher(EVP_CIPHER_fetch(nullptr, "DES-EDE3-CBC", nullptr));
  ossl::UniquePtr<EVP_CIPHER_CTX> ctx(EVP_CIPHER_CTX_new());
  if (!cipher || !ctx) return ossl::make_error(ErrorCode::unsupported, "DES-EDE3-CBC is not available in OpenSSL");
  const auto* key = key_iv->view().data();
  if (EVP_CipherInit_ex2(ctx.get(), cipher.get(), key, key + kKeySize, encrypt ? 1 : 0, nullptr) != 1)
    return ossl::make_error(ErrorCode::internal, "cannot start DES-EDE3-CBC");
  return ctx;
}

// Runs `in` through the cipher into `out` (at least one block longer); false on a padding error.
bool run_cipher(EVP_CIPHER_CTX* ctx, std::span<const std::uint8_t> in, std::vector<std::uint8_t>& out) {
  int n = 0;
  int tail = 0;
  const bool ok = EVP_CipherUpdate(ctx, out.data(), &n, in.data(), static_cast<int>(in.size())) == 1 &&
                  EVP_CipherFinal_ex(ctx, out.data() + n, &tail) == 1;
  ossl::clear_errors();
  if (ok) out.resize(static_cast<std::size_t>(n) + static_cast<std::size_t>(tail));
  return ok;
}

}  // namespace

Result<std::optional<WipedBytes>> pbe_md5_3des_decrypt(std::span<const std::uint8_t> ciphertext,
                                                       const PbeParameters& params,
                                                       std::span<const std::uint8_t> password) {
  if (ciphertext.empty() || ciphertext.size() % kIvSize != 0 || ciphertext.size() > kMaxCiphertext)
    return fail(ErrorCode::malformed, "encrypted key is not a whole number of DES blocks");
  auto ctx = start_cipher(params, password, false);
  if (!ctx) return ctx.error();
  WipedBytes plain(ciphertext.size() + kIvSize);
  if (!run_cipher(ctx->get(), ciphertext, plain.bytes())) return std::optional<WipedBytes>();  // the wrong password
  return std::optional<WipedBytes>(std::move(plain));
}

Result<std::vector<std::uint8_t>> pbe_md5_3des_encrypt(std::span<const std::uint8_t> plaintext,
                                                       const PbeParameters& params,
                                                       std::span<const std::uint8_t> password) {
  if (plaintext.size() > kMaxCiphertext - kIvSize) return fail(ErrorCode::invalid, "key too large to encrypt");
  auto ctx = start_cipher(params, password, true);
  if (!ctx) return ctx.error();
  std::vector<std::uint8_t> ciphertext(plaintext.size() + kIvSize);
  if (!run_cipher(ctx->get(), plaintext, ciphertext))
    return ossl::make_error(ErrorCode::internal, "DES-EDE3-CBC encryption failed");
  return ciphertext;
}

}  // namespace certkeep::jks
