#include "cli/time_options.h"

namespace certkeep::cli {

void TimeOptions::add_to(CLI::App& cmd, bool with_warn_days) {
  cmd.add_option("--at", at, "Judge validity at this moment instead of now (2027-01-31, 2027-01-31T12:00:00Z, @EPOCH)")
      ->type_name("TIME");
  if (with_warn_days)
    cmd.add_option("--warn-days", warn_days, "Certificates with fewer days left are EXPIRING (default 30)")
        ->check(CLI::NonNegativeNumber)
        ->type_name("N");
}

Result<Judgement> TimeOptions::judgement() const {
  Judgement j;
  j.policy.warn_days = warn_days;
  j.at = system_now();
  if (!at.empty()) {
    const auto parsed = parse_time(at);
    if (!parsed) return fail(ErrorCode::invalid, "--at: cannot read '" + at + "' as a time (try 2027-01-31T12:00:00Z)");
    j.at = *parsed;
  }
  return j;
}

}  // namespace certkeep::cli
