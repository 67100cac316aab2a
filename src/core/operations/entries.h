// Finding and changing entries of a Keystore in memory, the building blocks of every `certkeep
// keystore` command. Aliases compare ignoring ASCII case, as keytool does for every store type.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/keystore/keystore.h"
#include "core/util/result.h"

namespace certkeep::ops {

// A new key made by `csr --new-key` waits under "<alias>.pending" until `receive` installs its
// certificate under <alias> (the old key keeps serving meanwhile).
inline constexpr std::string_view kPendingSuffix = ".pending";
std::string pending_alias(std::string_view alias);
// "<alias>" when `alias` names a pending entry, nullopt otherwise.
std::optional<std::string> pending_for(std::string_view alias);

bool same_alias(std::string_view a, std::string_view b);

// Index of the entry called `alias`; `not_found` listing the aliases the store has.
Result<std::size_t> find_alias(const Keystore& ks, std::string_view alias);
// Index of the key entry called `alias`, with its key decoded; `not_found`, or `invalid` when the entry
// is of another kind or its key could not be decrypted.
Result<std::size_t> find_key_entry(const Keystore& ks, std::string_view alias);
// `conflict` ("duplicate alias") when an entry called `alias` exists; `invalid` when `alias` is empty.
Result<void> check_new_alias(const Keystore& ks, std::string_view alias);

// Removes the entry; returns it.
Result<Entry> delete_entry(Keystore& ks, std::string_view alias);
Result<void> rename_entry(Keystore& ks, std::string_view from, std::string_view to);

// Aliases of the store, in order (for messages).
std::vector<std::string> aliases(const Keystore& ks);

// "'a', 'b'" (for messages).
std::string quoted(const std::vector<std::string>& names);

}  // namespace certkeep::ops
