#include "core/x509/expiry.h"

namespace certkeep {

std::string_view to_string(ExpiryStatus s) {
  switch (s) {
    case ExpiryStatus::valid: return "VALID";
    case ExpiryStatus::expiring: return "EXPIRING";
    case ExpiryStatus::expired: return "EXPIRED";
    case ExpiryStatus::not_yet_valid: return "NOT_YET_VALID";
  }
  return "VALID";
}

ExpiryStatus judge_expiry(const CertificateDetails& cert, UnixTime at, const ExpiryPolicy& policy) {
  if (at < cert.not_before) return ExpiryStatus::not_yet_valid;
  if (at > cert.not_after) return ExpiryStatus::expired;
  if (cert.not_after - at < policy.warn_days * 86400) return ExpiryStatus::expiring;
  return ExpiryStatus::valid;
}

}  // namespace certkeep
