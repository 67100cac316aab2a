// Time in certkeep: whole seconds since the Unix epoch, UTC. "Now" is always a parameter; only the CLI
// reads the system clock (or --at), and passes the result down.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace certkeep {

using UnixTime = std::int64_t;

// The current system time. Call only at the edges (CLI, daemons); core takes a UnixTime.
UnixTime system_now();

// "2026-11-24T14:27:22Z". Years outside 0000-9999 are clamped by the format, not by us.
std::string format_iso8601(UnixTime t);

// Parses ISO 8601 / RFC 3339 forms: "2026-11-24", "2026-11-24T14:27:22Z", "2026-11-24 14:27",
// "2026-11-24T14:27:22+02:00", or "@1732458442" (seconds since the epoch). nullopt if not understood.
std::optional<UnixTime> parse_time(std::string_view text);

// Parses a duration as admins write one: "10s", "500ms", "2m", "1h", "1.5s", or a bare number of seconds.
// nullopt if not understood or negative.
std::optional<std::chrono::milliseconds> parse_duration(std::string_view text);

// Whole days from `now` to `t`, rounded toward negative infinity (expired yesterday = -1).
std::int64_t days_between(UnixTime now, UnixTime t);

}  // namespace certkeep
