// JsonWriter against nlohmann::json, the library the rest of certkeep's JSON comes from: the same
// strings (every escape, UTF-8 of every length) and numbers serialise to the same bytes, and bytes that
// are not UTF-8 become U+FFFD where nlohmann would refuse to write.
#include "cli/json_writer.h"

#include <limits>
#include <random>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace certkeep::cli {
namespace {

using nlohmann::ordered_json;

std::string written(std::string_view s) {
  std::string out;
  append_json_string(out, s);
  return out;
}

TEST(JsonWriter, EscapesStringsAsNlohmannDoes) {
  const std::vector<std::string> cases = {
      "", "plain", "quote \" and backslash \\", "\b\f\n\r\t", std::string("nul \0 byte", 10), "\x01\x1f\x7f",
      "CN=Jos\xC3\xA9,O=Caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x94\x91",  // 2-, 3- and 4-byte UTF-8
      "/path/with spaces/and,commas=.pem", "\xEF\xBF\xBF\xF4\x8F\xBF\xBF"};  // U+FFFF, U+10FFFF
  for (const auto& s : cases) EXPECT_EQ(written(s), ordered_json(s).dump()) << s;
}

// Every control character and random valid UTF-8: a second opinion on thousands of strings.
TEST(JsonWriter, MatchesNlohmannOnRandomUtf8) {
  std::mt19937 rng(20261207);
  const std::vector<std::string> pieces = {"a", "\"", "\\", "/", " ", "\xC3\xA9", "\xE2\x82\xAC", "\xF0\x9F\x94\x91",
                                           "\xDF\xBF", "\xE0\xA0\x80", "\xED\x9F\xBF", "\xEE\x80\x80", "\x7f"};
  for (int c = 0; c < 0x20; ++c) EXPECT_EQ(written(std::string(1, static_cast<char>(c))), ordered_json(std::string(1, static_cast<char>(c))).dump());
  for (int i = 0; i < 2000; ++i) {
    std::string s;
    const int n = static_cast<int>(rng() % 12);
    for (int k = 0; k < n; ++k) {
      const auto r = rng() % (pieces.size() + 4);
      s += r < pieces.size() ? pieces[r] : std::string(1, static_cast<char>(rng() % 0x20));
    }
    ASSERT_EQ(written(s), ordered_json(s).dump()) << i;
  }
}

TEST(JsonWriter, ReplacesBytesThatAreNotUtf8) {
  EXPECT_EQ(written("bad\xFF.pem"), "\"bad\xEF\xBF\xBD.pem\"");
  EXPECT_EQ(written("\xC3"), "\"\xEF\xBF\xBD\"");                     // truncated 2-byte sequence
  EXPECT_EQ(written("\xC0\xAF"), "\"\xEF\xBF\xBD\xEF\xBF\xBD\"");     // overlong '/'
  EXPECT_EQ(written("\xED\xA0\x80"), "\"\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\"");  // a UTF-16 surrogate
  EXPECT_EQ(written("\xF4\x90\x80\x80"), "\"\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\"");  // > U+10FFFF
  for (const auto* s : {"bad\xFF.pem", "\xC0\xAF", "\xED\xA0\x80", "a\xE2\x82"})
    EXPECT_TRUE(ordered_json::accept(written(s))) << s;
}

TEST(JsonWriter, WritesDocumentsAsNlohmannDumps) {
  std::string out;
  JsonWriter w(out);
  w.begin_object()
      .member("s", "text")
      .member("t", true)
      .member("f", false)
      .member("neg", -42)
      .member("big", std::numeric_limits<long long>::min())
      .member("ubig", std::numeric_limits<unsigned long long>::max())
      .member("none", std::optional<int>())
      .member("some", std::optional<std::string>("x"))
      .member("list", std::vector<std::string>{"a", "b"})
      .member("empty", std::vector<std::string>{});
  w.key("nested").begin_array().begin_object().end_object().begin_array().end_array().null().value(7).end_array();
  w.key("o").begin_object().member("k", 1).end_object();
  w.end_object();

  ordered_json expected = {{"s", "text"}, {"t", true}, {"f", false}, {"neg", -42},
                           {"big", std::numeric_limits<long long>::min()},
                           {"ubig", std::numeric_limits<unsigned long long>::max()},
                           {"none", nullptr}, {"some", "x"}, {"list", {"a", "b"}}, {"empty", ordered_json::array()},
                           {"nested", {ordered_json::object(), ordered_json::array(), nullptr, 7}},
                           {"o", {{"k", 1}}}};
  EXPECT_EQ(out, expected.dump());
}

}  // namespace
}  // namespace certkeep::cli
