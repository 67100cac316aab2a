// Reading files whole, with errors an admin can act on.
#pragma once

#include <cstdint>
#include <filesystem>
#include <vector>

#include "core/util/result.h"

namespace certkeep {

// Largest file certkeep reads as a certificate or keystore; anything bigger is refused unread.
inline constexpr std::uintmax_t kMaxInputBytes = std::uintmax_t{64} * 1024 * 1024;

// Reads the whole file. Errors: `not_found`, `io` with the OS reason ("permission denied", "is a
// directory"), `invalid` for files over kMaxInputBytes. Never modifies the file.
Result<std::vector<std::uint8_t>> read_file(const std::filesystem::path& path);

}  // namespace certkeep
