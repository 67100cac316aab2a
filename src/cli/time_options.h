// --at TIME and --warn-days N: how every command that judges validity learns "when" and "how soon".
#pragma once

#include <cstdint>
#include <string>

#include <CLI/CLI.hpp>

#include "cli/report.h"
#include "core/util/result.h"

namespace certkeep::cli {

struct TimeOptions {
  std::string at;
  std::int64_t warn_days = 30;

  void add_to(CLI::App& cmd, bool with_warn_days = true);

  // The moment to judge at (now, unless --at) and the policy. Fails on an unparsable --at.
  Result<Judgement> judgement() const;
};

}  // namespace certkeep::cli
