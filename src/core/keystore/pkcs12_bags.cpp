#include "core/keystore/pkcs12_bags.h"

#include <algorithm>

#include "core/keystore/bmp_string.h"
#include "core/util/der.h"

#include "core/ossl/bio.h"
#include "core/ossl/error.h"
#include "core/ossl/ptr.h"

namespace certkeep::pkcs12 {
namespace {

// Enters the TLV at the start of `s` if its tag is `tag`: `s` becomes its contents.
bool enter(std::span<const std::uint8_t>& s, std::uint8_t tag) {
  auto h = der::read_header(s);
  if (!h || h->tag != tag) return false;
  s = s.subspan(h->header_length, h->content_length);
  return true;
}

// Skips the TLV at the start of `s` if its tag is `tag`.
bool skip(std::span<const std::uint8_t>& s, std::uint8_t tag) {
  auto h = der::read_header(s);
  if (!h || h->tag != tag) return false;
  s = s.subspan(h->header_length + h->content_length);
  return true;
}

// The DER certificate inside a certBag, taken from the bag's own encoding (RFC 7292 4.2 and 4.2.3:
// SafeBag = SEQUENCE { bagId, [0] CertBag }, CertBag = SEQUENCE { certId, [0] OCTET STRING }), so that
// the certificate is parsed once, by Certificate::from_der, and not also by OpenSSL's PKCS#12 code.
std::optional<std::vector<std::uint8_t>> certificate_der(const PKCS12_SAFEBAG* bag) {
  constexpr std::uint8_t kSequence = 0x30, kOid = 0x06, kExplicit0 = 0xA0, kOctets = 0x04;
  const auto encoded = ossl::to_der(bag, i2d_PKCS12_SAFEBAG);
  if (encoded.empty()) return std::nullopt;
  std::span<const std::uint8_t> s(encoded);
  if (!enter(s, kSequence) || !skip(s, kOid) || !enter(s, kExplicit0) || !enter(s, kSequence) || !skip(s, kOid) ||
      !enter(s, kExplicit0) || !enter(s, kOctets))
    return std::nullopt;
  return std::vector<std::uint8_t>(s.begin(), s.end());
}

// Far deeper than any tool nests safeContents bags; a bound on hostile input.
constexpr int kMaxNesting = 8;

bool has_oracle_trusted_key_usage(const PKCS12_SAFEBAG* bag) {
  static const ossl::UniquePtr<ASN1_OBJECT> kOid(OBJ_txt2obj("2.16.840.1.113894.746875.1.1", 1));
  const STACK_OF(X509_ATTRIBUTE)* attrs = PKCS12_SAFEBAG_get0_attrs(bag);
  return attrs != nullptr && kOid && X509at_get_attr_by_OBJ(attrs, kOid.get(), -1) >= 0;
}

// The friendlyName as UTF-8 (bmp_string.h says why not PKCS12_get_friendlyname). A UTF8String, which
// some writers use against the RFC, is taken as it is.
std::string friendly_name(const PKCS12_SAFEBAG* bag) {
  const ASN1_TYPE* name = PKCS12_SAFEBAG_get0_attr(bag, NID_friendlyName);
  if (name == nullptr || (name->type != V_ASN1_BMPSTRING && name->type != V_ASN1_UTF8STRING) || name->value.asn1_string == nullptr)
    return {};
  const ASN1_STRING* s = name->value.asn1_string;
  const std::span<const std::uint8_t> bytes(ASN1_STRING_get0_data(s), static_cast<std::size_t>(ASN1_STRING_length(s)));
  if (name->type == V_ASN1_BMPSTRING) return bmp_to_utf8(bytes);
  return {bytes.begin(), std::ranges::find(bytes, 0)};
}

BagAttributes attributes_of(PKCS12_SAFEBAG* bag) {
  BagAttributes a;
  a.friendly_name = friendly_name(bag);
  const ASN1_TYPE* id = PKCS12_SAFEBAG_get0_attr(bag, NID_localKeyID);
  if (id != nullptr && id->type == V_ASN1_OCTET_STRING && id->value.octet_string != nullptr) {
    const auto* data = ASN1_STRING_get0_data(id->value.octet_string);
    a.local_key_id.assign(data, data + ASN1_STRING_length(id->value.octet_string));
  }
  a.java_trusted = has_oracle_trusted_key_usage(bag);
  ossl::clear_errors();
  return a;
}

void decode_key(KeyBag& k, const PKCS8_PRIV_KEY_INFO* p8) {
  ossl::UniquePtr<EVP_PKEY> pkey(p8 != nullptr ? EVP_PKCS82PKEY(p8) : nullptr);
  if (!pkey) {
    k.problem = ossl::make_error(ErrorCode::unsupported, "private key of an unsupported type or damaged").message;
    return;
  }
  auto key = PrivateKey::from_pkey(pkey.get());
  if (key) k.key = std::move(*key);
  else k.problem = key.error().message;
}

std::string content_type_name(const PKCS7* p7) {
  const int nid = OBJ_obj2nid(p7->type);
  return nid == NID_undef ? "unknown" : OBJ_nid2ln(nid);
}

class Walker {
 public:
  Walker(Keyring& keyring, const ReadOptions& options) : keyring_(keyring), options_(options) {}

