// Output of `certkeep probe` (and the endpoint part of `scan`): the cert-tool summary line, the details,
// and the JSON objects of docs/json-schema.md.
#pragma once

#include <ostream>

#include <nlohmann/json.hpp>

#include "cli/render_text.h"
#include "cli/report.h"
#include "net/probe.h"
#include "net/probe_verdict.h"

namespace certkeep::cli {

struct ProbeTotals {
  std::size_t endpoints = 0, passed = 0, warnings = 0, failed = 0;

  void add(const net::ProbeVerdict& v);
  int exit_code() const;  // 0 all passed, 1 a warning, 2 a failure
};

// "testing connection to HOST:PORT ... passed", then (unless `summary_only`) what was negotiated and served.
void render_probe_text(std::ostream& out, const net::ProbeReport& r, const net::ProbeOptions& o, const net::ProbeVerdict& v,
                       const Judgement& j, const TextStyle& style, bool summary_only);

nlohmann::ordered_json probe_json(const net::ProbeReport& r, const net::ProbeOptions& o, const net::ProbeVerdict& v,
                                  const Judgement& j);
nlohmann::ordered_json probe_totals_json(const ProbeTotals& t);

}  // namespace certkeep::cli
