#include "core/x509/details.h"

#include <array>
#include <cstdio>
#include <ctime>

#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/x509v3.h>

#include "core/ossl/bio.h"
#include "core/ossl/error.h"
#include "core/ossl/ptr.h"
#include "core/ossl/time.h"

namespace certkeep::x509 {
namespace {

std::string name_with_flags(const X509_NAME* name, unsigned long flags) {
  std::string out;
  if (auto bio = ossl::string_bio(out)) X509_NAME_print_ex(bio.get(), name, 0, flags);
  return out;
}

std::string serial_hex(const ASN1_INTEGER* serial) {
  ossl::UniquePtr<BIGNUM> bn(ASN1_INTEGER_to_BN(serial, nullptr));
  if (!bn) return {};
  ossl::OpensslString hex(BN_bn2hex(bn.get()));
  return hex ? std::string(hex.get()) : std::string();
}

std::string ip_text(const ASN1_OCTET_STRING* ip) {
  const auto* d = ASN1_STRING_get0_data(ip);
  const int n = ASN1_STRING_length(ip);
  char buf[64];
  if (n == 4) {
    (void)std::snprintf(buf, sizeof buf, "%d.%d.%d.%d", d[0], d[1], d[2], d[3]);
    return buf;
  }
  if (n == 16) {
    std::string out;
    for (int i = 0; i < 16; i += 2) {
      (void)std::snprintf(buf, sizeof buf, "%s%x", i ? ":" : "", (d[i] << 8) | d[i + 1]);
      out += buf;
    }
    return out;
  }
  return colon_hex({d, static_cast<std::size_t>(n)});
}

std::string asn1_string_text(const ASN1_STRING* s) {
  return std::string(reinterpret_cast<const char*>(ASN1_STRING_get0_data(s)),
                     static_cast<std::size_t>(ASN1_STRING_length(s)));
}

std::string object_name(const ASN1_OBJECT* obj) {
  const int nid = OBJ_obj2nid(obj);
  if (nid != NID_undef) return OBJ_nid2sn(nid);
  char buf[128];
  OBJ_obj2txt(buf, sizeof buf, obj, 1);
  return buf;
}

}  // namespace

GeneralName general_name(const GENERAL_NAME* gn) {
  switch (gn->type) {
    case GEN_DNS: return {"DNS", asn1_string_text(gn->d.dNSName)};
    case GEN_EMAIL: return {"email", asn1_string_text(gn->d.rfc822Name)};
    case GEN_URI: return {"URI", asn1_string_text(gn->d.uniformResourceIdentifier)};
    case GEN_IPADD: return {"IP", ip_text(gn->d.iPAddress)};
    case GEN_DIRNAME: return {"dirName", name_rfc4514(gn->d.directoryName)};
    case GEN_RID: return {"RID", object_name(gn->d.registeredID)};
    case GEN_OTHERNAME: return {"otherName", object_name(gn->d.otherName->type_id)};
    default: return {"other", ""};
  }
}

namespace {

// The decoded extension `nid` (X509_get_ext_d2i reads the same list the same way): null when absent,
// present twice, or undecodable.
template <typename T>
ossl::UniquePtr<T> extension(const CertificateView& c, int nid) {
  return ossl::UniquePtr<T>(static_cast<T*>(X509V3_get_d2i(c.extensions, nid, nullptr, nullptr)));
}

std::vector<GeneralName> subject_alt_names(const CertificateView& c) {
  std::vector<GeneralName> out;
  const auto names = extension<GENERAL_NAMES>(c, NID_subject_alt_name);
  if (!names) return out;
  for (int i = 0; i < sk_GENERAL_NAME_num(names.get()); ++i)
    out.push_back(general_name(sk_GENERAL_NAME_value(names.get(), i)));
  return out;
}

// RFC 5280 4.2.1.3 bit order.
constexpr std::array<const char*, 9> kKeyUsageNames = {
    "digitalSignature", "nonRepudiation", "keyEncipherment", "dataEncipherment", "keyAgreement",
    "keyCertSign",      "cRLSign",        "encipherOnly",    "decipherOnly"};

std::optional<std::vector<std::string>> key_usage(const CertificateView& c) {
  const auto ku = extension<ASN1_BIT_STRING>(c, NID_key_usage);
  if (!ku) return std::nullopt;
  std::vector<std::string> out;
  for (std::size_t i = 0; i < kKeyUsageNames.size(); ++i)
    if (ASN1_BIT_STRING_get_bit(ku.get(), static_cast<int>(i))) out.emplace_back(kKeyUsageNames[i]);
  return out;
}

std::optional<std::vector<std::string>> extended_key_usage(const CertificateView& c) {
  const auto eku = extension<EXTENDED_KEY_USAGE>(c, NID_ext_key_usage);
  if (!eku) return std::nullopt;
  std::vector<std::string> out;
  out.reserve(static_cast<std::size_t>(sk_ASN1_OBJECT_num(eku.get())));
  for (int i = 0; i < sk_ASN1_OBJECT_num(eku.get()); ++i)
    out.push_back(object_name(sk_ASN1_OBJECT_value(eku.get(), i)));
  return out;
}

std::optional<BasicConstraints> basic_constraints(const CertificateView& c) {
  const auto bc = extension<BASIC_CONSTRAINTS>(c, NID_basic_constraints);
  if (!bc) return std::nullopt;
  BasicConstraints out;
  out.ca = bc->ca != 0;
  if (bc->pathlen != nullptr) out.path_len = ASN1_INTEGER_get(bc->pathlen);
  return out;
}

std::optional<std::string> octets_hex(const ASN1_OCTET_STRING* s) {
  if (s == nullptr) return std::nullopt;
  return colon_hex({ASN1_STRING_get0_data(s), static_cast<std::size_t>(ASN1_STRING_length(s))});
}

// The key identifiers are decoded from their extensions alone. X509_get0_subject_key_id would first
// have OpenSSL cache every extension and a SHA-1 of the certificate, a third of the cost of the details;
// both read the same extension the same way (a duplicated extension gives none).
std::optional<std::string> subject_key_id(const CertificateView& c) {
  const auto skid = extension<ASN1_OCTET_STRING>(c, NID_subject_key_identifier);
  return octets_hex(skid.get());
}

std::optional<std::string> authority_key_id(const CertificateView& c) {
  const auto akid = extension<AUTHORITY_KEYID>(c, NID_authority_key_identifier);
  return akid ? octets_hex(akid->keyid) : std::nullopt;
}

std::string curve_name(const EVP_PKEY* key) {
  char name[80] = {};
  std::size_t len = 0;
  if (EVP_PKEY_get_utf8_string_param(key, OSSL_PKEY_PARAM_GROUP_NAME, name, sizeof name, &len) != 1) return {};
  const int nid = OBJ_sn2nid(name);
  const char* nist = nid != NID_undef ? EC_curve_nid2nist(nid) : nullptr;
  return nist != nullptr ? std::string(nist) : std::string(name);
}

}  // namespace

std::string name_oneline(const X509_NAME* name) {
  return name_with_flags(name, XN_FLAG_ONELINE & ~ASN1_STRFLGS_ESC_MSB);
}

std::string name_rfc4514(const X509_NAME* name) {
  return name_with_flags(name, XN_FLAG_RFC2253 & ~ASN1_STRFLGS_ESC_MSB);
}

std::string colon_hex(std::span<const std::uint8_t> bytes) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(bytes.size() * 3);
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    if (i) out += ':';
    out += kHex[bytes[i] >> 4];
    out += kHex[bytes[i] & 0xF];
  }
  return out;
}

