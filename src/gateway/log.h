// The gateway's log: one line per event on stderr, as text ("2026-11-25T01:02:03Z info reload_refused
// endpoint=web keystore=... reason=\"...\"") or JSON lines. Fields are values the code chose to log;
// nothing secret is ever passed here (passwords and keys have no field).
#pragma once

#include <cstdio>
#include <functional>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/util/clock.h"
#include "gateway/config.h"

namespace certkeep::gateway {

enum class Level { info, warning, error };

using Fields = std::vector<std::pair<std::string, std::string>>;

class Log {
 public:
  Log(LogFormat format, std::FILE* out, std::function<UnixTime()> now) : format_(format), out_(out), now_(std::move(now)) {}
  void set_format(LogFormat format) { format_ = format; }

  // Writes one line; safe from any thread.
  void event(Level level, std::string_view name, const Fields& fields);

 private:
  LogFormat format_;
  std::FILE* out_;
  std::function<UnixTime()> now_;
  std::mutex mutex_;
};

}  // namespace certkeep::gateway
