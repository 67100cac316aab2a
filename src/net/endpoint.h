// A network endpoint as an admin writes it: "host:port", "[2001:db8::1]:443", "10.0.0.5:8443".
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/util/result.h"

namespace certkeep::net {

struct Endpoint {
  std::string host;  // a DNS name or an IP literal, without IPv6 brackets
  std::uint16_t port = 0;

  // "host:port", with brackets around an IPv6 literal.
  [[nodiscard]] std::string text() const;
  // True when `host` is an IPv4 or IPv6 literal (it then goes in no SNI, RFC 6066 section 3).
  [[nodiscard]] bool host_is_ip() const;
};

// Parses "host:port" or "[v6]:port". A missing port takes `default_port` when it is not 0. Errors are
// `invalid` and quote the text.
Result<Endpoint> parse_endpoint(std::string_view text, std::uint16_t default_port = 0);

}  // namespace certkeep::net
