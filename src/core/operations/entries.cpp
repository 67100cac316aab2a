#include "core/operations/entries.h"

#include <algorithm>
#include <cctype>

namespace certkeep::ops {
namespace {

std::string list(const std::vector<std::string>& names) {
  return names.empty() ? "the store is empty" : "the store has " + quoted(names);
}

}  // namespace

std::string pending_alias(std::string_view alias) { return std::string(alias) + std::string(kPendingSuffix); }

std::optional<std::string> pending_for(std::string_view alias) {
  if (alias.size() <= kPendingSuffix.size() || !alias.ends_with(kPendingSuffix)) return std::nullopt;
  return std::string(alias.substr(0, alias.size() - kPendingSuffix.size()));
}

bool same_alias(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::ranges::equal(a, b, [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}

std::string quoted(const std::vector<std::string>& names) {
  std::string out;
  for (const auto& n : names) out += (out.empty() ? "'" : ", '") + n + "'";
  return out;
}

std::vector<std::string> aliases(const Keystore& ks) {
  std::vector<std::string> out;
  for (const auto& e : ks.entries) out.push_back(e.alias);
  return out;
}

Result<std::size_t> find_alias(const Keystore& ks, std::string_view alias) {
  for (std::size_t i = 0; i < ks.entries.size(); ++i)
    if (same_alias(ks.entries[i].alias, alias)) return i;
  return fail(ErrorCode::not_found, "no entry '" + std::string(alias) + "' (" + list(aliases(ks)) + ")");
}

Result<std::size_t> find_key_entry(const Keystore& ks, std::string_view alias) {
  auto i = find_alias(ks, alias);
  if (!i) return i;
  const Entry& e = ks.entries[*i];
  if (e.kind != EntryKind::key)
    return fail(ErrorCode::invalid, "entry '" + e.alias + "' is a " + std::string(to_string(e.kind)) + ", not a key entry");
  if (!e.key)
    return fail(ErrorCode::bad_password, "the private key of entry '" + e.alias +
                                             "' could not be decrypted: give its key password with --key-password-file");
  return i;
}

Result<void> check_new_alias(const Keystore& ks, std::string_view alias) {
  if (alias.empty()) return fail(ErrorCode::invalid, "an alias cannot be empty");
  if (find_alias(ks, alias)) return fail(ErrorCode::conflict, "duplicate alias: the store already has an entry '" + std::string(alias) + "'");
  return {};
}

Result<Entry> delete_entry(Keystore& ks, std::string_view alias) {
  auto i = find_alias(ks, alias);
  if (!i) return i.error();
  Entry removed = std::move(ks.entries[*i]);
  ks.entries.erase(ks.entries.begin() + static_cast<std::ptrdiff_t>(*i));
  return removed;
}

Result<void> rename_entry(Keystore& ks, std::string_view from, std::string_view to) {
  auto i = find_alias(ks, from);
  if (!i) return i.error();
  if (!same_alias(from, to))
    if (auto ok = check_new_alias(ks, to); !ok) return ok;
  ks.entries[*i].alias = std::string(to);
  return {};
}

}  // namespace certkeep::ops
