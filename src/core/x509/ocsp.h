// An OCSP response (RFC 6960) as a TLS server staples it (RFC 6066 section 8): what it says about the
// server's certificate, whether it is signed by someone entitled to say so, and whether it is current at
// the moment judged. No I/O: the caller hands over the DER, the served chain and the trust anchors.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "core/util/clock.h"
#include "core/x509/certificate.h"

namespace certkeep {

enum class OcspStatus {
  good,
  revoked,
  unknown,  // the responder does not know the certificate
  invalid,  // no usable answer: unreadable, unsuccessful, not about this certificate, badly signed, stale
};

// "good", "revoked", "unknown", "invalid": stable, used in JSON.
std::string_view to_string(OcspStatus s);

struct OcspStaple {
  OcspStatus status = OcspStatus::invalid;
  std::optional<UnixTime> this_update, next_update, revoked_at;
  std::string revocation_reason;  // "keyCompromise", ... when revoked with a reason
  bool signature_verified = false;
  std::string problem;            // why the staple is not trustworthy, empty when it is
};

// Judges `der` for `leaf`, whose issuer must be among `chain` or `anchors`. The responder's signature
// is verified against `anchors` with `chain` as intermediates, at `at`; the response must be current at
// `at` (thisUpdate at most 5 minutes ahead, nextUpdate not passed).
OcspStaple check_ocsp_staple(std::span<const std::uint8_t> der, const Certificate& leaf, std::span<const Certificate> chain,
                             std::span<const Certificate> anchors, UnixTime at);

}  // namespace certkeep
