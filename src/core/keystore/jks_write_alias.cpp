#include "core/keystore/jks_write_alias.h"

#include <map>

#include "core/keystore/jks_text.h"

namespace certkeep::jks {
namespace {

constexpr std::size_t kMaxAliasBytes = 65535;  // DataOutput.writeUTF's u16 length

}  // namespace

Result<std::vector<std::string>> stored_aliases(std::span<const Entry> entries, std::string_view format) {
  std::vector<std::string> out;
  std::map<std::string, std::size_t, std::less<>> seen;  // lower-cased alias -> entry index
  for (std::size_t i = 0; i < entries.size(); ++i) {
    const auto& alias = entries[i].alias;
    if (alias.empty())
      return fail(ErrorCode::invalid, "entry " + std::to_string(i + 1) + " (" + std::string(to_string(entries[i].kind)) +
                                          ") has no alias: " + std::string(format) + " needs one for every entry");
    auto lower = java_lower_case(alias);
    if (utf8_to_modified_utf8(lower).size() > kMaxAliasBytes)
      return fail(ErrorCode::invalid, "alias of entry " + std::to_string(i + 1) + " is longer than the 65535 bytes " +
                                          std::string(format) + " allows");
    const auto [at, fresh] = seen.emplace(lower, i);
    if (!fresh)
      return fail(ErrorCode::invalid, "aliases '" + entries[at->second].alias + "' and '" + alias +
                                          "' are the same ignoring case: " + std::string(format) +
                                          " needs unique aliases");
    out.push_back(std::move(lower));
  }
  return out;
}

}  // namespace certkeep::jks
