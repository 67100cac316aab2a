// Text encodings of the JDK keystores: aliases are written with DataOutput.writeUTF (Java's "modified
// UTF-8": NUL as C0 80, characters outside the BMP as two 3-byte surrogates), and passwords enter the
// keyed digest and Sun's key protection as the big-endian bytes of Java's UTF-16 chars.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/keystore/jks_wiped.h"

namespace certkeep::jks {

// Modified UTF-8 (JDK java.io.DataInput, "Modified UTF-8") to standard UTF-8. A surrogate that is not
// part of a pair becomes U+FFFD. nullopt for bytes Java's readUTF rejects.
std::optional<std::string> modified_utf8_to_utf8(std::span<const std::uint8_t> bytes);

// Standard UTF-8 to modified UTF-8, as DataOutput.writeUTF writes a Java string (without the length
// prefix). Bytes that are not valid UTF-8 become U+FFFD, as Java's decoder reads them.
std::vector<std::uint8_t> utf8_to_modified_utf8(std::string_view utf8);

// The lower-case form of an alias, as the JDK stores JKS and JCEKS aliases
// (String.toLowerCase(Locale.ENGLISH)): each code point mapped by Unicode's simple lower-case mapping.
// Java's two context-dependent rules (final sigma, dotted capital I to "i" + U+0307) are not applied.
std::string java_lower_case(std::string_view utf8);

// The password as Java sees it (a char[] of UTF-16 code units), each char as two big-endian bytes.
// Bytes that are not valid UTF-8 become U+FFFD, as Java's decoder reads them.
WipedBytes password_utf16be(std::string_view utf8);

}  // namespace certkeep::jks
