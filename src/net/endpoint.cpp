#include "net/endpoint.h"

#include <charconv>

#include <arpa/inet.h>

namespace certkeep::net {
namespace {

bool is_ipv4(const std::string& s) {
  in_addr a{};
  return ::inet_pton(AF_INET, s.c_str(), &a) == 1;
}

bool is_ipv6(const std::string& s) {
  in6_addr a{};
  return ::inet_pton(AF_INET6, s.c_str(), &a) == 1;
}

Error bad(std::string_view text, std::string_view why) {
  return Error{ErrorCode::invalid, "endpoint \"" + std::string(text) + "\": " + std::string(why)};
}

Result<std::uint16_t> parse_port(std::string_view text, std::string_view port) {
  unsigned value = 0;
  const auto [end, ec] = std::from_chars(port.data(), port.data() + port.size(), value);
  if (ec != std::errc() || end != port.data() + port.size() || value == 0 || value > 65535)
    return bad(text, "the port must be a number from 1 to 65535");
  return static_cast<std::uint16_t>(value);
}

}  // namespace

std::string Endpoint::text() const {
  return (host.find(':') != std::string::npos ? "[" + host + "]" : host) + ":" + std::to_string(port);
}

bool Endpoint::host_is_ip() const { return is_ipv4(host) || is_ipv6(host); }

Result<Endpoint> parse_endpoint(std::string_view text, std::uint16_t default_port) {
  Endpoint e;
  std::string_view port;
  if (text.starts_with('[')) {
    const auto close = text.find(']');
    if (close == std::string_view::npos) return bad(text, "an IPv6 address opened with '[' must close with ']'");
    e.host = std::string(text.substr(1, close - 1));
    if (!is_ipv6(e.host)) return bad(text, "\"" + e.host + "\" is not an IPv6 address");
    const auto rest = text.substr(close + 1);
    if (!rest.empty() && !rest.starts_with(':')) return bad(text, "expected ':' and a port after ']'");
    if (!rest.empty()) port = rest.substr(1);
  } else {
    const auto colon = text.rfind(':');
    if (colon != std::string_view::npos && text.find(':') != colon)
      return bad(text, "write an IPv6 address in brackets: [2001:db8::1]:443");
    e.host = std::string(text.substr(0, colon));
    if (colon != std::string_view::npos) port = text.substr(colon + 1);
  }
  if (e.host.empty()) return bad(text, "the host is missing");
  if (e.host.find_first_of(" \t/") != std::string::npos) return bad(text, "a host name has no spaces or slashes");
  if (port.empty() && text.find(':') == std::string_view::npos && default_port != 0) {
    e.port = default_port;
    return e;
  }
  auto p = parse_port(text, port);
  if (!p) return p.error();
  e.port = *p;
  return e;
}

}  // namespace certkeep::net
