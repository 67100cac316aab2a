// Minimal DER framing (X.690 section 8.1): enough to tell a truncated file from a wrong one, and to
// name the offset where the bytes stop making sense. Decoding proper is OpenSSL's job.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

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

}  // namespace certkeep::der
