// Java KeyStore and JCEKS. Placeholder until the full reader lands.
#include "core/keystore/formats.h"

namespace certkeep::formats {

Result<ReadResult> read_jks(std::span<const std::uint8_t>, std::span<const PasswordCandidate>) {
  return fail(ErrorCode::unsupported, "JKS reading is not implemented yet");
}

}  // namespace certkeep::formats
