#include "core/util/der.h"

#include <vector>

#include <gtest/gtest.h>

namespace certkeep::der {
namespace {

using Bytes = std::vector<std::uint8_t>;

TEST(Der, ReadsShortAndLongLengths) {
  const Bytes short_form = {0x30, 0x03, 0x02, 0x01, 0x05};
  auto h = read_header(short_form);
  ASSERT_TRUE(h);
  EXPECT_EQ(h->tag, 0x30);
  EXPECT_EQ(h->header_length, 2U);
  EXPECT_EQ(h->content_length, 3U);

  Bytes long_form = {0x30, 0x82, 0x01, 0x00};
  long_form.resize(4 + 256);
  h = read_header(long_form);
  ASSERT_TRUE(h);
  EXPECT_EQ(h->header_length, 4U);
  EXPECT_EQ(h->content_length, 256U);
}

struct BadCase {
  Bytes bytes;
  const char* message;
};

TEST(Der, NamesTheOffsetWhereBytesRunOut) {
  const std::vector<BadCase> cases = {
      {{}, "truncated DER at offset 0"},
      {{0x30}, "truncated DER at offset 1"},
      {{0x30, 0x05, 0x01}, "truncated DER at offset 3: the structure at offset 0 declares 7 bytes"},
      {{0x30, 0x82, 0x01}, "truncated DER at offset 3"},
      {{0x30, 0x80, 0x00, 0x00}, "indefinite length (BER, not DER) at offset 1"},
      {{0x30, 0x89, 1, 2, 3, 4, 5, 6, 7, 8, 9}, "DER length too large at offset 1"},
  };
  for (const auto& c : cases) {
    auto h = read_header(c.bytes);
    ASSERT_FALSE(h) << c.message;
    EXPECT_EQ(h.error().code, ErrorCode::malformed);
    EXPECT_EQ(h.error().message, c.message);
  }
}

TEST(Der, OffsetsAreRelativeToTheWholeFile) {
  const Bytes nested = {0x04, 0x10};
  auto h = read_header(nested, 100);
  ASSERT_FALSE(h);
  EXPECT_EQ(h.error().message, "truncated DER at offset 102: the structure at offset 100 declares 18 bytes");
}

}  // namespace
}  // namespace certkeep::der
