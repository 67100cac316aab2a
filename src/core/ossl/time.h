// ASN1_TIME (UTCTime or GeneralizedTime) to certkeep's UnixTime.
#pragma once

#include <optional>

#include <openssl/asn1.h>

#include "core/util/clock.h"

namespace certkeep::ossl {

// nullopt for a null or unreadable time.
std::optional<UnixTime> to_unix(const ASN1_TIME* t);

}  // namespace certkeep::ossl
