// The subcommand table: each command declares its syntax and help in one place (its *_cmd.cpp).
#pragma once

#include <functional>
#include <memory>
#include <span>
#include <string_view>

#include <CLI/CLI.hpp>

namespace certkeep::cli {

struct Command {
  std::string_view name;
  std::string_view summary;
  // Adds the subcommand's options to `cmd` and returns the function that runs it (an exit code).
  std::function<std::function<int()>(CLI::App& cmd)> setup;
  // Whether this invocation runs until stopped (the gateway, `scan --listen`): such a run keeps the C
  // library's heap defaults (heap.h). Unset: it never does.
  bool (*daemon)(const CLI::App& cmd) = nullptr;
};

std::span<const Command> commands();

// Entry point: parses argv, runs the chosen command, maps every failure to an exit code.
int run(int argc, char** argv);

// Individual commands (one file each).
std::function<int()> setup_inspect(CLI::App& cmd);
std::function<int()> setup_verify(CLI::App& cmd);
std::function<int()> setup_keystore(CLI::App& cmd);
std::function<int()> setup_probe(CLI::App& cmd);
std::function<int()> setup_scan(CLI::App& cmd);
std::function<int()> setup_gateway(CLI::App& cmd);

}  // namespace certkeep::cli
