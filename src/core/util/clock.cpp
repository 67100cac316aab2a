#include "core/util/clock.h"

#include <cctype>
#include <charconv>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <stdexcept>
#include <string>

namespace certkeep {

UnixTime system_now() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::string format_iso8601(UnixTime t) {
  std::tm tm{};
  const auto tt = static_cast<std::time_t>(t);
  (void)gmtime_r(&tt, &tm);
  char buf[32];
  const std::size_t n = std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return std::string(buf, n);
}

namespace {

bool read_int(std::string_view& s, std::size_t digits, int& out) {
  if (s.size() < digits) return false;
  const auto* first = s.data();
  const auto* last = s.data() + digits;
  for (const auto* p = first; p != last; ++p)
    if (*p < '0' || *p > '9') return false;
  std::from_chars(first, last, out);
  s.remove_prefix(digits);
  return true;
}

bool eat(std::string_view& s, char c) {
  if (s.empty() || s.front() != c) return false;
  s.remove_prefix(1);
  return true;
}

std::optional<int> parse_offset(std::string_view s) {
  if (s.empty() || s == "Z" || s == "z") return 0;
  const int sign = s.front() == '-' ? -1 : 1;
  if (s.front() != '+' && s.front() != '-') return std::nullopt;
  s.remove_prefix(1);
  int hh = 0, mm = 0;
  if (!read_int(s, 2, hh)) return std::nullopt;
  eat(s, ':');
  if (!s.empty() && !read_int(s, 2, mm)) return std::nullopt;
  if (!s.empty()) return std::nullopt;
  return sign * (hh * 3600 + mm * 60);
}

}  // namespace

std::optional<UnixTime> parse_time(std::string_view text) {
  if (!text.empty() && text.front() == '@') {
    std::int64_t v = 0;
    auto [p, ec] = std::from_chars(text.data() + 1, text.data() + text.size(), v);
    if (ec != std::errc{} || p != text.data() + text.size()) return std::nullopt;
    return v;
  }
  std::string_view s = text;
  std::tm tm{};
  int y = 0, mo = 0, d = 0, h = 0, mi = 0, se = 0;
  if (!read_int(s, 4, y) || !eat(s, '-') || !read_int(s, 2, mo) || !eat(s, '-') || !read_int(s, 2, d))
    return std::nullopt;
  if (!s.empty() && (s.front() == 'T' || s.front() == 't' || s.front() == ' ')) {
    s.remove_prefix(1);
    if (!read_int(s, 2, h) || !eat(s, ':') || !read_int(s, 2, mi)) return std::nullopt;
    if (eat(s, ':') && !read_int(s, 2, se)) return std::nullopt;
  }
  const auto offset = parse_offset(s);
  if (!offset || mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || se > 60) return std::nullopt;
  tm.tm_year = y - 1900;
  tm.tm_mon = mo - 1;
  tm.tm_mday = d;
  tm.tm_hour = h;
  tm.tm_min = mi;
  tm.tm_sec = se;
  return static_cast<UnixTime>(timegm(&tm)) - *offset;
}

std::int64_t days_between(UnixTime now, UnixTime t) {
  const std::int64_t diff = t - now;
  constexpr std::int64_t day = 86400;
  return diff >= 0 ? diff / day : -((-diff + day - 1) / day);
}

}  // namespace certkeep

namespace certkeep {

std::optional<std::chrono::milliseconds> parse_duration(std::string_view text) {
  std::size_t digits = 0;
  while (digits < text.size() && (std::isdigit(static_cast<unsigned char>(text[digits])) != 0 || text[digits] == '.')) ++digits;
  if (digits == 0) return std::nullopt;
  double value = 0;
  try {
    std::size_t used = 0;
    value = std::stod(std::string(text.substr(0, digits)), &used);
    if (used != digits) return std::nullopt;
  } catch (const std::exception&) {
    return std::nullopt;
  }
  const auto unit = text.substr(digits);
  double ms_per_unit = 0;
  if (unit.empty() || unit == "s") ms_per_unit = 1000;
  else if (unit == "ms") ms_per_unit = 1;
  else if (unit == "m" || unit == "min") ms_per_unit = 60'000;
  else if (unit == "h") ms_per_unit = 3'600'000;
  else return std::nullopt;
  return std::chrono::milliseconds(static_cast<std::int64_t>(value * ms_per_unit + 0.5));
}

}  // namespace certkeep
