// Expiry policy: where a certificate stands at a given moment.
#pragma once

#include <cstdint>
#include <string_view>

#include "core/util/clock.h"
#include "core/x509/certificate.h"

namespace certkeep {

enum class ExpiryStatus { valid, expiring, expired, not_yet_valid };

// "VALID", "EXPIRING", "EXPIRED", "NOT_YET_VALID": stable, used in output and JSON.
std::string_view to_string(ExpiryStatus s);

struct ExpiryPolicy {
  std::int64_t warn_days = 30;  // EXPIRING when fewer than this many days are left
};

// RFC 5280 4.1.2.5: the validity period includes both notBefore and notAfter.
ExpiryStatus judge_expiry(const CertificateDetails& cert, UnixTime at, const ExpiryPolicy& policy);

}  // namespace certkeep
