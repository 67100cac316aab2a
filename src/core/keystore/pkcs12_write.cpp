#include "core/keystore/writers.h"

namespace certkeep::formats {

Result<std::vector<std::uint8_t>> write_pkcs12(const Keystore&, const WriteOptions&) {
  return fail(ErrorCode::unsupported, "writing PKCS12 is not implemented yet");
}

}  // namespace certkeep::formats
