#include "core/keystore/pkcs12_write_bags.h"

#include <algorithm>
#include <array>
#include <span>
#include <string>

#include "core/keystore/pkcs12_write_crypt.h"
#include "core/ossl/error.h"

namespace certkeep::pkcs12 {
namespace {

using Bytes = std::vector<std::uint8_t>;

// Oracle's trusted key usage (JDK PKCS12KeyStore): the key usages a trusted certificate is trusted for.
constexpr const char* kTrustedKeyUsageOid = "2.16.840.1.113894.746875.1.1";

std::string entry_name(const Entry& e, std::size_t index) {
  return e.alias.empty() ? "number " + std::to_string(index + 1) : "'" + e.alias + "'";
}

// The entry's own localKeyId; else the SHA-1 of `leaf`, when there is one; else none.
Result<Bytes> key_id(const Entry& e, const Certificate* leaf) {
  if (e.local_key_id) {
    long n = 0;
    const ossl::OpensslBytes id(OPENSSL_hexstr2buf(e.local_key_id->c_str(), &n));
    ossl::clear_errors();
    if (!id || n <= 0) return fail(ErrorCode::invalid, "entry '" + e.alias + "' has a damaged localKeyId");
    return Bytes(id.get(), id.get() + n);
  }
  if (leaf == nullptr) return Bytes{};
  std::array<unsigned char, EVP_MAX_MD_SIZE> md{};
  unsigned int n = 0;
  const auto der = leaf->der();  // X509_digest hashes the same bytes, but would decode a deferred certificate
  if (EVP_Digest(der.data(), der.size(), md.data(), &n, EVP_sha1(), nullptr) != 1)
    return ossl::make_error(ErrorCode::internal, "cannot hash a certificate");
  return Bytes(md.begin(), md.begin() + n);
}

Result<void> add_attributes(PKCS12_SAFEBAG* bag, const std::string& alias, Bytes id) {
  ossl::clear_errors();
  if (!alias.empty() && PKCS12_add_friendlyname_utf8(bag, alias.c_str(), static_cast<int>(alias.size())) != 1)
    return ossl::make_error(ErrorCode::invalid, "alias '" + alias + "' cannot be stored as a PKCS#12 friendlyName");
  if (!id.empty() && PKCS12_add_localkeyid(bag, id.data(), static_cast<int>(id.size())) != 1)
    return ossl::make_error(ErrorCode::internal, "cannot add a localKeyId");
  return {};
}

Result<void> add_trusted_key_usage(PKCS12_SAFEBAG* bag) {
  ASN1_OBJECT* any_usage = OBJ_nid2obj(NID_anyExtendedKeyUsage);  // a static object: nothing to free
  // With type V_ASN1_OBJECT and length -1, OpenSSL takes `bytes` as the ASN1_OBJECT itself and copies it.
  if (any_usage == nullptr || PKCS12_add1_attr_by_txt(bag, kTrustedKeyUsageOid, V_ASN1_OBJECT,
                                                      reinterpret_cast<const unsigned char*>(any_usage), -1) != 1)
    return ossl::make_error(ErrorCode::internal, "cannot mark a certificate as trusted");
  return {};
}

void append_tlv(Bytes& out, std::uint8_t tag, std::span<const std::uint8_t> content) {
  out.push_back(tag);
  const std::size_t n = content.size();
  if (n < 0x80) {
    out.push_back(static_cast<std::uint8_t>(n));
  } else {
    Bytes length;
    for (std::size_t rest = n; rest > 0; rest >>= 8) length.insert(length.begin(), static_cast<std::uint8_t>(rest & 0xFF));
    out.push_back(static_cast<std::uint8_t>(0x80 | length.size()));
    out.insert(out.end(), length.begin(), length.end());
  }
  out.insert(out.end(), content.begin(), content.end());
}

Bytes tlv(std::uint8_t tag, std::span<const std::uint8_t> content) {
  Bytes out;
  append_tlv(out, tag, content);
  return out;
}

Bytes concat(std::span<const std::uint8_t> a, std::span<const std::uint8_t> b) {
  Bytes out(a.begin(), a.end());
  out.insert(out.end(), b.begin(), b.end());
  return out;
}

// A certBag holding the certificate's own DER bytes (RFC 7292 4.2.3: SafeBag { certBag, [0] CertBag {
// x509Certificate, [0] OCTET STRING } }). PKCS12_SAFEBAG_create_cert would re-encode the X509, and a
// certificate whose outer encoding is not canonical would come back with another fingerprint.
Result<ossl::UniquePtr<PKCS12_SAFEBAG>> cert_bag(const Certificate& c) {
  static constexpr std::array<std::uint8_t, 13> kCertBagOid = {0x06, 0x0B, 0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x0C, 0x0A, 0x01, 0x03};
  static constexpr std::array<std::uint8_t, 12> kX509CertificateOid = {0x06, 0x0A, 0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x09, 0x16, 0x01};
  constexpr std::uint8_t kSequence = 0x30, kExplicit0 = 0xA0, kOctets = 0x04;
  const Bytes cert_bag_value = tlv(kSequence, concat(kX509CertificateOid, tlv(kExplicit0, tlv(kOctets, c.der()))));
  const Bytes safe_bag = tlv(kSequence, concat(kCertBagOid, tlv(kExplicit0, cert_bag_value)));
  ossl::clear_errors();
  const unsigned char* p = safe_bag.data();
  ossl::UniquePtr<PKCS12_SAFEBAG> bag(d2i_PKCS12_SAFEBAG(nullptr, &p, static_cast<long>(safe_bag.size())));
  if (!bag) return ossl::make_error(ErrorCode::internal, "cannot make a PKCS#12 certificate bag");
  return bag;
}

// A shrouded key bag holding the key exactly as it was stored.
Result<ossl::UniquePtr<PKCS12_SAFEBAG>> sealed_bag(const SealedKey& sealed) {
  const unsigned char* p = sealed.der.data();
  ossl::UniquePtr<X509_SIG> sig(d2i_X509_SIG(nullptr, &p, static_cast<long>(sealed.der.size())));
  ossl::UniquePtr<PKCS12_SAFEBAG> bag(sig ? PKCS12_SAFEBAG_create0_pkcs8(sig.get()) : nullptr);
  if (!bag) return ossl::make_error(ErrorCode::internal, "cannot make a PKCS#12 shrouded key bag");
  (void)sig.release();  // create0: now owned by `bag`
  return bag;
}

}  // namespace

// The stored key can be copied back when nothing that encrypted it changed: the key itself (the same
// object: a replaced key is another), the store password and the key encryption.
bool BagMaker::reusable(const Entry& e) const {
  const auto& sealed = e.sealed_key;
  return sealed && e.key && sealed->key.pkey() == e.key->pkey() && sealed->encryption == options_.protection.keys &&
         sealed->password.view() == options_.password.view();
}

Result<std::vector<OutBag>> BagMaker::bags(const Entry& e, std::size_t index) {
  switch (e.kind) {
    case EntryKind::key: return key_entry(e);
    case EntryKind::trusted_certificate:
    case EntryKind::certificate: return certificate_entry(e, index);
    case EntryKind::private_key: return private_key_entry(e);
    case EntryKind::secret_key: return secret_entry(e, index);
    case EntryKind::csr: break;
  }
  return fail(ErrorCode::unsupported, "entry " + entry_name(e, index) + " is a certificate request, which PKCS#12 cannot hold");
}

Result<std::vector<OutBag>> BagMaker::key_entry(const Entry& e) {
  if (!e.key) return fail(ErrorCode::invalid, "key entry '" + e.alias + "' has no decrypted private key");
  if (e.chain.empty()) return fail(ErrorCode::invalid, "key entry '" + e.alias + "' has no certificate chain");
  auto id = key_id(e, &e.chain.front());
  auto leaf = cert_bag(e.chain.front());
  if (!id) return id.error();
  if (!leaf) return leaf.error();
  if (auto ok = add_attributes(leaf->get(), e.alias, *id); !ok) return ok.error();
  auto key = reusable(e) ? sealed_bag(*e.sealed_key) : key_bag(*e.key, options_.protection.keys, options_.password);
  if (!key) return key.error();
  if (auto ok = add_attributes(key->get(), e.alias, *id); !ok) return ok.error();
  std::vector<OutBag> out;
  out.push_back({std::move(*leaf), false});
  for (std::size_t i = 1; i < e.chain.size(); ++i) {
    if (std::ranges::find(chain_written_, e.chain[i]) != chain_written_.end()) continue;
    auto bag = cert_bag(e.chain[i]);
    if (!bag) return bag.error();
    chain_written_.push_back(e.chain[i]);
    out.push_back({std::move(*bag), false});
  }
  out.push_back({std::move(*key), true});
  return out;
}

Result<std::vector<OutBag>> BagMaker::certificate_entry(const Entry& e, std::size_t index) {
  if (e.chain.empty()) return fail(ErrorCode::invalid, "certificate entry " + entry_name(e, index) + " has no certificate");
  auto id = key_id(e, nullptr);
  auto bag = cert_bag(e.chain.front());
  if (!id) return id.error();
  if (!bag) return bag.error();
  if (auto ok = add_attributes(bag->get(), e.alias, *id); !ok) return ok.error();
  if (e.kind == EntryKind::trusted_certificate) {
    if (auto ok = add_trusted_key_usage(bag->get()); !ok) return ok.error();
  }
  std::vector<OutBag> out;
  out.push_back({std::move(*bag), false});
  return out;
}

Result<std::vector<OutBag>> BagMaker::private_key_entry(const Entry& e) {
  if (!e.key) return fail(ErrorCode::invalid, "private key entry '" + e.alias + "' has no decrypted private key");
  auto id = key_id(e, nullptr);
  if (!id) return id.error();
  auto key = key_bag(*e.key, options_.protection.keys, options_.password);
  if (!key) return key.error();
  if (auto ok = add_attributes(key->get(), e.alias, *id); !ok) return ok.error();
  std::vector<OutBag> out;
  out.push_back({std::move(*key), true});
  return out;
}

Result<std::vector<OutBag>> BagMaker::secret_entry(const Entry& e, std::size_t index) {
  if (e.opaque.empty())
    return fail(ErrorCode::unsupported, "secret key " + entry_name(e, index) +
                                            " was not read from a PKCS#12 store; certkeep cannot convert secret keys");
  const unsigned char* p = e.opaque.data();
  ossl::UniquePtr<PKCS12_SAFEBAG> bag(d2i_PKCS12_SAFEBAG(nullptr, &p, static_cast<long>(e.opaque.size())));
  ossl::clear_errors();
  if (!bag || PKCS12_SAFEBAG_get_nid(bag.get()) != NID_secretBag)
    return fail(ErrorCode::malformed, "secret key " + entry_name(e, index) + " does not hold a PKCS#12 secret bag");
  std::vector<OutBag> out;
  out.push_back({std::move(bag), true});
  return out;
}

}  // namespace certkeep::pkcs12
