#include "core/util/clock.h"

#include <gtest/gtest.h>

namespace certkeep {
namespace {

TEST(Clock, ParsesTheFormsAdminsType) {
  EXPECT_EQ(parse_time("2026-11-24T14:27:22Z"), 1795530442);
  EXPECT_EQ(parse_time("2026-11-24 14:27:22"), 1795530442);
  EXPECT_EQ(parse_time("2026-11-24T16:27:22+02:00"), 1795530442);
  EXPECT_EQ(parse_time("2026-11-24T09:27:22-0500"), 1795530442);
  EXPECT_EQ(parse_time("2026-11-24"), 1795478400);
  EXPECT_EQ(parse_time("2026-11-24T14:27"), 1795530420);
  EXPECT_EQ(parse_time("@1795530442"), 1795530442);
}

TEST(Clock, RejectsWhatItCannotRead) {
  for (const char* bad : {"", "tomorrow", "2026-13-01", "2026-11-24T25:00", "2026-11-24Tx", "@12a", "2026/11/24",
                          "2026-11-24T14:27:22+", "2026-11-24T14:27:22Zjunk"})
    EXPECT_FALSE(parse_time(bad).has_value()) << bad;
}

TEST(Clock, FormatsIso8601Utc) {
  EXPECT_EQ(format_iso8601(0), "1970-01-01T00:00:00Z");
  EXPECT_EQ(format_iso8601(1795530442), "2026-11-24T14:27:22Z");
}

TEST(Clock, DaysBetweenRoundsTowardPast) {
  EXPECT_EQ(days_between(0, 0), 0);
  EXPECT_EQ(days_between(0, 86399), 0);
  EXPECT_EQ(days_between(0, 86400), 1);
  EXPECT_EQ(days_between(0, -1), -1);
  EXPECT_EQ(days_between(0, -86400), -1);
  EXPECT_EQ(days_between(0, -86401), -2);
}

}  // namespace
}  // namespace certkeep

namespace certkeep {
namespace {

TEST(Clock, ParsesDurations) {
  using std::chrono::milliseconds;
  EXPECT_EQ(parse_duration("10"), milliseconds(10000));
  EXPECT_EQ(parse_duration("2s"), milliseconds(2000));
  EXPECT_EQ(parse_duration("1.5s"), milliseconds(1500));
  EXPECT_EQ(parse_duration("250ms"), milliseconds(250));
  EXPECT_EQ(parse_duration("2m"), milliseconds(120000));
  EXPECT_EQ(parse_duration("1h"), milliseconds(3600000));
  EXPECT_EQ(parse_duration(""), std::nullopt);
  EXPECT_EQ(parse_duration("s"), std::nullopt);
  EXPECT_EQ(parse_duration("-1s"), std::nullopt);
  EXPECT_EQ(parse_duration("5 s"), std::nullopt);
  EXPECT_EQ(parse_duration("1.2.3"), std::nullopt);
  EXPECT_EQ(parse_duration("3d"), std::nullopt);
}

}  // namespace
}  // namespace certkeep
