#include "core/operations/receive.h"

#include <algorithm>
#include <set>

#include "core/operations/entries.h"
#include "core/x509/expiry.h"

namespace certkeep::ops {
namespace {

struct Match {
  std::size_t entry;          // the key entry whose key signs for the reply
  std::size_t target;         // the entry that will hold the chain (the same, or the pending's owner)
  std::size_t leaf;           // index into the reply
};

bool holds_key(const Entry& e) { return e.kind == EntryKind::key && e.key.has_value(); }

std::optional<std::size_t> leaf_for(const Entry& e, const std::vector<Certificate>& reply) {
  for (std::size_t i = 0; i < reply.size(); ++i)
    if (e.key->matches(reply[i])) return i;
  return std::nullopt;
}

// Entries the reply may be for: the alias and its pending entry, or every key entry.
std::vector<std::size_t> candidates(const Keystore& ks, const std::optional<std::string>& alias) {
  std::vector<std::size_t> out;
  for (std::size_t i = 0; i < ks.entries.size(); ++i) {
    const auto& a = ks.entries[i].alias;
    if (!alias || same_alias(a, *alias) || same_alias(a, pending_alias(*alias))) out.push_back(i);
  }
  return out;
}

Result<std::size_t> target_of(const Keystore& ks, std::size_t entry) {
  auto owner = pending_for(ks.entries[entry].alias);
  if (!owner) return entry;
  if (auto i = find_alias(ks, *owner)) return *i;
  return entry;  // a pending entry whose original is gone: it becomes the entry itself
}

std::string key_entry_names(const Keystore& ks, const std::vector<std::size_t>& idx) {
  std::vector<std::string> names;
  for (auto i : idx)
    if (holds_key(ks.entries[i])) names.push_back(ks.entries[i].alias);
  return names.empty() ? "no key entry" : "key entry " + quoted(names);
}

Result<Match> find_match(const Keystore& ks, const ReceiveRequest& req) {
  if (req.reply.empty()) return fail(ErrorCode::invalid, "the reply holds no certificate");
  if (req.alias)
    if (auto i = find_alias(ks, *req.alias); !i && !find_alias(ks, pending_alias(*req.alias))) return i.error();
  const auto idx = candidates(ks, req.alias);
  for (auto i : idx) {
    if (!holds_key(ks.entries[i])) continue;
    if (auto leaf = leaf_for(ks.entries[i], req.reply)) {
      auto target = target_of(ks, i);
      if (!target) return target.error();
      return Match{i, *target, *leaf};
    }
  }
  return fail(ErrorCode::conflict, "the reply is for another key: no certificate in it matches the public key of " +
                                      key_entry_names(ks, idx));
}

std::vector<Certificate> untrusted_pool(const Keystore& ks, const Match& m, const ReceiveRequest& req) {
  std::vector<Certificate> pool;
  for (std::size_t i = 0; i < req.reply.size(); ++i)
    if (i != m.leaf) pool.push_back(req.reply[i]);
  const auto& old = ks.entries[m.target].chain;
  if (old.size() > 1) pool.insert(pool.end(), old.begin() + 1, old.end());
  for (const auto& e : ks.entries)
    if (e.kind == EntryKind::certificate) pool.insert(pool.end(), e.chain.begin(), e.chain.end());
  return pool;
}

std::vector<Certificate> anchor_pool(const Keystore& ks, const ReceiveRequest& req) {
  std::vector<Certificate> anchors = req.anchors;
  for (const auto& e : ks.entries)
    if (e.kind == EntryKind::trusted_certificate) anchors.insert(anchors.end(), e.chain.begin(), e.chain.end());
  return anchors;
}

std::string validity_problem(const Certificate& leaf, UnixTime at) {
  const auto& d = leaf.details();
  if (at > d.not_after) return "the reply's certificate expired on " + format_iso8601(d.not_after);
  if (at < d.not_before) return "the reply's certificate is not valid before " + format_iso8601(d.not_before);
  return {};
}

// The leaf's own validity is judged by validity_problem, with its own words.
std::string chain_problem(const VerifyResult& v) {
  for (const auto& p : v.problems) {
    const bool leaf_validity = p.depth == 0 && (p.code == "expired" || p.code == "not_yet_valid");
    if (p.severity == Severity::error && !leaf_validity) return "the reply's chain does not verify: " + p.message;
  }
  return {};
}

// Refuses (unless forced) what an admin must not install by accident; forced, it becomes a warning.
Result<void> judge(const std::string& problem, bool force, std::vector<std::string>& warnings, const std::string& hint) {
  if (problem.empty()) return {};
  if (!force) return fail(ErrorCode::untrusted, problem + "; " + hint);
  warnings.push_back(problem + " (installed anyway: --force)");
  return {};
}

std::set<std::string> names_of(const Certificate& c) {
  std::set<std::string> out;
  for (const auto& n : c.details().subject_alt_names) out.insert(n.type + ":" + n.value);
  return out;
}

void compare(const Certificate& old_leaf, const Certificate& new_leaf, std::vector<std::string>& warnings) {
  const auto now = names_of(new_leaf);
  for (const auto& n : names_of(old_leaf))
    if (!now.contains(n)) warnings.push_back("the new certificate drops the name " + n);
  if (old_leaf.details().subject != new_leaf.details().subject)
    warnings.push_back("the subject changes from '" + old_leaf.details().subject + "' to '" + new_leaf.details().subject + "'");
}

void install(Keystore& ks, const Match& m, std::vector<Certificate> chain, ReceiveOutcome& out) {
  Entry& target = ks.entries[m.target];
  if (m.target != m.entry) {
    target.key = ks.entries[m.entry].key;
    target.sealed_key = ks.entries[m.entry].sealed_key;
    out.pending_used = ks.entries[m.entry].alias;
  }
  target.chain = std::move(chain);
  target.kind = EntryKind::key;
  target.key_matches = true;
  target.warnings.clear();
  if (auto owner = pending_for(target.alias); owner && m.target == m.entry) target.alias = *owner;
  out.alias = target.alias;
  if (m.target != m.entry) ks.entries.erase(ks.entries.begin() + static_cast<std::ptrdiff_t>(m.entry));
}

}  // namespace

Result<ReceiveOutcome> receive_reply(Keystore& ks, const ReceiveRequest& req) {
  auto m = find_match(ks, req);
  if (!m) return m.error();
  const Certificate& leaf = req.reply[m->leaf];
  const auto untrusted = untrusted_pool(ks, *m, req);
  const auto anchors = anchor_pool(ks, req);
  VerifyOptions options(req.at);
  options.purpose = Purpose::any;
  auto verified = verify_chain(leaf, untrusted, anchors, options);
  if (!verified) return verified.error();
  std::vector<std::string> warnings;
  if (auto ok = judge(validity_problem(leaf, req.at), req.force, warnings, "ask the CA for a current certificate, or use --force"); !ok)
    return ok.error();
  if (auto ok = judge(chain_problem(*verified), req.force, warnings,
                      "give the issuing CA with --ca-file, or --system-store, or use --force");
      !ok)
    return ok.error();
  const auto& old_chain = ks.entries[m->target].chain;
  if (!old_chain.empty()) compare(old_chain.front(), leaf, warnings);
  ReceiveOutcome out;
  out.warnings = std::move(warnings);
  if (!old_chain.empty()) out.old_leaf.emplace(old_chain.front());
  out.chain = verified->chain;
  out.verification = std::move(*verified);
  out.unchanged = m->target == m->entry && old_chain == out.chain;
  if (out.unchanged) {
    out.alias = ks.entries[m->target].alias;
    return out;
  }
  install(ks, *m, out.chain, out);
  return out;
}

}  // namespace certkeep::ops
