#include "core/util/der.h"

#include <string>

namespace certkeep::der {

Result<Header> read_header(std::span<const std::uint8_t> bytes, std::size_t base_offset) {
  const auto at = [&](std::size_t i) { return std::to_string(base_offset + i); };
  if (bytes.size() < 2) return fail(ErrorCode::malformed, "truncated DER at offset " + at(bytes.size()));
  Header h;
  h.tag = bytes[0];
  if ((h.tag & 0x1F) == 0x1F) return fail(ErrorCode::malformed, "unsupported DER high tag number at offset " + at(0));
  const std::uint8_t first = bytes[1];
  if (first < 0x80) {
    h.header_length = 2;
    h.content_length = first;
  } else {
    const std::size_t n = first & 0x7F;
    if (n == 0) return fail(ErrorCode::malformed, "indefinite length (BER, not DER) at offset " + at(1));
    if (n > sizeof(std::size_t) - 1) return fail(ErrorCode::malformed, "DER length too large at offset " + at(1));
    if (bytes.size() < 2 + n) return fail(ErrorCode::malformed, "truncated DER at offset " + at(bytes.size()));
    for (std::size_t i = 0; i < n; ++i) h.content_length = (h.content_length << 8) | bytes[2 + i];
    h.header_length = 2 + n;
  }
  if (bytes.size() - h.header_length < h.content_length)
    return fail(ErrorCode::malformed,
                "truncated DER at offset " + at(bytes.size()) + ": the structure at offset " + at(0) +
                    " declares " + std::to_string(h.header_length + h.content_length) + " bytes");
  return h;
}

bool looks_like_der(std::span<const std::uint8_t> bytes) {
  // 0x80 is BER's indefinite length: not DER, but NSS writes PKCS#12 that way.
  return bytes.size() >= 2 && bytes[0] == 0x30 && bytes[1] <= 0x84;
}

Result<Header> Cursor::header(std::optional<std::uint8_t> tag, std::string_view what) const {
  if (tag ? !next_is(*tag) : at_end()) return fail(ErrorCode::malformed, "expected " + std::string(what) + " at offset " + std::to_string(offset()));
  return read_header(bytes_.subspan(pos_), offset());
}

Result<Tlv> Cursor::take(std::uint8_t tag, std::string_view what) { return take_header(tag, what); }

Result<Tlv> Cursor::take_any(std::string_view what) { return take_header(std::nullopt, what); }

Result<Tlv> Cursor::take_header(std::optional<std::uint8_t> tag, std::string_view what) {
  auto h = header(tag, what);
  if (!h) return h.error();
  const Tlv t{offset(), bytes_.subspan(pos_, h->header_length + h->content_length), h->header_length};
  pos_ += t.bytes.size();
  return t;
}

Result<Cursor> Cursor::enter(std::uint8_t tag, std::string_view what) {
  auto h = header(tag, what);
  if (!h) return h.error();
  Cursor inner(bytes_.subspan(pos_ + h->header_length, h->content_length), offset() + h->header_length);
  pos_ += h->header_length + h->content_length;
  return inner;
}

void append_tlv(std::vector<std::uint8_t>& out, std::uint8_t tag, std::span<const std::uint8_t> contents) {
  out.push_back(tag);
  const std::size_t n = contents.size();
  if (n < 0x80) {
    out.push_back(static_cast<std::uint8_t>(n));
  } else {
    std::size_t octets = 0;
    for (std::size_t rest = n; rest > 0; rest >>= 8) ++octets;
    out.push_back(static_cast<std::uint8_t>(0x80 | octets));
    for (std::size_t i = octets; i > 0; --i) out.push_back(static_cast<std::uint8_t>((n >> (8 * (i - 1))) & 0xFF));
  }
  out.insert(out.end(), contents.begin(), contents.end());
}

std::vector<std::uint8_t> tlv(std::uint8_t tag, std::span<const std::uint8_t> contents) {
  std::vector<std::uint8_t> out;
  out.reserve(contents.size() + 6);
  append_tlv(out, tag, contents);
  return out;
}

}  // namespace certkeep::der
