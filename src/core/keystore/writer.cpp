#include "core/keystore/writer.h"

#include <string>

#include "core/keystore/writers.h"

namespace certkeep {

Result<std::vector<std::uint8_t>> write_keystore(const Keystore& ks, Format format, const WriteOptions& options) {
  switch (format) {
    case Format::pkcs12: return formats::write_pkcs12(ks, options);
    case Format::jks: return formats::write_jks(ks, options, false);
    case Format::jceks: return formats::write_jks(ks, options, true);
    default: break;
  }
  return fail(ErrorCode::unsupported, "certkeep writes keystores as PKCS12, JKS or JCEKS, not " + std::string(to_string(format)));
}

}  // namespace certkeep
