// JSON output (docs/json-schema.md). The schema is versioned: fields are only added within a version.
// Each part is written straight to text by a write_* function; the *_json forms give the same part as a
// document, for output that merges it into a larger one.
#pragma once

#include <nlohmann/json.hpp>

#include "cli/json_writer.h"
#include "cli/report.h"

namespace certkeep::cli {

inline constexpr int kJsonSchemaVersion = 1;

// One file of `inspect --json`: {"path", "format", ..., "entries": [...], "error"}.
void write_file(JsonWriter& w, const FileReport& r, const Judgement& j);
void write_certificate(JsonWriter& w, const Certificate& c, const Judgement& j);
void write_totals(JsonWriter& w, const Totals& t);
void write_error(JsonWriter& w, const Error& e);
// Verification problems, and a chain's verification: {"valid", "anchored", "chain": [subject...], "problems"}.
void write_problems(JsonWriter& w, const std::vector<Problem>& problems);
void write_chain_check(JsonWriter& w, const std::optional<VerifyResult>& v);

nlohmann::ordered_json certificate_json(const Certificate& c, const Judgement& j);
nlohmann::ordered_json file_json(const FileReport& r, const Judgement& j);
nlohmann::ordered_json error_json(const Error& e);
nlohmann::ordered_json problems_json(const std::vector<Problem>& problems);
nlohmann::ordered_json chain_check_json(const std::optional<VerifyResult>& v);

}  // namespace certkeep::cli
