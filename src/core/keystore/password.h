// Passwords offered to a keystore reader. The caller (CLI, gateway, agent) decides where they come from
// and in which order; readers try them in that order and report which one opened the store.
#pragma once

#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "core/util/secret.h"

namespace certkeep {

struct PasswordCandidate {
  Secret password;
  bool well_known = false;  // a vendor default ("WebAS", "changeit", ...): opening with it earns a warning
};

// The defaults that real products ship with, in the order certkeep tries them: WebSphere's "WebAS",
// the JDK's "changeit", "password", and the empty password.
std::span<const std::string_view> well_known_passwords();

// `supplied` (if any) first, then the well-known defaults, without repeats.
std::vector<PasswordCandidate> password_candidates(const std::optional<Secret>& supplied);

}  // namespace certkeep
