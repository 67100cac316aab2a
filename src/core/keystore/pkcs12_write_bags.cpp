#include "core/keystore/pkcs12_write_bags.h"

#include <algorithm>
#include <array>
#include <span>
#include <string>

#include "core/keystore/pkcs12_write_crypt.h"
#include "core/ossl/error.h"
#include "core/ossl/ptr.h"

namespace certkeep::pkcs12 {
namespace {

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

// A certBag holding the certificate's own DER bytes: re-encoding an X509 would give a certificate whose
// outer encoding is not canonical another fingerprint.
Result<Bytes> cert_bag(const Certificate& c, const BagAttributes& attributes) {
  return make_safe_bag(BagType::certificate, certificate_bag_value(c.der()), attributes);
}

}  // namespace

// The stored bag can be copied back when the entry still says what it said.
bool BagMaker::reusable_bag(const Entry& e) {
  const auto& stored = e.stored_bag;
  return stored && !e.chain.empty() && stored->kind == e.kind && stored->alias == e.alias &&
         stored->local_key_id == e.local_key_id && stored->certificate == e.chain.front();
}

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
  if (!id) return id.error();
  const BagAttributes attributes{e.alias, *id, false};
  auto leaf = cert_bag(e.chain.front(), attributes);
  if (!leaf) return leaf.error();
  auto key = reusable(e) ? make_safe_bag(BagType::shrouded_key, e.sealed_key->der, attributes)
                         : key_bag(*e.key, options_.protection.keys, options_.password, attributes);
  if (!key) return key.error();
  std::vector<OutBag> out;
  out.push_back({std::move(*leaf), nullptr, false});
  for (std::size_t i = 1; i < e.chain.size(); ++i) {
    if (std::ranges::find(chain_written_, e.chain[i]) != chain_written_.end()) continue;
    auto bag = cert_bag(e.chain[i], {});
    if (!bag) return bag.error();
    chain_written_.push_back(e.chain[i]);
    out.push_back({std::move(*bag), nullptr, false});
  }
  out.push_back({std::move(*key), nullptr, true});
  return out;
}

Result<std::vector<OutBag>> BagMaker::certificate_entry(const Entry& e, std::size_t index) {
  if (e.chain.empty()) return fail(ErrorCode::invalid, "certificate entry " + entry_name(e, index) + " has no certificate");
  std::vector<OutBag> out;
  if (reusable_bag(e)) {
    out.push_back({{}, &e.stored_bag->der, false});
    return out;
  }
  auto id = key_id(e, nullptr);
  if (!id) return id.error();
  auto bag = cert_bag(e.chain.front(), {e.alias, *id, e.kind == EntryKind::trusted_certificate});
  if (!bag) return bag.error();
  out.push_back({std::move(*bag), nullptr, false});
  return out;
}

Result<std::vector<OutBag>> BagMaker::private_key_entry(const Entry& e) {
  if (!e.key) return fail(ErrorCode::invalid, "private key entry '" + e.alias + "' has no decrypted private key");
  auto id = key_id(e, nullptr);
  if (!id) return id.error();
  auto key = key_bag(*e.key, options_.protection.keys, options_.password, {e.alias, *id, false});
  if (!key) return key.error();
  std::vector<OutBag> out;
  out.push_back({std::move(*key), nullptr, true});
  return out;
}

Result<std::vector<OutBag>> BagMaker::secret_entry(const Entry& e, std::size_t index) {
  if (e.opaque.empty())
    return fail(ErrorCode::unsupported, "secret key " + entry_name(e, index) +
                                            " was not read from a PKCS#12 store; certkeep cannot convert secret keys");
  const auto bag = parse_safe_bag(e.opaque);
  if (!bag || bag->type != BagType::secret)
    return fail(ErrorCode::malformed, "secret key " + entry_name(e, index) + " does not hold a PKCS#12 secret bag");
  std::vector<OutBag> out;
  out.push_back({{}, &e.opaque, true});
  return out;
}

}  // namespace certkeep::pkcs12