  Result<void> safe(PKCS7* p7, std::size_t index) {
    const std::string where = "safe " + std::to_string(index + 1);
    ossl::clear_errors();
    if (PKCS7_type_is_data(p7)) {
      ossl::SafeBagStack bags(PKCS12_unpack_p7data(p7));
      if (!bags) return ossl::make_error(ErrorCode::malformed, "damaged PKCS#12 " + where);
      return contents(bags.get(), unencrypted(), 0);
    }
    if (PKCS7_type_is_encrypted(p7)) return encrypted_safe(p7, where);
    bags_.warnings.push_back(where + " holds " + content_type_name(p7) + " content, which certkeep does not read; skipped");
    return {};
  }

  Bags take() { return std::move(bags_); }

 private:
  Result<void> encrypted_safe(PKCS7* p7, const std::string& where) {
    const PKCS7_ENCRYPT* enc = p7->d.encrypted;
    const X509_ALGOR* alg = enc != nullptr && enc->enc_data != nullptr ? enc->enc_data->algorithm : nullptr;
    if (auto ok = check_encryption_available(alg, "certificates"); !ok) return ok.error();
    ossl::SafeBagStack bags;
    const auto decrypted = keyring_.decrypt(
        [&](const PasswordForm& pw) {
          bags.reset(PKCS12_unpack_p7encdata(p7, pw.data(), pw.size()));
          return bags != nullptr;
        },
        "the encrypted " + where);
    if (!decrypted) return decrypted.error();
    return contents(bags.get(), describe_encryption(alg), 0);
  }

  Result<void> contents(const STACK_OF(PKCS12_SAFEBAG) * bags, const Cipher& protection, int depth) {
    if (depth > kMaxNesting) return fail(ErrorCode::malformed, "PKCS#12 safe contents nested too deeply");
    for (int i = 0; i < sk_PKCS12_SAFEBAG_num(bags); ++i) {
      if (auto ok = bag(sk_PKCS12_SAFEBAG_value(bags, i), protection, depth); !ok) return ok;
    }
    return {};
  }

  Result<void> bag(PKCS12_SAFEBAG* bag, const Cipher& protection, int depth) {
    const std::size_t position = next_position_++;
    switch (PKCS12_SAFEBAG_get_nid(bag)) {
      case NID_keyBag: return plain_key(bag, protection, position);
      case NID_pkcs8ShroudedKeyBag: return shrouded_key(bag, position);
      case NID_certBag: return certificate(bag, protection, position);
      case NID_secretBag: return secret(bag, position);
      case NID_safeContentsBag: return contents(PKCS12_SAFEBAG_get0_safes(bag), protection, depth + 1);
      case NID_crlBag: return {};
      default:
        bags_.warnings.push_back("bag " + std::to_string(position + 1) + " is of an unknown type; skipped");
        return {};
    }
  }

  Result<void> plain_key(PKCS12_SAFEBAG* bag, const Cipher& protection, std::size_t position) {
    KeyBag k{attributes_of(bag), std::nullopt, std::nullopt, position, std::nullopt};
    decode_key(k, PKCS12_SAFEBAG_get0_p8inf(bag));
    bags_.protection.add_keys(protection);
    bags_.keys.push_back(std::move(k));
    return {};
  }

