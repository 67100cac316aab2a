#include "gateway/log.h"

#include <nlohmann/json.hpp>

namespace certkeep::gateway {
namespace {

std::string_view to_string(Level l) {
  switch (l) {
    case Level::info: return "info";
    case Level::warning: return "warning";
    case Level::error: return "error";
  }
  return "info";
}

// key=value, the value quoted when it holds a space, a quote or nothing.
void append_text(std::string& line, const std::string& key, const std::string& value) {
  line += ' ' + key + '=';
  if (!value.empty() && value.find_first_of(" \"=") == std::string::npos) {
    line += value;
    return;
  }
  line += '"';
  for (const char c : value) {
    if (c == '"' || c == '\\') line += '\\';
    line += c;
  }
  line += '"';
}

}  // namespace

void Log::event(Level level, std::string_view name, const Fields& fields) {
  std::string line;
  if (format_ == LogFormat::json) {
    nlohmann::ordered_json j;
    j["time"] = format_iso8601(now_());
    j["level"] = to_string(level);
    j["event"] = name;
    for (const auto& [k, v] : fields) j[k] = v;
    line = j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  } else {
    line = format_iso8601(now_()) + " " + std::string(to_string(level)) + " " + std::string(name);
    for (const auto& [k, v] : fields) append_text(line, k, v);
  }
  line += '\n';
  const std::lock_guard lock(mutex_);
  // A log that cannot be written (a closed stderr) must not stop the gateway: the results are ignored.
  (void)std::fwrite(line.data(), 1, line.size(), out_);
  (void)std::fflush(out_);
}

}  // namespace certkeep::gateway
