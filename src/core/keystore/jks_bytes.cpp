#include "core/keystore/jks_bytes.h"

#include "core/keystore/jks_text.h"

namespace certkeep::jks {

std::uint64_t ByteReader::big_endian(std::size_t n) {
  const auto b = take(n);
  std::uint64_t v = 0;
  for (const auto byte : b) v = (v << 8) | byte;
  return v;
}

std::uint8_t ByteReader::u8() { return static_cast<std::uint8_t>(big_endian(1)); }
std::uint16_t ByteReader::u16() { return static_cast<std::uint16_t>(big_endian(2)); }
std::uint32_t ByteReader::u32() { return static_cast<std::uint32_t>(big_endian(4)); }
std::int64_t ByteReader::i64() { return static_cast<std::int64_t>(big_endian(8)); }

std::span<const std::uint8_t> ByteReader::take(std::size_t n, std::string_view what) {
  if (!ok()) return {};
  if (n > remaining()) {
    std::string detail = "truncated " + format_ + " at offset " + std::to_string(pos_);
    if (!what.empty())
      detail += ": " + std::string(what) + " of " + std::to_string(n) + " bytes, " + std::to_string(remaining()) +
                " left";
    error_ = Error{ErrorCode::malformed, std::move(detail)};
    return {};
  }
  const auto out = bytes_.subspan(pos_, n);
  pos_ += n;
  return out;
}

std::string ByteReader::utf() {
  const std::size_t start = pos_;
  const auto text = take(u16(), "string");
  if (!ok()) return {};
  auto decoded = modified_utf8_to_utf8(text);
  if (!decoded) {
    fail(ErrorCode::malformed, "bad modified UTF-8 string", start);
    return {};
  }
  return std::move(*decoded);
}

void ByteReader::fail(ErrorCode code, std::string_view what, std::size_t at) {
  if (!ok()) return;
  error_ = Error{code, std::string(what) + " at offset " + std::to_string(at)};
}

}  // namespace certkeep::jks
