#include "core/keystore/pkcs12_protection.h"

#include <algorithm>
#include <array>
#include <utility>

#include "core/keystore/pkcs12_params.h"
#include "core/ossl/error.h"
#include "core/ossl/ptr.h"

namespace certkeep::pkcs12 {
namespace {

// The long name OpenSSL knows an OID by ("pbeWithSHA1And3-KeyTripleDES-CBC"), else its dotted form.
std::string object_name(const ASN1_OBJECT* obj) {
  std::array<char, 128> buf{};
  if (obj == nullptr || OBJ_obj2txt(buf.data(), static_cast<int>(buf.size()), obj, 0) <= 0) return "unknown algorithm";
  return buf.data();
}

std::string iterations(const ASN1_INTEGER* iter) {
  if (iter == nullptr) return {};
  return " (" + std::to_string(ASN1_INTEGER_get(iter)) + " iterations)";
}

// hmacWithSHA256 -> HMAC-SHA256; RFC 8018 appendix A.2 makes hmacWithSHA1 the default PRF.
std::string prf_name(const X509_ALGOR* prf) {
  const int nid = prf == nullptr ? NID_hmacWithSHA1 : OBJ_obj2nid(prf->algorithm);
  if (nid == NID_undef) return object_name(prf->algorithm);
  std::string sn = OBJ_nid2sn(nid);
  const std::string prefix = "hmacWith";
  return sn.starts_with(prefix) ? "HMAC-" + sn.substr(prefix.size()) : sn;
}

struct Kdf {
  std::string name;
  std::string iterations;
};

Kdf describe_kdf(const X509_ALGOR* keyfunc) {
  const int nid = OBJ_obj2nid(keyfunc->algorithm);
  if (nid == NID_id_scrypt) return {"scrypt", {}};
  if (nid != NID_id_pbkdf2) return {object_name(keyfunc->algorithm), {}};
  auto p = unpack<PBKDF2PARAM>(ASN1_ITEM_rptr(PBKDF2PARAM), keyfunc->parameter);
  if (!p) return {"PBKDF2 (damaged parameters)", {}};
  return {"PBKDF2-" + prf_name(p->prf), iterations(p->iter)};
}

std::string describe_pbes2(const ASN1_TYPE* param) {
  auto p = unpack<PBE2PARAM>(ASN1_ITEM_rptr(PBE2PARAM), param);
  if (!p || p->keyfunc == nullptr || p->encryption == nullptr) return "PBES2 (damaged parameters)";
  const auto kdf = describe_kdf(p->keyfunc);
  const int cipher = OBJ_obj2nid(p->encryption->algorithm);
  const std::string cipher_name = cipher == NID_undef ? object_name(p->encryption->algorithm) : OBJ_nid2sn(cipher);
  return "PBES2 " + kdf.name + " " + cipher_name + kdf.iterations;
}

bool is_known_pbe(int nid) { return EVP_PBE_find(EVP_PBE_TYPE_OUTER, nid, nullptr, nullptr, nullptr) == 1; }

bool cipher_available(int nid) {
  ossl::UniquePtr<EVP_CIPHER> c(EVP_CIPHER_fetch(nullptr, OBJ_nid2sn(nid), nullptr));
  ossl::clear_errors();
  return c != nullptr;
}

bool digest_available(int nid) {
  ossl::UniquePtr<EVP_MD> md(EVP_MD_fetch(nullptr, OBJ_nid2sn(nid), nullptr));
  ossl::clear_errors();
  return md != nullptr;
}

Unexpected cannot_decrypt(const std::string& what, const std::string& algorithm) {
  return fail(ErrorCode::unsupported, "the " + what + " are encrypted with " + algorithm +
                                          ", which this OpenSSL cannot load (install or enable its legacy provider)");
}

// A hostile file can ask for 2^31 key-derivation iterations per password candidate; no real tool writes
// more than a few hundred thousand (NSS: 600,000).
constexpr long kMaxIterations = 10'000'000;

Result<void> check_iterations(const ASN1_INTEGER* iter, const std::string& what) {
  const long n = iter != nullptr ? ASN1_INTEGER_get(iter) : 1;
  if (n >= 0 && n <= kMaxIterations) return {};
  return fail(ErrorCode::unsupported, "encryption of the " + what + ": " + std::to_string(n) +
                                          " key-derivation iterations is beyond certkeep's limit of 10,000,000");
}

Result<void> check_pbes2(const X509_ALGOR* alg, const std::string& what) {
  auto p = unpack<PBE2PARAM>(ASN1_ITEM_rptr(PBE2PARAM), alg->parameter);
  if (!p || p->keyfunc == nullptr || p->encryption == nullptr)
    return fail(ErrorCode::malformed, "damaged PBES2 parameters on the " + what);
  const int kdf = OBJ_obj2nid(p->keyfunc->algorithm);
  if (kdf != NID_id_pbkdf2 && kdf != NID_id_scrypt)
    return fail(ErrorCode::unsupported, "the " + what + " use the unsupported key derivation " + object_name(p->keyfunc->algorithm));
  const int cipher = OBJ_obj2nid(p->encryption->algorithm);
  if (cipher == NID_undef || !cipher_available(cipher))
    return cannot_decrypt(what, object_name(p->encryption->algorithm));
  if (kdf == NID_id_pbkdf2) {
    auto kp = unpack<PBKDF2PARAM>(ASN1_ITEM_rptr(PBKDF2PARAM), p->keyfunc->parameter);
    if (!kp) return fail(ErrorCode::malformed, "damaged PBKDF2 parameters on the " + what);
    return check_iterations(kp->iter, what);
  }
  return {};
}

}  // namespace

Cipher unencrypted() { return {"unencrypted", false, Encryption{}}; }

Cipher describe_encryption(const X509_ALGOR* alg) {
  if (alg == nullptr) return {"unknown algorithm", false, std::nullopt};
  const int nid = OBJ_obj2nid(alg->algorithm);
  if (nid == NID_pbes2) return {describe_pbes2(alg->parameter), false, encryption_params(alg)};
  auto p = unpack<PBEPARAM>(ASN1_ITEM_rptr(PBEPARAM), alg->parameter);
  return {object_name(alg->algorithm) + iterations(p ? p->iter : nullptr), is_known_pbe(nid), encryption_params(alg)};
}

Result<void> check_encryption_available(const X509_ALGOR* alg, const std::string& what) {
  if (alg == nullptr) return fail(ErrorCode::malformed, "the " + what + " have no encryption algorithm");
  const int nid = OBJ_obj2nid(alg->algorithm);
  if (nid == NID_pbes2) return check_pbes2(alg, what);
  int cipher = NID_undef;
  int digest = NID_undef;
  if (EVP_PBE_find(EVP_PBE_TYPE_OUTER, nid, &cipher, &digest, nullptr) != 1)
    return fail(ErrorCode::unsupported, "the " + what + " are encrypted with the unknown algorithm " + object_name(alg->algorithm));
  if ((cipher != NID_undef && cipher != -1 && !cipher_available(cipher)) ||
      (digest != NID_undef && digest != -1 && !digest_available(digest)))
    return cannot_decrypt(what, object_name(alg->algorithm));
  auto p = unpack<PBEPARAM>(ASN1_ITEM_rptr(PBEPARAM), alg->parameter);
  return check_iterations(p ? p->iter : nullptr, what);
}

std::string describe_mac(const PKCS12* p12) {
  if (PKCS12_mac_present(p12) != 1) return "no MAC";
  const X509_ALGOR* alg = nullptr;
  const ASN1_INTEGER* iter = nullptr;
  PKCS12_get0_mac(nullptr, &alg, nullptr, &iter, p12);
  const ASN1_OBJECT* obj = nullptr;
  X509_ALGOR_get0(&obj, nullptr, nullptr, alg);
  const int nid = OBJ_obj2nid(obj);
  const std::string name = nid == NID_undef ? object_name(obj) : "HMAC-" + std::string(OBJ_nid2sn(nid));
  // RFC 7292 section 4: iterations INTEGER DEFAULT 1.
  return "MAC " + name + (iter != nullptr ? iterations(iter) : " (1 iteration)");
}

Result<void> check_mac_available(const PKCS12* p12) {
  if (PKCS12_mac_present(p12) != 1) return {};
  const X509_ALGOR* alg = nullptr;
  PKCS12_get0_mac(nullptr, &alg, nullptr, nullptr, p12);
  const ASN1_OBJECT* obj = nullptr;
  X509_ALGOR_get0(&obj, nullptr, nullptr, alg);
  const int nid = OBJ_obj2nid(obj);
  if (nid == NID_undef || !digest_available(nid))
    return fail(ErrorCode::unsupported, "the store's MAC uses " + object_name(obj) + ", which this OpenSSL cannot compute");
  return {};
}

void ProtectionSummary::add_keys(const Cipher& c) {
  if (!std::exchange(keys_seen_, true)) first_keys_ = c.params;
  legacy_ = legacy_ || c.legacy;
  if (std::ranges::find(keys_, c.description) == keys_.end()) keys_.push_back(c.description);
}

void ProtectionSummary::add_certificates(const Cipher& c) {
  if (!std::exchange(certificates_seen_, true)) first_certificates_ = c.params;
  legacy_ = legacy_ || c.legacy;
  if (std::ranges::find(certificates_, c.description) == certificates_.end()) certificates_.push_back(c.description);
}

StoreProtection ProtectionSummary::write_protection(const Mac& mac) const {
  return complete_protection(first_keys_, first_certificates_, mac);
}

std::string ProtectionSummary::text(const std::string& mac) const {
  const auto join = [](const std::vector<std::string>& v) {
    std::string out;
    for (const auto& s : v) out += (out.empty() ? "" : " and ") + s;
    return out;
  };
  std::string out = legacy_ ? "legacy: " : "";
  if (!keys_.empty()) out += "keys " + join(keys_) + ", ";
  if (!certificates_.empty()) out += "certificates " + join(certificates_) + ", ";
  return out + mac;
}

}  // namespace certkeep::pkcs12
