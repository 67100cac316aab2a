// Bounded big-endian reads over a keystore file, as java.io.DataInputStream writes them (JDK
// java.io.DataInput). Used by the JKS/JCEKS reader; never reads outside the span it was given.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "core/util/result.h"

namespace certkeep::jks {

// Reads fail sticky: the first read that runs past the end (or a fail() call) records an error such as
// "truncated JKS at offset 120", and every later read returns zero or an empty value without moving.
// Callers read a group of fields, then check ok(), so no error goes unnoticed and no loop runs on
// garbage. `format` ("JKS", "JCEKS") names the file in messages.
class ByteReader {
 public:
  ByteReader(std::span<const std::uint8_t> bytes, std::string_view format) : bytes_(bytes), format_(format) {}

  std::uint8_t u8();
  std::uint16_t u16();
  std::uint32_t u32();
  std::int64_t i64();

  // The next `n` bytes. `what` names the field in the message when they are not all there.
  std::span<const std::uint8_t> take(std::size_t n, std::string_view what = {});

  // The bytes read since offset `start` (an earlier offset()).
  std::span<const std::uint8_t> since(std::size_t start) const { return bytes_.subspan(start, pos_ - start); }

  // DataInput.readUTF: a u16 byte length, then Java's modified UTF-8, returned as standard UTF-8.
  // Malformed text fails the reader with "bad modified UTF-8 string at offset N".
  std::string utf();

  // Records `code` with "`what` at offset N" (N: `at`), unless an error is already recorded.
  void fail(ErrorCode code, std::string_view what, std::size_t at);

  [[nodiscard]] bool ok() const { return !error_.has_value(); }
  const Error& error() const { return *error_; }
  std::size_t offset() const { return pos_; }
  std::size_t remaining() const { return bytes_.size() - pos_; }
  std::string_view format() const { return format_; }

 private:
  std::uint64_t big_endian(std::size_t n);

  std::span<const std::uint8_t> bytes_;
  std::string format_;
  std::size_t pos_ = 0;
  std::optional<Error> error_;
};

}  // namespace certkeep::jks