std::string fingerprint(std::span<const std::uint8_t> der, const char* digest) {
  // Implicit fetches (EVP_md5() and friends) are looked up on every use in OpenSSL 3; fetch each
  // digest once per process instead. The fetched objects live as long as the process.
  static const EVP_MD* const kMd5 = EVP_MD_fetch(nullptr, "MD5", nullptr);
  static const EVP_MD* const kSha1 = EVP_MD_fetch(nullptr, "SHA1", nullptr);
  static const EVP_MD* const kSha256 = EVP_MD_fetch(nullptr, "SHA256", nullptr);
  const std::string_view name(digest);
  const EVP_MD* alg = name == "MD5" ? kMd5 : name == "SHA1" ? kSha1 : name == "SHA256" ? kSha256 : nullptr;
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  if (alg == nullptr || EVP_Digest(der.data(), der.size(), md, &len, alg, nullptr) != 1) return {};
  return colon_hex({md, len});
}

PublicKeyInfo describe_key(const EVP_PKEY* key) {
  PublicKeyInfo info;
  if (key == nullptr) return info;
  const int id = EVP_PKEY_get_base_id(key);
  switch (id) {
    case EVP_PKEY_RSA: case EVP_PKEY_RSA_PSS: info.algorithm = id == EVP_PKEY_RSA ? "RSA" : "RSA-PSS"; break;
    case EVP_PKEY_EC: info.algorithm = "EC"; info.curve = curve_name(key); break;
    case EVP_PKEY_ED25519: info.algorithm = "Ed25519"; break;
    case EVP_PKEY_ED448: info.algorithm = "Ed448"; break;
    case EVP_PKEY_DSA: info.algorithm = "DSA"; break;
    default: {
      const char* n = EVP_PKEY_get0_type_name(key);
      info.algorithm = n != nullptr ? n : "unknown";
    }
  }
  info.bits = EVP_PKEY_get_bits(key);
  return info;
}

