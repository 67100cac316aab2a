#include "core/operations/keys.h"

#include <openssl/x509.h>

#include "core/operations/entries.h"

namespace certkeep::ops {
namespace {

constexpr int kMaxDays = 36'525;  // a hundred years: anything longer is a typo
constexpr int kPlaceholderDays = 90;

Result<Entry> key_entry(std::string alias, const PrivateKey& key, const X509_NAME* subject,
                        std::vector<GeneralName> sans, int days, UnixTime now) {
  auto cert = self_signed(key, SelfSignedSpec{subject, std::move(sans), now, days});
  if (!cert) return cert.error();
  Entry e;
  e.kind = EntryKind::key;
  e.alias = std::move(alias);
  e.key = key;
  e.chain = {*cert};
  e.key_matches = true;
  e.created = now;
  return e;
}

// The names a request can carry again; others (dirName, otherName, RID) are left out with a note.
std::vector<GeneralName> reusable_names(const Certificate& cert, std::vector<std::string>& notes) {
  std::vector<GeneralName> out;
  for (const auto& n : cert.details().subject_alt_names) {
    if (n.type == "DNS" || n.type == "IP" || n.type == "email" || n.type == "URI")
      out.push_back(n);
    else
      notes.push_back("the name " + n.type + ":" + n.value + " is not carried into the request");
  }
  return out;
}

// The pending entry for `alias`: reused when an earlier `csr --new-key` made it, else a new key of the
// same type and size as the entry's, with a placeholder certificate of the same subject and names.
Result<std::size_t> pending_entry(Keystore& ks, const Entry& current, const std::vector<GeneralName>& names,
                                  CsrOutcome& out, UnixTime now) {
  const std::string alias = pending_alias(current.alias);
  if (auto existing = find_key_entry(ks, alias)) {
    out.notes.push_back("reusing the pending key '" + alias + "' made by an earlier request");
    return *existing;
  }
  auto spec = key_spec_of(current.key->info());
  if (!spec) return spec.error();
  auto key = generate_key(*spec);
  if (!key) return key.error();
  auto entry = key_entry(alias, *key, X509_get_subject_name(current.chain.front().x509()), names, kPlaceholderDays, now);
  if (!entry) return entry.error();
  ks.entries.push_back(std::move(*entry));
  out.store_changed = true;
  return ks.entries.size() - 1;
}

}  // namespace

Result<std::size_t> generate_key_entry(Keystore& ks, const GenKeyRequest& r) {
  if (auto ok = check_new_alias(ks, r.alias); !ok) return ok.error();
  if (r.days < 1 || r.days > kMaxDays)
    return fail(ErrorCode::invalid, "--days must be between 1 and " + std::to_string(kMaxDays));
  auto subject = parse_distinguished_name(r.subject);
  if (!subject) return subject.error();
  std::vector<GeneralName> sans;
  if (!r.subject_alt_names.empty()) {
    auto parsed = parse_subject_alt_names(r.subject_alt_names);
    if (!parsed) return parsed.error();
    sans = std::move(*parsed);
  }
  auto key = generate_key(r.key);
  if (!key) return key.error();
  auto entry = key_entry(r.alias, *key, subject->get(), std::move(sans), r.days, r.now);
  if (!entry) return entry.error();
  ks.entries.push_back(std::move(*entry));
  return ks.entries.size() - 1;
}

Result<CsrOutcome> request_certificate(Keystore& ks, const CsrRequest& r) {
  auto i = find_key_entry(ks, r.alias);
  if (!i) return i.error();
  CsrOutcome out;
  const Entry current = ks.entries[*i];
  if (current.chain.empty()) return fail(ErrorCode::invalid, "entry '" + current.alias + "' has no certificate to take the subject from");
  const auto names = reusable_names(current.chain.front(), out.notes);
  std::size_t key_index = *i;
  if (r.new_key) {
    auto pending = pending_entry(ks, current, names, out, r.now);
    if (!pending) return pending.error();
    key_index = *pending;
  }
  const Entry& keyed = ks.entries[key_index];
  auto der = make_csr_der(*keyed.key, X509_get_subject_name(current.chain.front().x509()), names);
  if (!der) return der.error();
  out.der = std::move(*der);
  out.key_alias = keyed.alias;
  return out;
}

}  // namespace certkeep::ops
