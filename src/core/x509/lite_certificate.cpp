#include "core/x509/lite_certificate.h"

#include <array>
#include <bit>

#include <openssl/asn1t.h>
#include <openssl/ec.h>
#include <openssl/err.h>
#include <openssl/obj_mac.h>

#include "core/ossl/error.h"
#include "core/ossl/ptr.h"
#include "core/util/der.h"

namespace certkeep::x509 {
namespace {

// The templates of crypto/x509/x_x509.c and x_pubkey.c, the key left as X509_PUBKEY_INTERNAL reads it.
ASN1_SEQUENCE(LiteSpki) = {
    ASN1_SIMPLE(LiteSpki, algorithm, X509_ALGOR),
    ASN1_SIMPLE(LiteSpki, key, ASN1_BIT_STRING),
} static_ASN1_SEQUENCE_END(LiteSpki)

ASN1_SEQUENCE(LiteTbs) = {
    ASN1_EXP_OPT(LiteTbs, version, ASN1_INTEGER, 0),
    ASN1_SIMPLE(LiteTbs, serial, ASN1_INTEGER),
    ASN1_SIMPLE(LiteTbs, signature, X509_ALGOR),
    ASN1_SIMPLE(LiteTbs, issuer, X509_NAME),
    ASN1_SIMPLE(LiteTbs, validity, X509_VAL),
    ASN1_SIMPLE(LiteTbs, subject, X509_NAME),
    ASN1_SIMPLE(LiteTbs, key, LiteSpki),
    ASN1_IMP_OPT(LiteTbs, issuer_uid, ASN1_BIT_STRING, 1),
    ASN1_IMP_OPT(LiteTbs, subject_uid, ASN1_BIT_STRING, 2),
    ASN1_EXP_SEQUENCE_OF_OPT(LiteTbs, extensions, X509_EXTENSION, 3),
} static_ASN1_SEQUENCE_END(LiteTbs)

ASN1_SEQUENCE(LiteCertificate) = {
    ASN1_SIMPLE(LiteCertificate, tbs, LiteTbs),
    ASN1_SIMPLE(LiteCertificate, signature_algorithm, X509_ALGOR),
    ASN1_SIMPLE(LiteCertificate, signature, ASN1_BIT_STRING),
} static_ASN1_SEQUENCE_END(LiteCertificate)

constexpr std::uint8_t kSequence = 0x30, kInteger = 0x02;

// The bytes of a BIT STRING with no unused bits; nullopt otherwise.
std::optional<std::span<const std::uint8_t>> whole_octets(const ASN1_BIT_STRING* bits) {
  if ((bits->flags & ASN1_STRING_FLAG_BITS_LEFT) != 0 && (bits->flags & 0x07) != 0) return std::nullopt;
  return std::span<const std::uint8_t>(ASN1_STRING_get0_data(bits), static_cast<std::size_t>(ASN1_STRING_length(bits)));
}

// A positive INTEGER in its shortest form, as every RSA key writer encodes the modulus.
bool positive_minimal(std::span<const std::uint8_t> n) {
  if (n.empty() || n[0] >= 0x80) return false;
  return n[0] != 0 || (n.size() > 1 && n[1] >= 0x80);
}

std::size_t bit_length(std::span<const std::uint8_t> positive) {
  const std::size_t lead = positive[0] == 0 ? 1 : 0;
  if (positive.size() == lead) return 0;
  const auto top = positive[lead];
  return (positive.size() - lead - 1) * 8 + static_cast<std::size_t>(std::bit_width(top));
}

// RSAPublicKey ::= SEQUENCE { modulus INTEGER, publicExponent INTEGER } (RFC 8017 A.1.1), nothing after.
std::optional<PublicKeyInfo> rsa_key(std::span<const std::uint8_t> key) {
  constexpr std::size_t kMaxModulusBits = 16384;  // OPENSSL_RSA_MAX_MODULUS_BITS: beyond it, ask OpenSSL
  der::Cursor outer(key);
  auto seq = outer.enter(kSequence, "RSAPublicKey");
  if (!seq || !outer.at_end()) return std::nullopt;
  auto n = seq->take(kInteger, "modulus");
  auto e = n ? seq->take(kInteger, "exponent") : n;
  if (!n || !e || !seq->at_end()) return std::nullopt;
  if (!positive_minimal(n->contents()) || !positive_minimal(e->contents())) return std::nullopt;
  const std::size_t bits = bit_length(n->contents());
  if (bits == 0 || bits > kMaxModulusBits) return std::nullopt;
  return PublicKeyInfo{"RSA", static_cast<int>(bits), std::nullopt};
}

struct NamedCurve {
  int nid;
  const char* nist;
};
constexpr std::array<NamedCurve, 3> kCurves{{{NID_X9_62_prime256v1, "P-256"}, {NID_secp384r1, "P-384"}, {NID_secp521r1, "P-521"}}};

// One group per curve for the process, made on first use; only read afterwards (EC_POINT_oct2point
// takes it const), so threads share it.
const EC_GROUP* group_of(std::size_t curve) {
  static const std::array<EC_GROUP*, kCurves.size()> groups = [] {
    std::array<EC_GROUP*, kCurves.size()> g{};
    for (std::size_t i = 0; i < kCurves.size(); ++i) g[i] = EC_GROUP_new_by_curve_name(kCurves[i].nid);
    return g;
  }();
  return groups[curve];
}

// id-ecPublicKey with a named curve (RFC 5480 2.1.1): OpenSSL's decoder reads the point with
// EC_POINT_oct2point on the curve's group and keeps the key only if that succeeds; so does this.
std::optional<PublicKeyInfo> ec_key(const X509_ALGOR* algorithm, std::span<const std::uint8_t> point) {
  int type = 0;
  const void* value = nullptr;
  X509_ALGOR_get0(nullptr, &type, &value, algorithm);
  if (type != V_ASN1_OBJECT) return std::nullopt;
  const int nid = OBJ_obj2nid(static_cast<const ASN1_OBJECT*>(value));
  for (std::size_t i = 0; i < kCurves.size(); ++i) {
    if (kCurves[i].nid != nid) continue;
    const EC_GROUP* group = group_of(i);
    if (group == nullptr) return std::nullopt;
    ossl::UniquePtr<EC_POINT> p(EC_POINT_new(group));
    if (!p || EC_POINT_oct2point(group, p.get(), point.data(), point.size(), nullptr) != 1) {
      ossl::clear_errors();
      return std::nullopt;
    }
    return PublicKeyInfo{"EC", EC_GROUP_order_bits(group), std::string(kCurves[i].nist)};
  }
  return std::nullopt;
}

}  // namespace

const ASN1_ITEM* lite_certificate_item() { return ASN1_ITEM_rptr(LiteCertificate); }

LiteCertificatePtr decode_lite(std::span<const std::uint8_t> der, std::size_t& used) {
  const unsigned char* p = der.data();
  LiteCertificatePtr c(reinterpret_cast<LiteCertificate*>(
      ASN1_item_d2i(nullptr, &p, static_cast<long>(der.size()), ASN1_ITEM_rptr(LiteCertificate))));
  used = static_cast<std::size_t>(p - der.data());
  return c;
}

std::optional<PublicKeyInfo> describe_encoded_key(const LiteSpki& spki) {
  const auto key = whole_octets(spki.key);
  if (!key) return std::nullopt;
  const ASN1_OBJECT* oid = nullptr;
  X509_ALGOR_get0(&oid, nullptr, nullptr, spki.algorithm);
  switch (OBJ_obj2nid(oid)) {
    case NID_rsaEncryption: return rsa_key(*key);
    case NID_X9_62_id_ecPublicKey: return ec_key(spki.algorithm, *key);
    default: return std::nullopt;
  }
}

}  // namespace certkeep::x509
