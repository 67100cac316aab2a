// PEM encoding of certificates, requests and private keys (RFC 7468) (issue.h).
#include <openssl/pem.h>

#include "core/ossl/bio.h"
#include "core/ossl/error.h"
#include "core/ossl/ptr.h"
#include "core/x509/issue.h"

namespace certkeep {
namespace {

constexpr int kSaltBytes = 16;  // RFC 8018 section 4.1 asks for at least 8; NIST SP 800-132 for 16

std::string pem_block(const char* label, std::span<const std::uint8_t> der) {
  const ossl::UniquePtr<BIO> bio(BIO_new(BIO_s_mem()));
  if (!bio || PEM_write_bio(bio.get(), label, "", der.data(), static_cast<long>(der.size())) <= 0) return {};
  return ossl::bio_to_string(bio.get());
}

// EncryptedPrivateKeyInfo (RFC 5208 section 6) under PBES2 (RFC 8018 section 6.2): PBKDF2 with
// HMAC-SHA256, a random salt and kPkcs8Iterations, then AES-256-CBC with a random IV.
Result<ossl::UniquePtr<X509_SIG>> encrypt(PKCS8_PRIV_KEY_INFO* p8, const Secret& password) {
  ossl::UniquePtr<X509_ALGOR> pbe(PKCS5_pbe2_set_iv_ex(EVP_aes_256_cbc(), kPkcs8Iterations, nullptr, kSaltBytes,
                                                       nullptr, NID_hmacWithSHA256, nullptr));
  if (!pbe) return ossl::make_error(ErrorCode::internal, "cannot set up PBES2 parameters");
  ossl::UniquePtr<X509_SIG> sig(PKCS8_set0_pbe_ex(password.c_str(), static_cast<int>(password.view().size()), p8,
                                                  pbe.get(), nullptr, nullptr));
  if (!sig) return ossl::make_error(ErrorCode::internal, "cannot encrypt the private key");
  (void)pbe.release();  // now owned by `sig`
  return sig;
}

}  // namespace

std::string csr_pem(std::span<const std::uint8_t> der) { return pem_block("CERTIFICATE REQUEST", der); }

std::string certificates_pem(std::span<const Certificate> certs) {
  std::string out;
  for (const auto& cert : certs) out += pem_block("CERTIFICATE", cert.der());
  return out;
}

// OpenSSL's memory BIO and PKCS#8 structures clear their buffers when freed, so the plaintext key
// encoding is wiped here; the returned unencrypted PEM is the caller's to protect.
Result<std::string> private_key_pem(const PrivateKey& key, const std::optional<Secret>& password) {
  ossl::clear_errors();
  const ossl::UniquePtr<PKCS8_PRIV_KEY_INFO> p8(EVP_PKEY2PKCS8(key.pkey()));
  const ossl::UniquePtr<BIO> bio(BIO_new(BIO_s_mem()));
  if (!p8 || !bio) return ossl::make_error(ErrorCode::unsupported, "cannot encode the private key as PKCS#8");
  if (!password) {
    if (PEM_write_bio_PKCS8_PRIV_KEY_INFO(bio.get(), p8.get()) != 1)
      return ossl::make_error(ErrorCode::internal, "cannot write the private key");
    return ossl::bio_to_string(bio.get());
  }
  auto sig = encrypt(p8.get(), *password);
  if (!sig) return sig.error();
  if (PEM_write_bio_PKCS8(bio.get(), sig->get()) != 1)
    return ossl::make_error(ErrorCode::internal, "cannot write the encrypted private key");
  return ossl::bio_to_string(bio.get());
}

}  // namespace certkeep
