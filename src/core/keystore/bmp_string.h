// PKCS#12 friendlyName values (RFC 7292 4.2: a BMPString, UTF-16 big-endian) to UTF-8. OpenSSL 3.0's
// OPENSSL_uni2utf8 (behind PKCS12_get_friendlyname) returns nothing for a string whose last character is
// not ASCII unless the writer added a terminating NUL, which keytool and OpenSSL's own writer do not: an
// alias such as "clé" or "証明書" would be lost. This decoder reads what real writers produce.
#pragma once

#include <cstdint>
#include <span>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace certkeep::pkcs12 {

// UTF-16BE to UTF-8: surrogate pairs joined, a lone surrogate replaced by U+FFFD, the text ends at the
// first U+0000 (some writers add one as a terminator); an odd trailing byte is ignored.
std::string bmp_to_utf8(std::span<const std::uint8_t> bmp);

// UTF-8 to a BMPString's bytes, converted by OpenSSL as PKCS12_add_friendlyname_utf8 converts it (no
// terminating NUL). nullopt for bytes that are not UTF-8 or a character beyond U+FFFF.
std::optional<std::vector<std::uint8_t>> utf8_to_bmp(std::string_view utf8);

}  // namespace certkeep::pkcs12
