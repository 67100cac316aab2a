#include "core/keystore/pkcs12_write_crypt.h"

#include <utility>

#include "core/keystore/pkcs12_protection.h"
#include "core/ossl/bio.h"
#include "core/ossl/error.h"

namespace certkeep::pkcs12 {
namespace {

// The reader refuses more (pkcs12_protection.cpp): a store certkeep writes must open in certkeep.
constexpr std::uint32_t kMaxIterations = 10'000'000;

Result<void> check_iterations(std::uint32_t iterations, const std::string& what) {
  if (iterations >= 1 && iterations <= kMaxIterations) return {};
  return fail(ErrorCode::invalid, "iteration count " + std::to_string(iterations) + " for the " + what +
                                      " is out of range (1 to 10,000,000)");
}

std::string nid_name(int nid) {
  const char* name = OBJ_nid2ln(nid);
  return name != nullptr ? name : "algorithm " + std::to_string(nid);
}

Result<ossl::UniquePtr<X509_ALGOR>> pbes2_algorithm(const Encryption& e, const std::string& what) {
  // RFC 8018 appendix A.2: a PBKDF2 without a PRF means hmacWithSHA1, so 0 is taken as that.
  const int prf = e.prf_nid == NID_undef ? NID_hmacWithSHA1 : e.prf_nid;
  if (EVP_PBE_find(EVP_PBE_TYPE_PRF, prf, nullptr, nullptr, nullptr) != 1)
    return fail(ErrorCode::invalid, "the " + what + ": " + nid_name(prf) + " is not a PBKDF2 pseudo-random function");
  const char* cipher_name = OBJ_nid2sn(e.cipher_nid);
  ossl::UniquePtr<EVP_CIPHER> cipher(cipher_name != nullptr ? EVP_CIPHER_fetch(nullptr, cipher_name, nullptr) : nullptr);
  if (!cipher) return ossl::make_error(ErrorCode::unsupported, "the " + what + ": cannot encrypt with " + nid_name(e.cipher_nid));
  ossl::clear_errors();
  ossl::UniquePtr<X509_ALGOR> alg(
      PKCS5_pbe2_set_iv_ex(cipher.get(), static_cast<int>(e.iterations), nullptr, 0, nullptr, prf, nullptr));
  if (!alg) return ossl::make_error(ErrorCode::unsupported, "the " + what + ": cannot use PBES2 with " + nid_name(e.cipher_nid));
  return alg;
}

Result<ossl::UniquePtr<X509_ALGOR>> scheme_algorithm(const Encryption& e, const std::string& what) {
  if (e.scheme_nid == NID_pbes2) return pbes2_algorithm(e, what);
  if (EVP_PBE_find(EVP_PBE_TYPE_OUTER, e.scheme_nid, nullptr, nullptr, nullptr) != 1)
    return fail(ErrorCode::invalid, "the " + what + ": " + nid_name(e.scheme_nid) + " is not a password-based encryption scheme");
  ossl::clear_errors();
  ossl::UniquePtr<X509_ALGOR> alg(PKCS5_pbe_set_ex(e.scheme_nid, static_cast<int>(e.iterations), nullptr, 0, nullptr));
  if (!alg) return ossl::make_error(ErrorCode::unsupported, "the " + what + ": cannot use " + nid_name(e.scheme_nid));
  return alg;
}

// The AlgorithmIdentifier `e` names, with a fresh random salt.
Result<ossl::UniquePtr<X509_ALGOR>> pbe_algorithm(const Encryption& e, const std::string& what) {
  if (auto ok = check_iterations(e.iterations, what); !ok) return ok.error();
  auto alg = scheme_algorithm(e, what);
  if (!alg) return alg;
  // What the reader checks before decrypting: RC2-40 without the legacy provider fails here, by name.
  if (auto ok = check_encryption_available(alg->get(), what); !ok) return ok.error();
  return alg;
}

}  // namespace

Result<Bytes> key_bag(const PrivateKey& key, const Encryption& e, const Secret& password, const BagAttributes& attributes) {
  ossl::clear_errors();
  ossl::UniquePtr<PKCS8_PRIV_KEY_INFO> p8(EVP_PKEY2PKCS8(key.pkey()));
  if (!p8) return ossl::make_error(ErrorCode::unsupported, "cannot encode the private key as PKCS#8");
  if (e.scheme_nid == NID_undef) {
    auto plain = ossl::to_der(p8.get(), i2d_PKCS8_PRIV_KEY_INFO);
    if (plain.empty()) return ossl::make_error(ErrorCode::internal, "cannot make a PKCS#12 key bag");
    auto bag = make_safe_bag(BagType::key, plain, attributes);
    OPENSSL_cleanse(plain.data(), plain.size());
    return bag;
  }
  auto alg = pbe_algorithm(e, "private keys");
  if (!alg) return alg.error();
  ossl::UniquePtr<X509_SIG> sig(PKCS8_set0_pbe_ex(password.c_str(), static_cast<int>(password.view().size()), p8.get(),
                                                  alg->get(), nullptr, nullptr));
  if (!sig) return ossl::make_error(ErrorCode::unsupported, "cannot encrypt the private key");
  (void)alg->release();  // set0: now owned by `sig`
  const auto sealed = ossl::to_der(sig.get(), i2d_X509_SIG);
  if (sealed.empty()) return ossl::make_error(ErrorCode::internal, "cannot make a PKCS#12 shrouded key bag");
  return make_safe_bag(BagType::shrouded_key, sealed, attributes);
}

Result<ossl::UniquePtr<PKCS7>> safe(std::span<const std::uint8_t> contents, const Encryption& e, const Secret& password,
                                    const std::string& what) {
  ossl::clear_errors();
  const int length = static_cast<int>(contents.size());
  if (e.scheme_nid == NID_undef) {
    ossl::UniquePtr<PKCS7> p7(PKCS7_new());
    if (!p7 || PKCS7_set_type(p7.get(), NID_pkcs7_data) != 1 || ASN1_OCTET_STRING_set(p7->d.data, contents.data(), length) != 1)
      return ossl::make_error(ErrorCode::internal, "cannot encode the " + what);
    return p7;
  }
  auto alg = pbe_algorithm(e, what);
  if (!alg) return alg.error();
  // What PKCS12_pack_p7encdata_ex does, with an AlgorithmIdentifier of our own: it has no PBES2 PRF.
  ossl::UniquePtr<PKCS7> p7(PKCS7_new());
  if (!p7 || PKCS7_set_type(p7.get(), NID_pkcs7_encrypted) != 1)
    return ossl::make_error(ErrorCode::internal, "cannot make an encrypted PKCS#12 safe");
  PKCS7_ENC_CONTENT* content = p7->d.encrypted->enc_data;
  unsigned char* encrypted = nullptr;
  int encrypted_length = 0;
  if (PKCS12_pbe_crypt_ex(alg->get(), password.c_str(), static_cast<int>(password.view().size()), contents.data(), length,
                          &encrypted, &encrypted_length, 1, nullptr, nullptr) == nullptr)
    return ossl::make_error(ErrorCode::unsupported, "cannot encrypt the " + what);
  ossl::UniquePtr<ASN1_OCTET_STRING> data(ASN1_OCTET_STRING_new());
  if (!data) {
    OPENSSL_free(encrypted);
    return fail(ErrorCode::internal, "out of memory");
  }
  ASN1_STRING_set0(data.get(), encrypted, encrypted_length);  // set0: now owned by `data`
  const ossl::UniquePtr<X509_ALGOR> old_alg(std::exchange(content->algorithm, alg->release()));
  const ossl::UniquePtr<ASN1_OCTET_STRING> old_data(std::exchange(content->enc_data, data.release()));
  return p7;
}

Result<void> add_mac(PKCS12* p12, const Mac& mac, const Secret& password) {
  if (mac.digest_nid == NID_undef) return {};
  if (auto ok = check_iterations(mac.iterations, "MAC"); !ok) return ok;
  const char* name = OBJ_nid2sn(mac.digest_nid);
  ossl::UniquePtr<EVP_MD> md(name != nullptr ? EVP_MD_fetch(nullptr, name, nullptr) : nullptr);
  if (!md) return ossl::make_error(ErrorCode::unsupported, "cannot compute a MAC with " + nid_name(mac.digest_nid));
  ossl::clear_errors();
  if (PKCS12_set_mac(p12, password.c_str(), static_cast<int>(password.view().size()), nullptr, 0,
                     static_cast<int>(mac.iterations), md.get()) != 1)
    return ossl::make_error(ErrorCode::unsupported, "cannot compute a MAC with " + nid_name(mac.digest_nid));
  return {};
}

}  // namespace certkeep::pkcs12
