#include "core/operations/identity.h"

#include <algorithm>
#include <optional>

#include "core/operations/entries.h"

namespace certkeep::ops {
namespace {

// Why a store has no key entry: a key next to certificates it does not belong to (a PEM bundle with the
// wrong key), or no key at all.
Error lone_key_problem(const Keystore& ks, std::string_view role) {
  const auto has = [&](EntryKind k) { return std::ranges::any_of(ks.entries, [&](const Entry& e) { return e.kind == k; }); };
  if (has(EntryKind::private_key) && has(EntryKind::certificate))
    return {ErrorCode::invalid, std::string(role) + " key and certificate mismatch: the private key in it belongs to none of its certificates"};
  return {ErrorCode::not_found, "it holds no private key with a certificate to present"};
}

Result<std::size_t> only_key_entry(const Keystore& ks, std::string_view role) {
  std::vector<std::string> key_aliases;
  std::optional<std::size_t> found;
  for (std::size_t i = 0; i < ks.entries.size(); ++i) {
    if (ks.entries[i].kind != EntryKind::key) continue;
    found = i;
    key_aliases.push_back(ks.entries[i].alias);
  }
  if (!found) return lone_key_problem(ks, role);
  if (key_aliases.size() > 1) return fail(ErrorCode::invalid, "it holds several keys (" + quoted(key_aliases) + "); choose one with --alias");
  return *found;
}

}  // namespace

Result<Identity> select_identity(const Keystore& ks, std::string_view alias, std::string_view role) {
  auto index = alias.empty() ? only_key_entry(ks, role) : find_key_entry(ks, alias);
  if (!index) return index.error();
  const auto& entry = ks.entries[*index];
  if (!entry.key) return fail(ErrorCode::bad_password, "the private key of '" + entry.alias + "' could not be decrypted; it has a key password of its own");
  if (entry.chain.empty()) return fail(ErrorCode::not_found, "the key '" + entry.alias + "' has no certificate");
  if (entry.key_matches == false)
    return fail(ErrorCode::invalid, std::string(role) + " key and certificate mismatch: the private key of '" + entry.alias +
                                        "' does not belong to its certificate " + entry.chain.front().details().subject);
  return Identity{entry.alias, *entry.key, entry.chain};
}

}  // namespace certkeep::ops
