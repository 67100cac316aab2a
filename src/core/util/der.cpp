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

}  // namespace certkeep::der
