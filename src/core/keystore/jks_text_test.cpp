// Java's modified UTF-8 (aliases) and UTF-16BE (passwords), against the encodings the JDK documents
// for java.io.DataInput and String.getChars.
#include <gtest/gtest.h>

#include "core/keystore/jks_text.h"

namespace certkeep::jks {
namespace {

std::optional<std::string> decode(std::vector<std::uint8_t> bytes) { return modified_utf8_to_utf8(bytes); }

std::vector<std::uint8_t> utf16be(std::string_view s) {
  const auto w = password_utf16be(s);
  return {w.view().begin(), w.view().end()};
}

TEST(JksText, ModifiedUtf8Decodes) {
  EXPECT_EQ(decode({'a', 'b'}), "ab");
  EXPECT_EQ(decode({}), "");
  EXPECT_EQ(decode({0xC0, 0x80}), std::string(1, '\0'));                  // NUL, two bytes
  EXPECT_EQ(decode({0xC3, 0xA9}), "\xC3\xA9");                            // é
  EXPECT_EQ(decode({0xE2, 0x82, 0xAC}), "\xE2\x82\xAC");                  // €
  EXPECT_EQ(decode({0xED, 0xA0, 0xBD, 0xED, 0xB8, 0x80}), "\xF0\x9F\x98\x80");  // U+1F600 as a surrogate pair
  EXPECT_EQ(decode({0xED, 0xA0, 0xBD, 'x'}), "\xEF\xBF\xBDx");            // lone high surrogate
  EXPECT_EQ(decode({0xED, 0xB8, 0x80}), "\xEF\xBF\xBD");                  // lone low surrogate
}

TEST(JksText, ModifiedUtf8RejectsWhatReadUtfRejects) {
  EXPECT_FALSE(decode({0xFF}));
  EXPECT_FALSE(decode({0x80}));                    // continuation without a lead
  EXPECT_FALSE(decode({0xC3}));                    // cut two-byte form
  EXPECT_FALSE(decode({0xE2, 0x82}));              // cut three-byte form
  EXPECT_FALSE(decode({0xE2, 0x82, 0x41}));        // bad continuation
  EXPECT_FALSE(decode({0xF0, 0x9F, 0x98, 0x80}));  // four-byte UTF-8 is not modified UTF-8
}

TEST(JksText, PasswordsAsJavaChars) {
  EXPECT_EQ(utf16be("Ab"), (std::vector<std::uint8_t>{0x00, 'A', 0x00, 'b'}));
  EXPECT_EQ(utf16be(""), std::vector<std::uint8_t>{});
  EXPECT_EQ(utf16be("\xC3\xA9"), (std::vector<std::uint8_t>{0x00, 0xE9}));
  EXPECT_EQ(utf16be("\xE2\x82\xAC"), (std::vector<std::uint8_t>{0x20, 0xAC}));
  EXPECT_EQ(utf16be("\xF0\x9F\x98\x80"), (std::vector<std::uint8_t>{0xD8, 0x3D, 0xDE, 0x00}));
  // Invalid UTF-8 becomes U+FFFD exactly as `new String(bytes, UTF_8)` decodes it in JDK 17.
  const std::vector<std::uint8_t> fffd = {0xFF, 0xFD};
  const auto times = [&](int n) {
    std::vector<std::uint8_t> out;
    for (int i = 0; i < n; ++i) out.insert(out.end(), fffd.begin(), fffd.end());
    return out;
  };
  EXPECT_EQ(utf16be("a\xFF"), (std::vector<std::uint8_t>{0x00, 'a', 0xFF, 0xFD}));
  EXPECT_EQ(utf16be("\xC0\x80"), times(2));          // overlong NUL: two bad bytes
  EXPECT_EQ(utf16be("\xED\xA0\xBD"), times(1));      // an encoded surrogate: one
  EXPECT_EQ(utf16be("\xE2\x82"), times(1));          // cut sequence: one
  EXPECT_EQ(utf16be("\xE2\x82" "A"), (std::vector<std::uint8_t>{0xFF, 0xFD, 0x00, 'A'}));
  EXPECT_EQ(utf16be("\xF0\x9F\x98"), times(1));
  EXPECT_EQ(utf16be("\xF4\x90\x80\x80"), times(4));  // above U+10FFFF: every byte
  EXPECT_EQ(utf16be("\xE0\x80"), times(2));
}

}  // namespace
}  // namespace certkeep::jks
