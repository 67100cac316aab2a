#include <array>
#include <utility>

#include "net/probe.h"

namespace certkeep::net {
namespace {

constexpr std::array<std::pair<Starttls, std::string_view>, 5> kStarttls{{
    {Starttls::none, "none"},
    {Starttls::smtp, "smtp"},
    {Starttls::xmpp, "xmpp"},
    {Starttls::xmpp_server, "xmpp-server"},
    {Starttls::postgres, "postgres"},
}};

}  // namespace

std::string_view to_string(Starttls s) {
  for (const auto& [kind, name] : kStarttls)
    if (kind == s) return name;
  return "none";
}

std::optional<Starttls> parse_starttls(std::string_view text) {
  for (const auto& [kind, name] : kStarttls)
    if (name == text) return kind;
  if (text == "postgresql") return Starttls::postgres;
  return std::nullopt;
}

std::uint16_t default_port(Starttls s) {
  switch (s) {
    case Starttls::none: return 443;
    case Starttls::smtp: return 25;
    case Starttls::xmpp: return 5222;
    case Starttls::xmpp_server: return 5269;
    case Starttls::postgres: return 5432;
  }
  return 443;
}

std::string_view to_string(Stage s) {
  switch (s) {
    case Stage::resolve: return "resolve";
    case Stage::connect: return "connect";
    case Stage::starttls: return "starttls";
    case Stage::handshake: return "handshake";
    case Stage::client_verdict: return "client_verdict";
    case Stage::done: return "done";
  }
  return "done";
}

}  // namespace certkeep::net
