#include "core/keystore/key_decode.h"

#include <cstring>

#include <openssl/err.h>
#include <openssl/pem.h>

#include "core/keystore/pkcs12_protection.h"
#include "core/ossl/bio.h"
#include "core/ossl/error.h"
#include "core/ossl/ptr.h"
#include "core/ossl/thread_context.h"

namespace certkeep::keys {
namespace {

bool is_cipher_unavailable() {
  const unsigned long e = ERR_peek_last_error();
  const int reason = ERR_GET_REASON(e);
  return reason == EVP_R_UNSUPPORTED_ALGORITHM || reason == ERR_R_UNSUPPORTED ||
         reason == EVP_R_UNKNOWN_CIPHER;
}

int password_callback(char* buf, int size, int /*rwflag*/, void* user) {
  const auto* pw = static_cast<const Secret*>(user);
  const auto n = pw->view().size();
  if (n > static_cast<std::size_t>(size)) return -1;
  std::memcpy(buf, pw->view().data(), n);
  return static_cast<int>(n);
}

}  // namespace

Result<Decrypted> decrypt_pkcs8(const X509_SIG* encrypted, std::span<const PasswordCandidate> passwords) {
  const X509_ALGOR* alg = nullptr;
  X509_SIG_get0(encrypted, &alg, nullptr);
  if (auto usable = pkcs12::check_encryption_available(alg, "private key"); !usable) return usable.error();
  for (std::size_t i = 0; i < passwords.size(); ++i) {
    ossl::clear_errors();
    const auto pw = passwords[i].password.view();
    ossl::UniquePtr<PKCS8_PRIV_KEY_INFO> p8(
        PKCS8_decrypt_ex(encrypted, pw.data(), static_cast<int>(pw.size()), ossl::decoding_context(), nullptr));
    if (!p8) {
      if (is_cipher_unavailable())
        return ossl::make_error(ErrorCode::unsupported, "private key is encrypted with an unavailable cipher");
      continue;
    }
    ossl::UniquePtr<EVP_PKEY> key(EVP_PKCS82PKEY_ex(p8.get(), ossl::decoding_context(), nullptr));
    if (!key) return ossl::make_error(ErrorCode::unsupported, "private key of an unsupported type");
    auto pk = PrivateKey::from_pkey(key.get());
    if (!pk) return pk.error();
    return Decrypted{std::move(*pk), i};
  }
  ossl::clear_errors();
  return fail(ErrorCode::bad_password, "wrong password for the encrypted private key");
}

Result<PrivateKey> read_plain_der(std::span<const std::uint8_t> der) {
  ossl::clear_errors();
  const unsigned char* p = der.data();
  ossl::UniquePtr<EVP_PKEY> key(d2i_AutoPrivateKey_ex(nullptr, &p, static_cast<long>(der.size()), ossl::decoding_context(), nullptr));
  if (!key || p != der.data() + der.size()) {
    ossl::clear_errors();
    return fail(ErrorCode::malformed, "not a valid private key");
  }
  return PrivateKey::from_pkey(key.get());
}

Result<Decrypted> decrypt_legacy_pem(std::span<const std::uint8_t> pem_block,
                                     std::span<const PasswordCandidate> passwords) {
  for (std::size_t i = 0; i < passwords.size(); ++i) {
    ossl::clear_errors();
    auto bio = ossl::read_bio(pem_block);
    auto* user = const_cast<Secret*>(&passwords[i].password);  // the callback only reads it
    ossl::UniquePtr<EVP_PKEY> key(PEM_read_bio_PrivateKey_ex(bio.get(), nullptr, password_callback, user, ossl::decoding_context(), nullptr));
    if (!key) continue;
    auto pk = PrivateKey::from_pkey(key.get());
    if (!pk) return pk.error();
    return Decrypted{std::move(*pk), i};
  }
  ossl::clear_errors();
  return fail(ErrorCode::bad_password, "wrong password for the encrypted private key");
}

}  // namespace certkeep::keys
