// What the CLI knows about the terminal: whether stdout/stderr are TTYs, colors, no-echo prompts.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/util/error.h"

#include "core/util/secret.h"

namespace certkeep::cli {

bool stdout_is_tty();
bool stdin_is_tty();

enum class Color { none, red, yellow, green, bold, dim };

// Wraps `text` in an ANSI color when `enabled`.
std::string paint(std::string_view text, Color color, bool enabled);

// Prompts on the controlling terminal with echo off. nullopt when there is no terminal.
std::optional<Secret> prompt_secret(const std::string& prompt);

// One line on stderr: "certkeep: <message>".
void print_error(std::string_view message);
void print_warning(std::string_view message);
// print_error(e.message), then `status`: a command's early exit.
int exit_with(const Error& e, int status);

}  // namespace certkeep::cli
