#include "cli/report.h"

#include "cli/exit_codes.h"

namespace certkeep::cli {

void Totals::add(const FileReport& r, const Judgement& j) {
  ++files;
  if (!r.result) {
    ++unreadable;
    return;
  }
  if (r.result->opened_with.well_known) ++default_passwords;
  for (const auto& c : r.chains) {
    if (!c) continue;
    ++chains_checked;
    if (!c->valid()) ++chains_invalid;
  }
  for (const auto& e : r.result->keystore.entries) {
    ++entries;
    for (const auto& c : e.chain) {
      ++certificates;
      switch (judge_expiry(c.details(), j.at, j.policy)) {
        case ExpiryStatus::valid: ++valid; break;
        case ExpiryStatus::expiring: ++expiring; break;
        case ExpiryStatus::expired: ++expired; break;
        case ExpiryStatus::not_yet_valid: ++not_yet_valid; break;
      }
    }
  }
}

void Totals::merge(const Totals& o) {
  files += o.files;
  unreadable += o.unreadable;
  entries += o.entries;
  certificates += o.certificates;
  valid += o.valid;
  expiring += o.expiring;
  expired += o.expired;
  not_yet_valid += o.not_yet_valid;
  default_passwords += o.default_passwords;
  chains_checked += o.chains_checked;
  chains_invalid += o.chains_invalid;
}

int Totals::exit_code() const {
  if (unreadable > 0) return kUnknown;
  if (expired > 0 || not_yet_valid > 0 || chains_invalid > 0) return kCritical;
  if (expiring > 0) return kWarning;
  return kOk;
}

std::string opened_with_warning(const FileReport& r) {
  if (!r.result || !r.result->opened_with.well_known) return {};
  return r.path + ": opened with a well-known default password; anyone who knows it can read its keys and replace its certificates — change it";
}

}  // namespace certkeep::cli
