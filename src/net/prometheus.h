// Prometheus text exposition format (version 0.0.4) helpers shared by `scan` and the gateway.
#pragma once

#include <string>
#include <string_view>

namespace certkeep::net {

// A label value as the format wants it: backslash, double quote and newline escaped.
std::string prometheus_label(std::string_view value);

}  // namespace certkeep::net
