#include "core/keystore/jks_keys.h"

#include <algorithm>
#include <optional>
#include <string>

#include <openssl/objects.h>
#include <openssl/x509.h>

#include "core/keystore/jks_protection.h"
#include "core/keystore/jks_text.h"
#include "core/ossl/error.h"
#include "core/ossl/ptr.h"

namespace certkeep::jks {
namespace {

struct Protection {
  bool pbe = false;  // PBEWithMD5AndTripleDES; otherwise Sun's key protector
  PbeParameters params;
  std::span<const std::uint8_t> data;  // borrowed from the X509_SIG
};

std::string oid_text(const ASN1_OBJECT* oid) {
  char buf[128] = {};
  const int n = OBJ_obj2txt(buf, sizeof buf, oid, 1);
  return n > 0 && static_cast<std::size_t>(n) < sizeof buf ? std::string(buf) : std::string("?");
}

// PBEParameter ::= SEQUENCE { salt OCTET STRING (8 bytes), iterationCount INTEGER } (PKCS#5 / RFC 8018 A.3)
Result<PbeParameters> read_pbe_parameters(int ptype, const void* pval) {
  if (ptype != V_ASN1_SEQUENCE) return fail(ErrorCode::malformed, "PBEWithMD5AndTripleDES parameters are missing");
  const auto* seq = static_cast<const ASN1_STRING*>(pval);
  const unsigned char* p = ASN1_STRING_get0_data(seq);
  ossl::UniquePtr<PBEPARAM> pbe(d2i_PBEPARAM(nullptr, &p, ASN1_STRING_length(seq)));
  std::int64_t iterations = 0;
  if (!pbe || ASN1_STRING_length(pbe->salt) != 8 || ASN1_INTEGER_get_int64(&iterations, pbe->iter) != 1 ||
      iterations < 1 || iterations > 0xFFFFFFFFLL) {
    ossl::clear_errors();
    return fail(ErrorCode::malformed, "bad PBEWithMD5AndTripleDES parameters (salt or iteration count)");
  }
  PbeParameters out;
  std::copy_n(ASN1_STRING_get0_data(pbe->salt), out.salt.size(), out.salt.begin());
  out.iterations = static_cast<std::uint32_t>(iterations);
  return out;
}

Result<Protection> read_protection(const X509_SIG* sig) {
  const X509_ALGOR* alg = nullptr;
  const ASN1_OCTET_STRING* data = nullptr;
  X509_SIG_get0(sig, &alg, &data);
  const ASN1_OBJECT* oid = nullptr;
  int ptype = 0;
  const void* pval = nullptr;
  X509_ALGOR_get0(&oid, &ptype, &pval, alg);
  Protection p;
  p.data = {ASN1_STRING_get0_data(data), static_cast<std::size_t>(ASN1_STRING_length(data))};
  const auto text = oid_text(oid);
  if (text == kSunKeyProtectorOid) return p;
  if (text != kPbeMd5TripleDesOid)
    return fail(ErrorCode::unsupported, "private key protected with an unknown algorithm (OID " + text + ")");
  auto params = read_pbe_parameters(ptype, pval);
  if (!params) return params.error();
  p.pbe = true;
  p.params = *params;
  return p;
}

Result<std::optional<WipedBytes>> unprotect(const Protection& p, const Secret& password, PbeBudget& budget) {
  if (!p.pbe) return sun_unprotect(p.data, password_utf16be(password.view()).view());
  if (p.params.iterations > budget.iterations_left)
    return fail(ErrorCode::unsupported, "the keystore asks for more key derivation work than certkeep spends on one file");
  budget.iterations_left -= p.params.iterations;
  const auto pw = password.view();
  return pbe_md5_3des_decrypt(p.data, p.params, {reinterpret_cast<const std::uint8_t*>(pw.data()), pw.size()});
}

// Candidate indices: `first`, then every other in order.
std::size_t nth_candidate(std::size_t k, std::size_t first) { return k == 0 ? first : (k <= first ? k - 1 : k); }

// The whole of `der` as an EncryptedPrivateKeyInfo; null (errors left queued) when it is not one.
ossl::UniquePtr<X509_SIG> parse_encrypted_key(std::span<const std::uint8_t> der) {
  ossl::clear_errors();
  const unsigned char* p = der.data();
  ossl::UniquePtr<X509_SIG> sig(d2i_X509_SIG(nullptr, &p, static_cast<long>(der.size())));
  if (sig && p != der.data() + der.size()) sig.reset();
  return sig;
}

}  // namespace

Result<keys::Decrypted> recover_private_key(std::span<const std::uint8_t> der,
                                            std::span<const PasswordCandidate> candidates, std::size_t first,
                                            PbeBudget& budget) {
  const auto sig = parse_encrypted_key(der);
  if (!sig) return ossl::make_error(ErrorCode::malformed, "protected key is not a valid EncryptedPrivateKeyInfo");
  auto protection = read_protection(sig.get());
  if (!protection) return protection.error();
  if (first >= candidates.size()) first = 0;
  for (std::size_t k = 0; k < candidates.size(); ++k) {
    const std::size_t i = nth_candidate(k, first);
    auto plain = unprotect(*protection, candidates[i].password, budget);
    if (!plain) return plain.error();
    if (!*plain) continue;
    auto key = PrivateKey::from_pkcs8_der((*plain)->view());
    if (key) return keys::Decrypted{std::move(*key), i};
    // PBE padding can come out right by chance under a wrong password; Sun's check digest cannot.
    if (protection->pbe && key.error().code == ErrorCode::malformed) continue;
    return key.error();
  }
  return fail(ErrorCode::bad_password, "no password opens the private key");
}

std::optional<std::uint32_t> pbe_iterations(std::span<const std::uint8_t> der) {
  const auto sig = parse_encrypted_key(der);
  ossl::clear_errors();
  if (!sig) return std::nullopt;
  const auto protection = read_protection(sig.get());
  if (!protection || !protection->pbe) return std::nullopt;
  return protection->params.iterations;
}

}  // namespace certkeep::jks
