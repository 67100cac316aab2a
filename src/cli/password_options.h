// The password options every keystore-reading command shares: --password-file, --password-env, and
// (with a warning) --password. Resolves them to at most one Secret.
#pragma once

#include <optional>
#include <string>

#include <CLI/CLI.hpp>

#include "core/util/result.h"
#include "core/util/secret.h"

namespace certkeep::cli {

struct PasswordOptions {
  std::string file;
  std::string env;
  std::string literal;  // --password: visible in the process list, accepted with a warning
  bool set_literal = false;

  void add_to(CLI::App& cmd);

  // The password given by the options, if any. Reads the file's first line (without its newline).
  Result<std::optional<Secret>> resolve() const;
};

}  // namespace certkeep::cli
