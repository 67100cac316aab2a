// PKCS#12 (RFC 7292). Placeholder until the full reader lands.
#include "core/keystore/formats.h"

namespace certkeep::formats {

Result<ReadResult> read_pkcs12(std::span<const std::uint8_t>, std::span<const PasswordCandidate>) {
  return fail(ErrorCode::unsupported, "PKCS#12 reading is not implemented yet");
}

}  // namespace certkeep::formats
