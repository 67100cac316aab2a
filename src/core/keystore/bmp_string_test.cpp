#include "core/keystore/bmp_string.h"

#include <vector>

#include <gtest/gtest.h>

namespace certkeep::pkcs12 {
namespace {

std::string decode(std::vector<std::uint8_t> b) { return bmp_to_utf8(b); }

TEST(BmpString, Ascii) { EXPECT_EQ(decode({0, 'o', 0, 's'}), "os"); }

// OpenSSL 3.0's OPENSSL_uni2utf8 gives NULL for these (no terminating NUL, last character not ASCII).
TEST(BmpString, NonAsciiLastCharacter) {
  EXPECT_EQ(decode({0, 'c', 0, 'l', 0x00, 0xE9}), "cl\xC3\xA9");                          // clé
  EXPECT_EQ(decode({0x8A, 0x3C, 0x66, 0x0E, 0x66, 0xF8}), "\xE8\xA8\xBC\xE6\x98\x8E\xE6\x9B\xB8");  // 証明書
}

TEST(BmpString, SurrogatePairIsOneCharacter) { EXPECT_EQ(decode({0xD8, 0x3D, 0xDD, 0x11}), "\xF0\x9F\x94\x91"); }  // U+1F511

TEST(BmpString, LoneSurrogateBecomesReplacementCharacter) {
  EXPECT_EQ(decode({0xD8, 0x3D, 0, 'x'}), "\xEF\xBF\xBDx");
  EXPECT_EQ(decode({0xDD, 0x11}), "\xEF\xBF\xBD");
}

TEST(BmpString, EndsAtTerminatingNul) { EXPECT_EQ(decode({0, 'a', 0, 0, 0, 'b'}), "a"); }

TEST(BmpString, OddTrailingByteIgnored) { EXPECT_EQ(decode({0, 'a', 0x42}), "a"); }

TEST(BmpString, Empty) { EXPECT_EQ(decode({}), ""); }

}  // namespace
}  // namespace certkeep::pkcs12