  Result<void> shrouded_key(PKCS12_SAFEBAG* bag, std::size_t position) {
    const X509_SIG* sig = PKCS12_SAFEBAG_get0_pkcs8(bag);
    const X509_ALGOR* alg = nullptr;
    if (sig != nullptr) X509_SIG_get0(sig, &alg, nullptr);
    if (auto ok = check_encryption_available(alg, "private keys"); !ok) return ok.error();
    const Cipher cipher = describe_encryption(alg);
    bags_.protection.add_keys(cipher);
    KeyBag k{attributes_of(bag), std::nullopt, std::nullopt, position, std::nullopt};
    const auto der = sealed_der(sig);
    if (const SealedKey* known = known_key(der)) {
      k.key = known->key;
      k.sealed = *known;
      bags_.keys.push_back(std::move(k));
      return {};
    }
    ossl::UniquePtr<PKCS8_PRIV_KEY_INFO> p8;
    const auto decrypted = keyring_.decrypt(
        [&](const PasswordForm& pw) {
          p8.reset(PKCS12_decrypt_skey(bag, pw.data(), pw.size()));
          return p8 != nullptr;
        },
        "the private key in bag " + std::to_string(position + 1));
    if (decrypted) decode_key(k, p8.get());
    else if (decrypted.error().code == ErrorCode::malformed) k.problem = "private key could not be decrypted: " + decrypted.error().message;
    else return decrypted.error();
    const auto password = keyring_.chosen_as_written();
    if (k.key && cipher.params && password && !der.empty()) k.sealed = SealedKey{der, *cipher.params, *password, *k.key};
    bags_.keys.push_back(std::move(k));
    return {};
  }

  Result<void> secret(PKCS12_SAFEBAG* bag, std::size_t position) {
    auto der = ossl::to_der(bag, i2d_PKCS12_SAFEBAG);
    if (der.empty()) return ossl::make_error(ErrorCode::malformed, "secret bag " + std::to_string(position + 1) + " cannot be encoded");
    bags_.secrets.push_back({attributes_of(bag), position, std::move(der)});
    return {};
  }

  Result<void> certificate(PKCS12_SAFEBAG* bag, const Cipher& protection, std::size_t position) {
    const std::string where = "certificate bag " + std::to_string(position + 1);
    if (PKCS12_SAFEBAG_get_bag_nid(bag) != NID_x509Certificate) {
      bags_.warnings.push_back(where + " holds a certificate type other than X.509; skipped");
      return {};
    }
    const auto der = certificate_der(bag);
    if (!der) return fail(ErrorCode::malformed, where + " holds a damaged certificate");
    auto cert = options_.defer_certificates ? Certificate::deferred(*der) : Certificate::from_der(*der);
    if (!cert) return fail(ErrorCode::malformed, where + ": " + cert.error().message);
    bags_.protection.add_certificates(protection);
    bags_.certificates.push_back({attributes_of(bag), std::move(*cert), position});
    return {};
  }

  // The EncryptedPrivateKeyInfo as stored; empty if it cannot be encoded.
  static std::vector<std::uint8_t> sealed_der(const X509_SIG* sig) {
    return sig != nullptr ? ossl::to_der(sig, i2d_X509_SIG) : std::vector<std::uint8_t>{};
  }

  const SealedKey* known_key(const std::vector<std::uint8_t>& der) const {
    if (der.empty()) return nullptr;
    for (const auto& k : options_.known_keys)
      if (std::ranges::equal(k.der, der) && keyring_.offers(k.password)) return &k;
    return nullptr;
  }

  Keyring& keyring_;
  const ReadOptions& options_;
  Bags bags_;
  std::size_t next_position_ = 0;
};

}  // namespace

Result<Bags> read_bags(const STACK_OF(PKCS7) * safes, Keyring& keyring, const ReadOptions& options) {
  Walker walker(keyring, options);
  for (int i = 0; i < sk_PKCS7_num(safes); ++i) {
    if (auto ok = walker.safe(sk_PKCS7_value(safes, i), static_cast<std::size_t>(i)); !ok) return ok.error();
  }
  return walker.take();
}

}  // namespace certkeep::pkcs12
