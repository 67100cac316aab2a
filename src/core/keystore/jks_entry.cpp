#include "core/keystore/jks_entry.h"

#include <string>


namespace certkeep::jks {
namespace {

constexpr std::string_view kUndecrypted = "private key could not be decrypted: ";

// Java's milliseconds to whole seconds, rounding toward negative infinity like every UnixTime.
UnixTime seconds(std::int64_t ms) { return ms / 1000 - (ms % 1000 < 0 ? 1 : 0); }

EntryKind kind_of(Tag tag) {
  switch (tag) {
    case Tag::private_key: return EntryKind::key;
    case Tag::trusted_certificate: return EntryKind::trusted_certificate;
    case Tag::secret_key: return EntryKind::secret_key;
  }
  return EntryKind::certificate;
}

void add_private_key(Entry& e, const RawEntry& raw, std::span<const PasswordCandidate> candidates,
                     std::size_t store_candidate, PbeBudget& budget) {
  auto key = recover_private_key(raw.protected_key, candidates, store_candidate, budget);
  if (!key) {
    const bool wrong_password = key.error().code == ErrorCode::bad_password;
    e.warnings.push_back(std::string(kUndecrypted) +
                         (wrong_password ? "its key password differs from the store password" : key.error().message));
    return;
  }
  if (!e.chain.empty()) e.key_matches = key->key.matches(e.chain.front());
  if (e.key_matches == false) e.warnings.emplace_back("private key does not belong to the first certificate of its chain");
  e.key = std::move(key->key);
}

}  // namespace

Result<Entry> decode_entry(const RawEntry& raw, std::span<const PasswordCandidate> candidates,
                           std::size_t store_candidate, PbeBudget& budget, const ReadOptions& options) {
  Entry e;
  e.kind = kind_of(raw.tag);
  e.alias = raw.alias;
  e.created = seconds(raw.created_ms);
  const bool defer = options.defer_certificates && raw.tag == Tag::trusted_certificate;
  for (const auto& c : raw.certificates) {
    auto cert = defer ? Certificate::deferred(c.der) : Certificate::from_der(c.der);
    if (!cert) return fail(ErrorCode::malformed, "bad certificate at offset " + std::to_string(c.offset) + ": " + cert.error().message);
    e.chain.push_back(std::move(*cert));
  }
  if (raw.tag == Tag::private_key) add_private_key(e, raw, candidates, store_candidate, budget);
  if (raw.tag == Tag::secret_key) e.opaque.assign(raw.sealed_key.begin(), raw.sealed_key.end());
  return e;
}

}  // namespace certkeep::jks
