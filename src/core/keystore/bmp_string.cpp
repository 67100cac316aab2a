#include "core/keystore/bmp_string.h"

#include <openssl/asn1.h>

#include "core/ossl/error.h"
#include "core/ossl/ptr.h"

namespace certkeep::pkcs12 {
namespace {

constexpr char32_t kReplacement = 0xFFFD;

bool is_high_surrogate(char32_t u) { return u >= 0xD800 && u <= 0xDBFF; }
bool is_low_surrogate(char32_t u) { return u >= 0xDC00 && u <= 0xDFFF; }

void append_utf8(std::string& out, char32_t c) {
  const auto byte = [&](char32_t v) { out.push_back(static_cast<char>(v)); };
  if (c < 0x80) {
    byte(c);
  } else if (c < 0x800) {
    byte(0xC0 | (c >> 6));
    byte(0x80 | (c & 0x3F));
  } else if (c < 0x10000) {
    byte(0xE0 | (c >> 12));
    byte(0x80 | ((c >> 6) & 0x3F));
    byte(0x80 | (c & 0x3F));
  } else {
    byte(0xF0 | (c >> 18));
    byte(0x80 | ((c >> 12) & 0x3F));
    byte(0x80 | ((c >> 6) & 0x3F));
    byte(0x80 | (c & 0x3F));
  }
}

}  // namespace

std::string bmp_to_utf8(std::span<const std::uint8_t> bmp) {
  std::string out;
  const std::size_t units = bmp.size() / 2;
  const auto unit = [&](std::size_t i) { return static_cast<char32_t>((bmp[2 * i] << 8) | bmp[2 * i + 1]); };
  for (std::size_t i = 0; i < units; ++i) {
    char32_t c = unit(i);
    if (c == 0) break;
    if (is_high_surrogate(c) && i + 1 < units && is_low_surrogate(unit(i + 1))) {
      c = 0x10000 + ((c - 0xD800) << 10) + (unit(i + 1) - 0xDC00);
      ++i;
    } else if (is_high_surrogate(c) || is_low_surrogate(c)) {
      c = kReplacement;
    }
    append_utf8(out, c);
  }
  return out;
}

std::optional<std::vector<std::uint8_t>> utf8_to_bmp(std::string_view utf8) {
  ASN1_STRING* out = nullptr;
  const int type = ASN1_mbstring_copy(&out, reinterpret_cast<const unsigned char*>(utf8.data()), static_cast<int>(utf8.size()),
                                      MBSTRING_UTF8, B_ASN1_BMPSTRING);
  const ossl::UniquePtr<ASN1_STRING> owned(out);
  ossl::clear_errors();
  if (type != V_ASN1_BMPSTRING || !owned) return std::nullopt;
  const auto* data = ASN1_STRING_get0_data(owned.get());
  return std::vector<std::uint8_t>(data, data + ASN1_STRING_length(owned.get()));
}

}  // namespace certkeep::pkcs12
