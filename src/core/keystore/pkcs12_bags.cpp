#include "core/keystore/pkcs12_bags.h"

#include <algorithm>

#include "core/ossl/error.h"
#include "core/ossl/ptr.h"
#include "core/ossl/thread_context.h"

namespace certkeep::pkcs12 {
namespace {

// Far deeper than any tool nests safeContents bags; a bound on hostile input.
constexpr int kMaxNesting = 8;

void decode_key(KeyBag& k, const PKCS8_PRIV_KEY_INFO* p8) {
  ossl::UniquePtr<EVP_PKEY> pkey(p8 != nullptr ? EVP_PKCS82PKEY_ex(p8, ossl::decoding_context(), nullptr) : nullptr);
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

std::string bag_name(std::size_t position) { return "bag " + std::to_string(position + 1); }

// The bags of a decrypted safe, wiped when they go: a plain key bag can be inside an encrypted safe
// (`openssl pkcs12 -keypbe NONE`).
struct WipedBags {
  std::vector<Bytes> bags;

  WipedBags() = default;
  WipedBags(const WipedBags&) = delete;
  WipedBags& operator=(const WipedBags&) = delete;
  ~WipedBags() {
    for (auto& b : bags) OPENSSL_cleanse(b.data(), b.size());
  }
};

// The bags of an EncryptedData safe's content decrypted with `pw`, as PKCS12_unpack_p7encdata decrypts
// it before decoding; false when the password or the padding is wrong or the result is no SafeContents.
bool decrypt_safe(const PKCS7_ENC_CONTENT& enc, const PasswordForm& pw, WipedBags& out) {
  unsigned char* plain = nullptr;
  int length = 0;
  const ASN1_OCTET_STRING* data = enc.enc_data;
  if (PKCS12_pbe_crypt_ex(enc.algorithm, pw.data(), pw.size(), data->data, data->length, &plain, &length, 0,
                          ossl::decoding_context(), nullptr) == nullptr)
    return false;
  auto bags = split_safe_contents({plain, static_cast<std::size_t>(length)});
  OPENSSL_clear_free(plain, static_cast<std::size_t>(length));
  if (!bags) return false;
  for (auto& b : out.bags) OPENSSL_cleanse(b.data(), b.size());
  out.bags = std::move(*bags);
  return true;
}

class Walker {
 public:
  Walker(Keyring& keyring, const ReadOptions& options) : keyring_(keyring), options_(options) {}

  Result<void> safe(PKCS7* p7, std::size_t index) {
    const std::string where = "safe " + std::to_string(index + 1);
    if (PKCS7_type_is_data(p7)) {
      const ASN1_OCTET_STRING* data = p7->d.data;
      if (data == nullptr) return fail(ErrorCode::malformed, "damaged PKCS#12 " + where + ": no contents");
      auto bags = split_safe_contents({ASN1_STRING_get0_data(data), static_cast<std::size_t>(ASN1_STRING_length(data))});
      if (!bags) return fail(ErrorCode::malformed, "damaged PKCS#12 " + where + ": " + bags.error().message);
      return contents(std::move(*bags), unencrypted(), 0);
    }
    if (PKCS7_type_is_encrypted(p7)) return encrypted_safe(p7, where);
    bags_.warnings.push_back(where + " holds " + content_type_name(p7) + " content, which certkeep does not read; skipped");
    return {};
  }

  Bags take() { return std::move(bags_); }

 private:
  Result<void> encrypted_safe(PKCS7* p7, const std::string& where) {
    const PKCS7_ENC_CONTENT* enc = p7->d.encrypted != nullptr ? p7->d.encrypted->enc_data : nullptr;
    const X509_ALGOR* alg = enc != nullptr ? enc->algorithm : nullptr;
    if (auto ok = check_encryption_available(alg, "certificates"); !ok) return ok.error();
    if (enc->enc_data == nullptr) return fail(ErrorCode::malformed, "damaged PKCS#12 " + where + ": no encrypted contents");
    WipedBags decrypted;
    const auto ok = keyring_.decrypt([&](const PasswordForm& pw) { return decrypt_safe(*enc, pw, decrypted); }, "the encrypted " + where);
    if (!ok) return ok.error();
    return contents(std::move(decrypted.bags), describe_encryption(alg), 0);
  }

  // Takes the bags: a certificate bag's bytes move into its CertBag. Decrypted bags are wiped by their
  // owner (WipedBags) whether or not they were moved out.
  Result<void> contents(std::vector<Bytes>&& bags, const Cipher& protection, int depth) {
    if (depth > kMaxNesting) return fail(ErrorCode::malformed, "PKCS#12 safe contents nested too deeply");
    for (auto& b : bags) {
      if (auto ok = bag(b, protection, depth); !ok) return ok;
    }
    return {};
  }

  Result<void> bag(Bytes& der, const Cipher& protection, int depth) {
    const std::size_t position = next_position_++;
    auto parsed = parse_safe_bag(der);
    if (!parsed) {  // a bag in BER: as DER, if OpenSSL can read it
      auto canonical = canonical_safe_bag(der);
      if (!canonical) return fail(ErrorCode::malformed, bag_name(position) + ": " + parsed.error().message);
      OPENSSL_cleanse(der.data(), der.size());
      der = std::move(*canonical);
      parsed = parse_safe_bag(der);
      if (!parsed) return fail(ErrorCode::malformed, bag_name(position) + ": " + parsed.error().message);
    }
    switch (parsed->type) {
      case BagType::key: return plain_key(*parsed, protection, position);
      case BagType::shrouded_key: return shrouded_key(*parsed, position);
      case BagType::certificate: return certificate(*parsed, std::move(der), protection, position);
      case BagType::secret: return secret(*parsed, der, position);
      case BagType::safe_contents: return nested(*parsed, protection, depth, position);
      case BagType::crl: return {};
      case BagType::unknown: break;
    }
    bags_.warnings.push_back(bag_name(position) + " is of an unknown type; skipped");
    return {};
  }

  Result<void> nested(const SafeBag& bag, const Cipher& protection, int depth, std::size_t position) {
    auto inner = split_safe_contents(bag.value);
    if (!inner) return fail(ErrorCode::malformed, bag_name(position) + ": " + inner.error().message);
    WipedBags nested;
    nested.bags = std::move(*inner);
    return contents(std::move(nested.bags), protection, depth + 1);
  }

  Result<void> plain_key(const SafeBag& bag, const Cipher& protection, std::size_t position) {
    KeyBag k{bag.attributes, std::nullopt, std::nullopt, position, std::nullopt};
    const unsigned char* p = bag.value.data();
    const ossl::UniquePtr<PKCS8_PRIV_KEY_INFO> p8(d2i_PKCS8_PRIV_KEY_INFO(nullptr, &p, static_cast<long>(bag.value.size())));
    ossl::clear_errors();
    decode_key(k, p8.get());
    bags_.protection.add_keys(protection);
    bags_.keys.push_back(std::move(k));
    return {};
  }

  Result<void> shrouded_key(const SafeBag& bag, std::size_t position) {
    const unsigned char* p = bag.value.data();
    const ossl::UniquePtr<X509_SIG> sig(d2i_X509_SIG(nullptr, &p, static_cast<long>(bag.value.size())));
    ossl::clear_errors();
    if (!sig) return fail(ErrorCode::malformed, "the private key in " + bag_name(position) + " is damaged");
    const X509_ALGOR* alg = nullptr;
    X509_SIG_get0(sig.get(), &alg, nullptr);
    if (auto ok = check_encryption_available(alg, "private keys"); !ok) return ok.error();
    const Cipher cipher = describe_encryption(alg);
    bags_.protection.add_keys(cipher);
    KeyBag k{bag.attributes, std::nullopt, std::nullopt, position, std::nullopt};
    if (const SealedKey* known = known_key(bag.value)) {
      k.key = known->key;
      k.sealed = *known;
      bags_.keys.push_back(std::move(k));
      return {};
    }
    ossl::UniquePtr<PKCS8_PRIV_KEY_INFO> p8;
    const auto decrypted = keyring_.decrypt(
        [&](const PasswordForm& pw) {
          p8.reset(PKCS8_decrypt_ex(sig.get(), pw.data(), pw.size(), ossl::decoding_context(), nullptr));
          return p8 != nullptr;
        },
        "the private key in " + bag_name(position));
    if (decrypted) decode_key(k, p8.get());
    else if (decrypted.error().code == ErrorCode::malformed) k.problem = "private key could not be decrypted: " + decrypted.error().message;
    else return decrypted.error();
    const auto password = keyring_.chosen_as_written();
    if (k.key && cipher.params && password)
      k.sealed = SealedKey{Bytes(bag.value.begin(), bag.value.end()), *cipher.params, *password, *k.key};
    bags_.keys.push_back(std::move(k));
    return {};
  }

  Result<void> secret(const SafeBag& bag, std::span<const std::uint8_t> der, std::size_t position) {
    bags_.secrets.push_back({bag.attributes, position, Bytes(der.begin(), der.end())});
    return {};
  }

  Result<void> certificate(const SafeBag& bag, Bytes&& der, const Cipher& protection, std::size_t position) {
    const std::string where = "certificate " + bag_name(position);
    const auto x509 = x509_certificate(bag.value);
    if (!x509) return fail(ErrorCode::malformed, where + " holds a damaged certificate: " + x509.error().message);
    if (!*x509) {
      bags_.warnings.push_back(where + " holds a certificate type other than X.509; skipped");
      return {};
    }
    auto cert = options_.defer_certificates ? Certificate::deferred(**x509) : Certificate::from_der(**x509);
    if (!cert) return fail(ErrorCode::malformed, where + ": " + cert.error().message);
    bags_.protection.add_certificates(protection);
    bags_.certificates.push_back({bag.attributes, std::move(*cert), position, std::move(der)});  // `bag` points into `der`: last use
    return {};
  }

  const SealedKey* known_key(std::span<const std::uint8_t> der) const {
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
