#include "core/keystore/writers.h"

namespace certkeep::formats {

Result<std::vector<std::uint8_t>> write_jks(const Keystore&, const WriteOptions&, bool) {
  return fail(ErrorCode::unsupported, "writing JKS is not implemented yet");
}

}  // namespace certkeep::formats
