// One writer per format, dispatched by write_keystore (writer.cpp).
#pragma once

#include "core/keystore/writer.h"

namespace certkeep::formats {

Result<std::vector<std::uint8_t>> write_pkcs12(const Keystore& ks, const WriteOptions& options);
// `jceks` selects the JCEKS magic, key protection and secret keys.
Result<std::vector<std::uint8_t>> write_jks(const Keystore& ks, const WriteOptions& options, bool jceks);

}  // namespace certkeep::formats
