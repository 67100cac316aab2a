// Minimal DER framing (X.690 section 8.1): enough to tell a truncated file from a wrong one, and to
// name the offset where the bytes stop making sense. Decoding proper is OpenSSL's job.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "core/util/result.h"

namespace certkeep::der {

struct Header {
  std::uint8_t tag = 0;
  std::size_t header_length = 0;   // tag + length octets
  std::size_t content_length = 0;
};

// Reads the tag and definite length at the start of `bytes`. Fails with `malformed`: "truncated DER at
// offset N" when the declared length runs past the end, or a reason for an invalid length encoding.
// `base_offset` is added to offsets in messages (for nested reads).
Result<Header> read_header(std::span<const std::uint8_t> bytes, std::size_t base_offset = 0);

// True when `bytes` begin with a SEQUENCE tag and a plausible length octet (definite, or BER's indefinite
// form, which NSS uses for PKCS#12). Says nothing about whether the length fits.
bool looks_like_der(std::span<const std::uint8_t> bytes);

// One TLV inside a larger object: where it starts (offset into the outermost bytes a Cursor was given)
// and its bytes, header included.
struct Tlv {
  std::size_t offset = 0;
  std::span<const std::uint8_t> bytes;
  std::size_t header_length = 0;

  std::span<const std::uint8_t> contents() const { return bytes.subspan(header_length); }
};

// Reads the TLVs of `bytes` one after the other; `base` is their offset in the outermost object, for
// the offsets errors name.
class Cursor {
 public:
  explicit Cursor(std::span<const std::uint8_t> bytes, std::size_t base = 0) : bytes_(bytes), base_(base) {}

  bool at_end() const { return pos_ == bytes_.size(); }
  std::size_t offset() const { return base_ + pos_; }
  bool next_is(std::uint8_t tag) const { return pos_ < bytes_.size() && bytes_[pos_] == tag; }

  // The next TLV, which must have `tag`; `what` names it in the error ("expected the subject at offset N").
  Result<Tlv> take(std::uint8_t tag, std::string_view what);

  // The next TLV, whatever its tag.
  Result<Tlv> take_any(std::string_view what);

  // The contents of the next TLV, which must have `tag`, as a Cursor of their own.
  Result<Cursor> enter(std::uint8_t tag, std::string_view what);

 private:
  Result<Header> header(std::optional<std::uint8_t> tag, std::string_view what) const;
  Result<Tlv> take_header(std::optional<std::uint8_t> tag, std::string_view what);

  std::span<const std::uint8_t> bytes_;
  std::size_t base_;
  std::size_t pos_ = 0;
};

// Appends the TLV of `tag` and `contents` to `out`, its length in DER's shortest form.
void append_tlv(std::vector<std::uint8_t>& out, std::uint8_t tag, std::span<const std::uint8_t> contents);
std::vector<std::uint8_t> tlv(std::uint8_t tag, std::span<const std::uint8_t> contents);

}  // namespace certkeep::der
