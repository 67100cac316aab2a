// JSON output (docs/json-schema.md). The schema is versioned: fields are only added within a version.
#pragma once

#include <nlohmann/json.hpp>

#include "cli/report.h"

namespace certkeep::cli {

inline constexpr int kJsonSchemaVersion = 1;

nlohmann::ordered_json certificate_json(const Certificate& c, const Judgement& j);
nlohmann::ordered_json file_json(const FileReport& r, const Judgement& j);
nlohmann::ordered_json totals_json(const Totals& t);
nlohmann::ordered_json error_json(const Error& e);
// Verification problems, and a chain's verification: {"valid", "anchored", "chain": [subject...], "problems"}.
nlohmann::ordered_json problems_json(const std::vector<Problem>& problems);
nlohmann::ordered_json chain_check_json(const std::optional<VerifyResult>& v);

}  // namespace certkeep::cli
