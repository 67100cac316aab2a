#include "core/keystore/jks_write_bytes.h"

#include <limits>

#include "core/keystore/jks_text.h"

namespace certkeep::jks {

void ByteWriter::big_endian(std::uint64_t v, int n) {
  for (int i = n - 1; i >= 0; --i) out_.push_back(static_cast<std::uint8_t>(v >> (8 * i)));
}

bool ByteWriter::utf(std::string_view utf8) {
  const auto modified_utf8 = utf8_to_modified_utf8(utf8);
  if (modified_utf8.size() > std::numeric_limits<std::uint16_t>::max()) return false;
  u16(static_cast<std::uint16_t>(modified_utf8.size()));
  bytes(modified_utf8);
  return true;
}

}  // namespace certkeep::jks
