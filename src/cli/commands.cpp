#include "cli/commands.h"

#include <array>
#include <exception>
#include <iostream>

#include "cli/exit_codes.h"
#include "cli/heap.h"
#include "cli/terminal.h"

namespace certkeep::cli {

std::span<const Command> commands() {
  static const std::array<Command, 6> kCommands = {{
      {"inspect", "Show every certificate and key in files, keystores and directories, and when each expires",
       setup_inspect},
      {"verify", "Validate a certificate's chain the way a careful TLS client does", setup_verify},
      {"keystore", "Create, renew (csr, receive), convert and edit PKCS#12, JKS and JCEKS keystores", setup_keystore},
      {"probe", "Test TLS endpoints (STARTTLS, client certificates): what they serve and why a connection fails",
       setup_probe},
      {"scan", "Inventory certificates in files and live endpoints by time left; Prometheus and Nagios output",
       setup_scan, [](const CLI::App& cmd) { return cmd.count("--listen") > 0; }},
      {"gateway", "Serve TLS from keystores and reload renewed certificates with no restart (inbound and outbound)",
       setup_gateway, [](const CLI::App&) { return true; }},
  }};
  return kCommands;
}

int run(int argc, char** argv) {
  CLI::App app{"certkeep — find, show, verify and renew the TLS certificates of a fleet before they expire.\n"
               "Run 'certkeep COMMAND --help' for a command's options and examples.",
               "certkeep"};
  app.set_version_flag("--version", "certkeep 0.1.0");
  app.require_subcommand(1);
  std::function<int()> action;
  for (const auto& c : commands()) {
    auto* sub = app.add_subcommand(std::string(c.name), std::string(c.summary));
    auto fn = c.setup(*sub);
    sub->callback([&action, fn, sub, daemon = c.daemon] {
      action = fn;
      if (daemon == nullptr || !daemon(*sub)) prepare_heap_for_a_short_run();
    });
  }
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int rc = app.exit(e);
    return rc == 0 ? kOk : kUsage;
  }
  try {
    return action ? action() : kUsage;
  } catch (const std::exception& e) {
    print_error(std::string("internal error: ") + e.what());
    return kUnknown;
  }
}

}  // namespace certkeep::cli
