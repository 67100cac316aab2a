// Output of `certkeep scan`: a table sorted by time left, JSON, Prometheus text exposition, or a Nagios
// plugin line; and the exit status they all share.
#pragma once

#include <cstdint>
#include <ostream>

#include "cli/render_text.h"
#include "cli/scan_run.h"

namespace certkeep::cli {

struct ScanThresholds {
  Judgement judgement;         // --at, --warn-days
  std::int64_t crit_days = 0;  // fewer days left than this is CRITICAL (expired always is)
};

// Nagios: 0 OK, 1 WARNING (something expires within --warn-days), 2 CRITICAL (expired, not yet valid,
// within --crit-days, or an endpoint failed), 3 UNKNOWN (a file could not be read).
int scan_exit_code(const ScanResult& r, const ScanThresholds& t);

void render_scan_text(std::ostream& out, const ScanResult& r, const ScanThresholds& t, const TextStyle& style);
void render_scan_json(std::ostream& out, const ScanResult& r, const ScanThresholds& t);
// Prometheus text exposition format 0.0.4; metric names in docs/scan.md.
void render_scan_prometheus(std::ostream& out, const ScanResult& r);
// "CERTKEEP WARNING - ... | perfdata", then one line per problem.
void render_scan_nagios(std::ostream& out, const ScanResult& r, const ScanThresholds& t);

}  // namespace certkeep::cli
