#include "core/keystore/pkcs12_entries.h"

#include <algorithm>
#include <functional>

#include "core/ossl/error.h"
#include "core/x509/details.h"
#include "core/x509/name_match.h"

namespace certkeep::pkcs12 {
namespace {

struct Placed {
  std::size_t position;
  Entry entry;
};

std::optional<std::string> key_id_text(const std::vector<std::uint8_t>& id) {
  if (id.empty()) return std::nullopt;
  return x509::colon_hex(id);
}

// Decodes both (they may be deferred: ReadOptions); a certificate that does not decode issued nothing.
bool issued_by(const Certificate& subject, const Certificate& issuer) {
  if (!subject.parse() || !issuer.parse()) return false;
  const bool ok = X509_check_issued(issuer.x509(), subject.x509()) == X509_V_OK;
  ossl::clear_errors();
  return ok;
}

class Grouper {
 public:
  explicit Grouper(Bags& bags) : bags_(bags), used_(bags.certificates.size(), false) {
    placed_.reserve(bags.keys.size() + bags.secrets.size() + bags.certificates.size());
  }

  std::vector<Entry> run() {
    for (auto& k : bags_.keys) key(k);
    for (auto& s : bags_.secrets) secret(s);
    for (std::size_t i = 0; i < certs().size(); ++i)
      if (!used_[i]) certificate(bags_.certificates[i]);
    std::ranges::stable_sort(placed_, {}, &Placed::position);
    std::vector<Entry> out;
    out.reserve(placed_.size());
    for (auto& p : placed_) out.push_back(std::move(p.entry));
    return out;
  }

 private:
  const std::vector<CertBag>& certs() const { return bags_.certificates; }

  std::optional<std::size_t> find_cert(const std::function<bool(std::size_t)>& pred) const {
    for (std::size_t i = 0; i < certs().size(); ++i)
      if (pred(i)) return i;
    return std::nullopt;
  }

  // Same localKeyId (the key's own certificate first), else an unclaimed certificate the key belongs to:
  // one with the key's encoded bytes first, so that a store of deferred certificates is not decoded.
  std::optional<std::size_t> leaf_of(const KeyBag& k) const {
    const auto& id = k.attributes.local_key_id;
    const auto same_id = [&](std::size_t i) { return !id.empty() && certs()[i].attributes.local_key_id == id; };
    const auto fits = [&](std::size_t i) { return k.key && k.key->matches(certs()[i].certificate); };
    if (auto own = find_cert([&](std::size_t i) { return same_id(i) && fits(i); })) return own;
    if (auto by_id = find_cert(same_id)) return by_id;
    if (auto same_bytes = find_cert([&](std::size_t i) { return !used_[i] && k.key && k.key->matches_encoded(certs()[i].certificate); }))
      return same_bytes;
    return find_cert([&](std::size_t i) { return !used_[i] && fits(i); });
  }

  bool in_chain(const std::vector<std::size_t>& chain, std::size_t i) const {
    return std::ranges::any_of(chain, [&](std::size_t c) { return certs()[c].certificate == certs()[i].certificate; });
  }

  // The issuer of the chain's last certificate among the bags not yet in it; a plain bag before a copy
  // keytool marked trusted, so that the copy stays listed as a trusted entry. Names are compared as
  // encoded first, canonically only when that finds none (x509/name_match.h).
  std::optional<std::size_t> issuer_of(const std::vector<std::size_t>& chain) const {
    const Certificate& subject = certs()[chain.back()].certificate;
    if (issued_by(subject, subject)) return std::nullopt;  // self-issued: the chain ends here
    for (const auto how : {x509::NameMatch::encoded, x509::NameMatch::canonical}) {
      const auto candidate = [&](std::size_t i) {
        const Certificate& c = certs()[i].certificate;
        return !in_chain(chain, i) && x509::names_issuer(c, subject, how) && issued_by(subject, c);
      };
      if (auto plain = find_cert([&](std::size_t i) { return !certs()[i].attributes.java_trusted && candidate(i); }))
        return plain;
      if (auto any = find_cert(candidate)) return any;
    }
    return std::nullopt;
  }

  std::vector<std::size_t> chain_from(std::size_t leaf) const {
    std::vector<std::size_t> chain{leaf};
    while (auto next = issuer_of(chain)) chain.push_back(*next);
    return chain;
  }

  // Every plain bag holding a certificate of the chain belongs to the key entry now.
  void claim(const std::vector<std::size_t>& chain) {
    for (std::size_t i = 0; i < certs().size(); ++i)
      if (!certs()[i].attributes.java_trusted && in_chain(chain, i)) used_[i] = true;
    used_[chain.front()] = true;
  }

  void key(KeyBag& k) {
    Entry e;
    e.alias = k.attributes.friendly_name;
    e.local_key_id = key_id_text(k.attributes.local_key_id);
    if (k.problem) e.warnings.push_back(*k.problem);
    const auto leaf = leaf_of(k);
    if (!leaf) return lone_key(k, std::move(e));
    const auto chain = chain_from(*leaf);
    claim(chain);
    const CertBag& leaf_bag = certs()[*leaf];
    e.kind = EntryKind::key;
    if (e.alias.empty()) e.alias = leaf_bag.attributes.friendly_name;
    if (!e.local_key_id) e.local_key_id = key_id_text(leaf_bag.attributes.local_key_id);
    for (const auto i : chain) e.chain.push_back(certs()[i].certificate);
    if (k.key) e.key_matches = k.key->matches(leaf_bag.certificate);
    if (e.key_matches == false) e.warnings.emplace_back("private key does not belong to the certificate with its localKeyId");
    e.key = std::move(k.key);
    e.sealed_key = std::move(k.sealed);
    placed_.push_back({std::min(k.position, leaf_bag.position), std::move(e)});
  }

  void lone_key(KeyBag& k, Entry e) {
    e.kind = EntryKind::private_key;
    if (k.key && !certs().empty()) {
      e.key_matches = false;
      e.warnings.emplace_back("private key matches none of the certificates in the store");
    }
    e.key = std::move(k.key);
    placed_.push_back({k.position, std::move(e)});
  }

  void secret(const SecretBag& s) {
    Entry e;
    e.kind = EntryKind::secret_key;
    e.alias = s.attributes.friendly_name;
    e.local_key_id = key_id_text(s.attributes.local_key_id);
    e.opaque = s.der;
    placed_.push_back({s.position, std::move(e)});
  }

  void certificate(CertBag& c) {
    Entry e;
    e.kind = c.attributes.java_trusted ? EntryKind::trusted_certificate : EntryKind::certificate;
    e.alias = c.attributes.friendly_name;
    e.local_key_id = key_id_text(c.attributes.local_key_id);
    e.chain.push_back(c.certificate);
    e.stored_bag = StoredBag{std::move(c.der), e.kind, e.alias, e.local_key_id, c.certificate};
    placed_.push_back({c.position, std::move(e)});
  }

  Bags& bags_;
  std::vector<bool> used_;
  std::vector<Placed> placed_;
};

}  // namespace

std::vector<Entry> group_entries(Bags bags) { return Grouper(bags).run(); }

}  // namespace certkeep::pkcs12
