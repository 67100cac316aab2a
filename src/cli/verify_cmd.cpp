// certkeep verify CERT — path validation. Placeholder until the verifier lands.
#include "cli/commands.h"
#include "cli/exit_codes.h"
#include "cli/terminal.h"

namespace certkeep::cli {

std::function<int()> setup_verify(CLI::App& cmd) {
  auto cert = std::make_shared<std::string>();
  cmd.add_option("cert", *cert, "Certificate file")->required();
  return [] {
    print_error("verify is not implemented yet");
    return static_cast<int>(kUnknown);
  };
}

}  // namespace certkeep::cli
