#include "cli/password_options.h"

#include <cstdlib>

#include "cli/terminal.h"
#include "core/util/file.h"

namespace certkeep::cli {

void PasswordOptions::add_to(CLI::App& cmd) {
  const std::string name = "--" + prefix + "password";
  cmd.add_option(name + "-file", file, "Read the " + what + " from the first line of this file")->type_name("FILE");
  cmd.add_option(name + "-env", env, "Read the " + what + " from this environment variable")->type_name("VAR");
  cmd.add_option_function<std::string>(
         name,
         [this](const std::string& v) {
           literal = v;
           set_literal = true;
         },
         "The " + what + " on the command line (visible to other users: prefer " + name + "-file)")
      ->type_name("PASS");
}

Result<std::optional<Secret>> PasswordOptions::resolve() const {
  if (!file.empty()) {
    auto bytes = read_file(file);
    if (!bytes) return fail(bytes.error().code, file + ": cannot read password file: " + bytes.error().message);
    std::string text(bytes->begin(), bytes->end());
    std::fill(bytes->begin(), bytes->end(), std::uint8_t{0});
    if (const auto nl = text.find_first_of("\r\n"); nl != std::string::npos) text.resize(nl);
    return std::optional<Secret>(Secret(std::move(text)));
  }
  if (!env.empty()) {
    const char* v = std::getenv(env.c_str());
    if (v == nullptr) return fail(ErrorCode::not_found, "environment variable " + env + " is not set");
    return std::optional<Secret>(Secret(v));
  }
  if (set_literal) {
    const std::string name = "--" + prefix + "password";
    print_warning(name + " is visible to other users of this machine; prefer " + name + "-file or " + name + "-env");
    return std::optional<Secret>(Secret(literal));
  }
  return std::optional<Secret>();
}

}  // namespace certkeep::cli
