#include "core/keystore/jks_write_keys.h"

#include <algorithm>
#include <array>
#include <string>
#include <tuple>

#include <openssl/objects.h>
#include <openssl/rand.h>
#include <openssl/x509.h>

#include "core/keystore/jks_protection.h"
#include "core/keystore/jks_text.h"
#include "core/keystore/jks_wiped.h"
#include "core/ossl/bio.h"
#include "core/ossl/error.h"
#include "core/ossl/ptr.h"

namespace certkeep::jks {
namespace {

Result<WipedBytes> pkcs8_of(const PrivateKey& key) {
  ossl::clear_errors();
  const ossl::UniquePtr<PKCS8_PRIV_KEY_INFO> p8(EVP_PKEY2PKCS8(key.pkey()));
  const int n = p8 ? i2d_PKCS8_PRIV_KEY_INFO(p8.get(), nullptr) : 0;
  if (n <= 0) return ossl::make_error(ErrorCode::internal, "cannot encode the private key as PKCS#8");
  WipedBytes out(static_cast<std::size_t>(n));
  unsigned char* p = out.bytes().data();
  if (i2d_PKCS8_PRIV_KEY_INFO(p8.get(), &p) != n)
    return ossl::make_error(ErrorCode::internal, "cannot encode the private key as PKCS#8");
  return out;
}

template <std::size_t N>
Result<std::array<std::uint8_t, N>> random_salt() {
  std::array<std::uint8_t, N> salt{};
  if (RAND_bytes(salt.data(), static_cast<int>(N)) != 1)
    return ossl::make_error(ErrorCode::internal, "cannot draw a random salt");
  return salt;
}

// What com.sun.crypto.provider.PBEKey accepts: U+0020..U+007E.
bool printable_ascii(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return c >= 0x20 && c <= 0x7E; });
}

// PBEParameter ::= SEQUENCE { salt OCTET STRING, iterationCount INTEGER } (RFC 8018 A.3), DER.
Result<ossl::UniquePtr<ASN1_STRING>> pbe_parameter(const PbeParameters& params) {
  const ossl::UniquePtr<PBEPARAM> pbe(PBEPARAM_new());
  ASN1_STRING* packed = nullptr;
  if (!pbe || ASN1_OCTET_STRING_set(pbe->salt, params.salt.data(), static_cast<int>(params.salt.size())) != 1 ||
      ASN1_INTEGER_set_uint64(pbe->iter, params.iterations) != 1 ||
      ASN1_item_pack(pbe.get(), ASN1_ITEM_rptr(PBEPARAM), &packed) == nullptr)
    return ossl::make_error(ErrorCode::internal, "cannot encode PBE parameters");
  return ossl::UniquePtr<ASN1_STRING>(packed);
}

// EncryptedPrivateKeyInfo ::= SEQUENCE { AlgorithmIdentifier {oid, parameters}, OCTET STRING data }.
// `parameters` null: an explicit NULL, as the JDK's AlgorithmId writes one for an unknown algorithm.
Result<std::vector<std::uint8_t>> encrypted_private_key_info(std::string_view oid,
                                                             ossl::UniquePtr<ASN1_STRING> parameters,
                                                             std::span<const std::uint8_t> data) {
  ossl::UniquePtr<X509_SIG> sig(X509_SIG_new());
  ossl::UniquePtr<ASN1_OBJECT> object(OBJ_txt2obj(std::string(oid).c_str(), 1));
  X509_ALGOR* alg = nullptr;
  ASN1_OCTET_STRING* octets = nullptr;
  if (sig) X509_SIG_getm(sig.get(), &alg, &octets);
  const int ptype = parameters ? V_ASN1_SEQUENCE : V_ASN1_NULL;
  if (!sig || !object || X509_ALGOR_set0(alg, object.get(), ptype, parameters.get()) != 1)
    return ossl::make_error(ErrorCode::internal, "cannot encode the protected key");
  (void)object.release();  // set0: both are owned by `alg` now
  (void)parameters.release();
  auto der = ASN1_OCTET_STRING_set(octets, data.data(), static_cast<int>(data.size())) == 1
                 ? ossl::to_der(sig.get(), i2d_X509_SIG)
                 : std::vector<std::uint8_t>{};
  if (der.empty()) return ossl::make_error(ErrorCode::internal, "cannot encode the protected key");
  return der;
}

Result<std::vector<std::uint8_t>> sun_protected(std::span<const std::uint8_t> plain, const Secret& password) {
  auto salt = random_salt<kSunSaltSize>();
  if (!salt) return salt.error();
  auto data = sun_protect(plain, *salt, password_utf16be(password.view()).view());
  if (!data) return data.error();
  return encrypted_private_key_info(kSunKeyProtectorOid, nullptr, *data);
}

Result<std::vector<std::uint8_t>> pbe_protected(std::span<const std::uint8_t> plain, const Secret& password,
                                                std::uint32_t iterations) {
  if (!printable_ascii(password.view()))
    return fail(ErrorCode::invalid, "JCEKS key passwords must be printable ASCII (the JDK refuses others)");
  auto salt = random_salt<std::tuple_size_v<decltype(PbeParameters::salt)>>();
  if (!salt) return salt.error();
  const PbeParameters params{*salt, iterations};
  const auto pw = password.view();
  auto data = pbe_md5_3des_encrypt(plain, params, {reinterpret_cast<const std::uint8_t*>(pw.data()), pw.size()});
  if (!data) return data.error();
  auto parameter = pbe_parameter(params);
  if (!parameter) return parameter.error();
  return encrypted_private_key_info(kPbeMd5TripleDesOid, std::move(*parameter), *data);
}

}  // namespace

Result<std::vector<std::uint8_t>> protect_private_key(const PrivateKey& key, const Secret& password,
                                                      const KeyProtection& how) {
  auto plain = pkcs8_of(key);
  if (!plain) return plain.error();
  return how.pbe ? pbe_protected(plain->view(), password, how.iterations) : sun_protected(plain->view(), password);
}

}  // namespace certkeep::jks
