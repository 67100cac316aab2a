// Opening a keystore file for a `certkeep keystore` command and writing it back safely: the password
// that opened it is the one it is written with; the new bytes are read back and checked before they
// replace the file (atomically, with a backup: core/util/atomic_file.h).
#pragma once

#include <optional>
#include <string>

#include <CLI/CLI.hpp>

#include "cli/password_options.h"
#include "core/keystore/keystore.h"
#include "core/util/atomic_file.h"
#include "core/util/result.h"

namespace certkeep::cli {

struct StoreOptions {
  std::string file;
  PasswordOptions password;
  PasswordOptions key_password{"key-", "key password (JKS/JCEKS keys protected apart from the store)"};
  bool upgrade_protection = false;
  bool no_backup = false;
  bool force = false;
};

enum class Access {
  read,    // to show it: everything decoded
  write,   // to rewrite it: only what the command touches is decoded (ReadOptions::defer_certificates)
  source,  // to copy its entries into another store: read-only, any format, decoded like `write`
};

// FILE and the password options; with Access::write also --key-password-*, --upgrade-protection and
// --no-backup.
void add_store_options(CLI::App& cmd, StoreOptions& o, Access access);

struct OpenStore {
  std::string path;
  Keystore keystore;
  Secret password;                  // the one that opened it (empty for stores without one)
  std::optional<Secret> key_password;
  bool well_known_password = false;
};

// Reads FILE with the given password, else the well-known defaults (with a warning when one opens it),
// else (on a terminal) a prompt.
// Writing commands refuse formats certkeep does not rewrite (PEM, DER, PKCS#7) with a hint.
Result<OpenStore> open_store(const StoreOptions& o, Access access);

// The store's password for a new store: the options, else a prompt asked twice. `invalid` when none.
Result<Secret> new_store_password(const PasswordOptions& o, const std::string& path);

// A new, empty store of `type` ("pkcs12", "jks" or "jceks") for o.file, with its new password and the
// key password of the options. `invalid` for another type or no password.
Result<OpenStore> new_store(const StoreOptions& o, const std::string& type);

// Encodes `store` (its format, its own protection unless --upgrade-protection), reads the bytes back
// with the password and checks every entry is there, then writes them atomically.
Result<Written> save_store(const OpenStore& store, const StoreOptions& o, Existing existing, UnixTime now);

// One line on stdout: "wrote FILE (previous version kept as BACKUP)".
void print_written(const std::string& path, const Written& written);

// save_store, then print_written; the exit status.
int save_and_report(const OpenStore& store, const StoreOptions& o, Existing existing, UnixTime now);

// Prints "certkeep: FILE: message" and returns the exit status for the error (exit_codes.h).
int report_failure(const std::string& path, const Error& e);

}  // namespace certkeep::cli
