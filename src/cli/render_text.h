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
void render_totals_text(std::ostream& out, const Totals& t, const TextStyle& style);

}  // namespace certkeep::cli
