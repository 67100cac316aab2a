// Replacing a file so that, whatever happens (crash, power cut, full disk), the path holds either the
// old bytes or the new ones, never a mix (DESIGN.md, "Keystore rules"): the new bytes go to a temporary
// file in the same directory, which is flushed (fsync), given the old file's mode and owner, and renamed
// over the old one; then the directory itself is flushed so the rename survives a power cut. The old
// file is kept as a timestamped backup (a hard link made before the rename, so it costs no copy).
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <span>

#include "core/util/clock.h"
#include "core/util/result.h"

namespace certkeep {

// Backups are named "<file>.<UTC time, ISO 8601 basic>.certkeep.bak" (e.g.
// "gw.p12.20261124T181500Z.certkeep.bak", "-2" before the suffix when that exists); directory walks
// (inventory.h) skip them.
inline constexpr std::string_view kBackupSuffix = ".certkeep.bak";

enum class Existing {
  replace,  // the file must exist; it is replaced (and backed up, unless `backup` is false)
  create,   // the file must not exist; it is created with mode 0600
};

struct AtomicWrite {
  Existing existing = Existing::replace;
  bool backup = true;
  UnixTime now = 0;  // names the backup
};

struct Written {
  std::optional<std::filesystem::path> backup;  // where the old bytes are now also kept
};

// Errors (`io` unless said otherwise), each naming the path and the cause: the file does not exist
// (`not_found`) or already exists (`invalid`); it is not a regular file; it is read-only (no write
// permission bit, or not writable by this user); the directory is not writable; the disk is full; the
// owner cannot be kept. On any error nothing is left behind and the file is untouched.
Result<Written> write_file_atomically(const std::filesystem::path& path, std::span<const std::uint8_t> bytes,
                                      const AtomicWrite& how);

}  // namespace certkeep
