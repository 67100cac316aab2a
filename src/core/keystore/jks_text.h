// Text encodings of the JDK keystores: aliases are written with DataOutput.writeUTF (Java's "modified
// UTF-8": NUL as C0 80, characters outside the BMP as two 3-byte surrogates), and passwords enter the
// keyed digest and Sun's key protection as the big-endian bytes of Java's UTF-16 chars.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "core/keystore/jks_wiped.h"

namespace certkeep::jks {

// Modified UTF-8 (JDK java.io.DataInput, "Modified UTF-8") to standard UTF-8. A surrogate that is not
// part of a pair becomes U+FFFD. nullopt for bytes Java's readUTF rejects.
std::optional<std::string> modified_utf8_to_utf8(std::span<const std::uint8_t> bytes);

// The password as Java sees it (a char[] of UTF-16 code units), each char as two big-endian bytes.
// Bytes that are not valid UTF-8 become U+FFFD, as Java's decoder reads them.
WipedBytes password_utf16be(std::string_view utf8);

}  // namespace certkeep::jks
