// Big-endian writes of a keystore file, as java.io.DataOutputStream makes them (JDK java.io.DataOutput):
// the inverse of ByteReader (jks_bytes.h).
#pragma once

#include <cstdint>
#include <span>
#include <string_view>
#include <utility>
#include <vector>

namespace certkeep::jks {

class ByteWriter {
 public:
  void u16(std::uint16_t v) { big_endian(v, 2); }
  void u32(std::uint32_t v) { big_endian(v, 4); }
  void i64(std::int64_t v) { big_endian(static_cast<std::uint64_t>(v), 8); }
  void bytes(std::span<const std::uint8_t> b) { out_.insert(out_.end(), b.begin(), b.end()); }

  // DataOutput.writeUTF: a u16 byte length, then the text in modified UTF-8 (jks_text.h). Returns false,
  // writing nothing, when that is longer than 65535 bytes (Java throws UTFDataFormatException).
  [[nodiscard]] bool utf(std::string_view utf8);

  const std::vector<std::uint8_t>& data() const { return out_; }
  std::vector<std::uint8_t> take() && { return std::move(out_); }

 private:
  void big_endian(std::uint64_t v, int n);

  std::vector<std::uint8_t> out_;
};

}  // namespace certkeep::jks
