#include "core/ossl/time.h"

#include <ctime>

namespace certkeep::ossl {

std::optional<UnixTime> to_unix(const ASN1_TIME* t) {
  std::tm tm{};
  if (t == nullptr || ASN1_TIME_to_tm(t, &tm) != 1) return std::nullopt;
  return static_cast<UnixTime>(timegm(&tm));
}

}  // namespace certkeep::ossl
