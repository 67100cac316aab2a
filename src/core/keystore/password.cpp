#include "core/keystore/password.h"

#include <array>

namespace certkeep {

std::span<const std::string_view> well_known_passwords() {
  static constexpr std::array<std::string_view, 4> kDefaults = {"WebAS", "changeit", "password", ""};
  return kDefaults;
}

std::vector<PasswordCandidate> password_candidates(const std::optional<Secret>& supplied) {
  std::vector<PasswordCandidate> out;
  if (supplied) out.push_back({*supplied, false});
  for (auto pw : well_known_passwords()) {
    if (supplied && supplied->view() == pw) {
      out.front().well_known = true;
      continue;
    }
    out.push_back({Secret(std::string(pw)), true});
  }
  return out;
}

}  // namespace certkeep
