#include "cli/client_identity.h"

#include <algorithm>

#include "core/operations/entries.h"

namespace certkeep::cli {
namespace {

// Why a store has no key entry: a key next to certificates it does not belong to (a PEM bundle with the
// wrong key), or no key at all.
std::string lone_key_problem(const Keystore& ks) {
  const auto has = [&](EntryKind k) { return std::ranges::any_of(ks.entries, [&](const Entry& e) { return e.kind == k; }); };
  if (has(EntryKind::private_key) && has(EntryKind::certificate))
    return "client key and certificate mismatch: the private key in it belongs to none of its certificates";
  return "it holds no private key with a certificate to present";
}

Result<std::size_t> only_key_entry(const Keystore& ks) {
  std::vector<std::string> aliases;
  std::optional<std::size_t> found;
  for (std::size_t i = 0; i < ks.entries.size(); ++i) {
    if (ks.entries[i].kind != EntryKind::key) continue;
    found = i;
    aliases.push_back(ks.entries[i].alias);
  }
  if (!found) return fail(ErrorCode::not_found, lone_key_problem(ks));
  if (aliases.size() > 1) return fail(ErrorCode::invalid, "it holds several keys (" + ops::quoted(aliases) + "); choose one with --alias");
  return *found;
}

}  // namespace

Result<std::shared_ptr<const net::ClientIdentity>> load_client_identity(const StoreOptions& store, const std::string& alias) {
  const auto named = [&](const Error& e) { return Error{e.code, "client keystore " + store.file + ": " + e.message}; };
  auto opened = open_store(store, Access::read);
  if (!opened) return named(opened.error());
  const auto& ks = opened->keystore;
  auto index = alias.empty() ? only_key_entry(ks) : ops::find_key_entry(ks, alias);
  if (!index) return named(index.error());
  const auto& entry = ks.entries[*index];
  if (!entry.key) return named(Error{ErrorCode::bad_password, "the private key of '" + entry.alias + "' could not be decrypted; give its password with --key-password-file"});
  if (entry.chain.empty()) return named(Error{ErrorCode::not_found, "the key '" + entry.alias + "' has no certificate"});
  if (entry.key_matches == false)
    return named(Error{ErrorCode::invalid, "client key and certificate mismatch: the private key of '" + entry.alias +
                                               "' does not belong to its certificate " + entry.chain.front().details().subject});
  return std::make_shared<const net::ClientIdentity>(net::ClientIdentity{*entry.key, entry.chain});
}

}  // namespace certkeep::cli
