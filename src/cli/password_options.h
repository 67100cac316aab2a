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
  PasswordOptions() = default;
  PasswordOptions(std::string option_prefix, std::string description)
      : prefix(std::move(option_prefix)), what(std::move(description)) {}

  // Option names are "--<prefix>password-file" etc.; `what` names the password in help and warnings.
  std::string prefix;
  std::string what = "keystore password";
  std::string file;
  std::string env;
  std::string literal;  // --password: visible in the process list, accepted with a warning
  bool set_literal = false;

  void add_to(CLI::App& cmd);

  // The password given by the options, if any. Reads the file's first line (without its newline).
  Result<std::optional<Secret>> resolve() const;
};

}  // namespace certkeep::cli
