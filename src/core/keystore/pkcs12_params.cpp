#include "core/keystore/pkcs12_params.h"

#include <limits>

namespace certkeep::pkcs12 {
namespace {

std::uint32_t iteration_count(const ASN1_INTEGER* iter) {
  const long n = iter != nullptr ? ASN1_INTEGER_get(iter) : 1;
  if (n < 0) return 0;
  return n > std::numeric_limits<std::uint32_t>::max() ? std::numeric_limits<std::uint32_t>::max() : static_cast<std::uint32_t>(n);
}

std::optional<Encryption> pbes2_params(const ASN1_TYPE* param) {
  auto p = unpack<PBE2PARAM>(ASN1_ITEM_rptr(PBE2PARAM), param);
  if (!p || p->keyfunc == nullptr || p->encryption == nullptr) return std::nullopt;
  if (OBJ_obj2nid(p->keyfunc->algorithm) != NID_id_pbkdf2) return std::nullopt;
  auto kdf = unpack<PBKDF2PARAM>(ASN1_ITEM_rptr(PBKDF2PARAM), p->keyfunc->parameter);
  const int cipher = OBJ_obj2nid(p->encryption->algorithm);
  if (!kdf || cipher == NID_undef) return std::nullopt;
  const int prf = kdf->prf == nullptr ? NID_hmacWithSHA1 : OBJ_obj2nid(kdf->prf->algorithm);
  if (prf == NID_undef) return std::nullopt;
  return Encryption{NID_pbes2, cipher, prf, iteration_count(kdf->iter)};
}

// RC2 and RC4 (40 and 128 bits) and single DES: legacy schemes too weak to protect a key added later.
bool weak_scheme(int nid) { return nid != NID_undef && nid != NID_pbes2 && nid != NID_pbe_WithSHA1And3_Key_TripleDES_CBC; }

}  // namespace

std::optional<Encryption> encryption_params(const X509_ALGOR* alg) {
  if (alg == nullptr) return std::nullopt;
  const int nid = OBJ_obj2nid(alg->algorithm);
  if (nid == NID_pbes2) return pbes2_params(alg->parameter);
  if (nid == NID_undef || EVP_PBE_find(EVP_PBE_TYPE_OUTER, nid, nullptr, nullptr, nullptr) != 1) return std::nullopt;
  auto p = unpack<PBEPARAM>(ASN1_ITEM_rptr(PBEPARAM), alg->parameter);
  if (!p) return std::nullopt;
  return Encryption{nid, NID_undef, NID_undef, iteration_count(p->iter)};
}

Mac mac_params(const PKCS12* p12) {
  if (PKCS12_mac_present(p12) != 1) return {};
  const X509_ALGOR* alg = nullptr;
  const ASN1_INTEGER* iter = nullptr;
  PKCS12_get0_mac(nullptr, &alg, nullptr, &iter, p12);
  const ASN1_OBJECT* obj = nullptr;
  X509_ALGOR_get0(&obj, nullptr, nullptr, alg);
  return Mac{OBJ_obj2nid(obj), iteration_count(iter)};
}

StoreProtection complete_protection(std::optional<Encryption> keys, std::optional<Encryption> certificates, Mac mac) {
  const StoreProtection defaults = default_protection();
  if (!keys && certificates && certificates->scheme_nid != NID_undef) {
    keys = certificates;
    if (weak_scheme(keys->scheme_nid)) keys = Encryption{NID_pbe_WithSHA1And3_Key_TripleDES_CBC, NID_undef, NID_undef, keys->iterations};
  }
  if (!keys) keys = defaults.keys;
  if (!certificates) certificates = keys;
  return StoreProtection{*keys, *certificates, mac};
}

}  // namespace certkeep::pkcs12
