// Human output: aligned, colored only on a TTY, dates in ISO 8601 UTC with days left.
#pragma once

#include <ostream>

#include "cli/report.h"

namespace certkeep::cli {

struct TextStyle {
  bool color = false;
  bool verbose = false;  // every field: KU, EKU, constraints, key ids, all fingerprints
};

void render_file_text(std::ostream& out, const FileReport& r, const Judgement& j, const TextStyle& style);
// "        Name:       value", the indented field line of every certificate listing.
void render_field(std::ostream& out, std::string_view name, std::string_view value);
// One certificate, as "[index] subject" and its fields indented below.
void render_certificate(std::ostream& out, std::size_t index, const Certificate& c, const Judgement& j, const TextStyle& style);
// The "Chain:" lines of a verification result.
void render_chain_check(std::ostream& out, const VerifyResult& v, const TextStyle& style);

void render_totals_text(std::ostream& out, const Totals& t, const TextStyle& style);

}  // namespace certkeep::cli