CertificateView view_of(const X509* x) {
  const X509_ALGOR* signature_algorithm = nullptr;
  X509_get0_signature(nullptr, &signature_algorithm, x);
  return {X509_get_version(x),   X509_get0_serialNumber(x), X509_get_issuer_name(x), X509_get_subject_name(x),
          X509_get0_notBefore(x), X509_get0_notAfter(x),     X509_get0_extensions(x), signature_algorithm};
}

CertificateView view_of(const LiteCertificate& c) {
  const LiteTbs& t = *c.tbs;
  return {t.version != nullptr ? ASN1_INTEGER_get(t.version) : 0,
          t.serial, t.issuer, t.subject, t.validity->notBefore, t.validity->notAfter, t.extensions,
          c.signature_algorithm};
}

Result<void> check_certificate(const CertificateView& c) {
  const long version = c.version;  // RFC 5280 4.1.2.1: v1(0), v2(1), v3(2); OpenSSL 3.0 takes any
  if (version < 0 || version > 2)
    return fail(ErrorCode::malformed, "certificate version " + std::to_string(version + 1) + " is not 1, 2 or 3");
  if (!ossl::to_unix(c.not_before) || !ossl::to_unix(c.not_after))
    return fail(ErrorCode::malformed, "certificate has an unreadable validity period");
  return {};
}

bool self_issued(const CertificateView& c) { return X509_NAME_cmp(c.subject, c.issuer) == 0; }

bool signature_is_its_own(X509* x) {
  const bool own = X509_self_signed(x, 1) == 1;
  ossl::clear_errors();
  return own;
}

Result<CertificateDetails> extract_details(const CertificateView& c, std::span<const std::uint8_t> der,
                                           PublicKeyInfo key, bool self_signed) {
  if (auto ok = check_certificate(c); !ok) return ok.error();
  CertificateDetails d;
  d.version = static_cast<int>(c.version) + 1;
  d.subject = name_rfc4514(c.subject);
  d.issuer = name_rfc4514(c.issuer);
  d.subject_oneline = name_oneline(c.subject);
  d.issuer_oneline = name_oneline(c.issuer);
  d.serial = serial_hex(c.serial);
  d.not_before = ossl::to_unix(c.not_before).value_or(0);
  d.not_after = ossl::to_unix(c.not_after).value_or(0);
  d.subject_alt_names = subject_alt_names(c);
  d.public_key = std::move(key);
  const ASN1_OBJECT* signature_oid = nullptr;
  X509_ALGOR_get0(&signature_oid, nullptr, nullptr, c.signature_algorithm);
  d.signature_algorithm = OBJ_nid2ln(OBJ_obj2nid(signature_oid));
  d.key_usage = key_usage(c);
  d.extended_key_usage = extended_key_usage(c);
  d.basic_constraints = basic_constraints(c);
  d.subject_key_id = subject_key_id(c);
  d.authority_key_id = authority_key_id(c);
  d.fingerprints = {fingerprint(der, "MD5"), fingerprint(der, "SHA1"), fingerprint(der, "SHA256")};
  d.self_signed = self_signed;
  ossl::clear_errors();
  return d;
}

}  // namespace certkeep::x509
