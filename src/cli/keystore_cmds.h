// `certkeep keystore SUBCOMMAND`: one file per group of subcommands (keystore_*_cmds.cpp), registered
// in keystore_cmd.cpp. Each setup adds its options to `cmd` and returns the function that runs it.
#pragma once

#include <functional>
#include <span>

#include <CLI/CLI.hpp>

#include "cli/commands.h"

namespace certkeep::cli {

std::span<const Command> keystore_subcommands();

std::function<int()> setup_keystore_list(CLI::App& cmd);
std::function<int()> setup_keystore_show(CLI::App& cmd);
std::function<int()> setup_keystore_create(CLI::App& cmd);
std::function<int()> setup_keystore_genkey(CLI::App& cmd);
std::function<int()> setup_keystore_csr(CLI::App& cmd);
std::function<int()> setup_keystore_receive(CLI::App& cmd);
std::function<int()> setup_keystore_import(CLI::App& cmd);
std::function<int()> setup_keystore_export(CLI::App& cmd);
std::function<int()> setup_keystore_delete(CLI::App& cmd);
std::function<int()> setup_keystore_rename(CLI::App& cmd);
std::function<int()> setup_keystore_passwd(CLI::App& cmd);

}  // namespace certkeep::cli
