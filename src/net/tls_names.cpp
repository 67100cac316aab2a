#include "net/tls_names.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <utility>

#include <openssl/ssl.h>

namespace certkeep::net {
namespace {

// RFC 8446 section 6 and the TLS Alert registry.
constexpr std::array<std::pair<int, std::string_view>, 29> kAlerts{{
    {0, "close_notify"},
    {10, "unexpected_message"},
    {20, "bad_record_mac"},
    {22, "record_overflow"},
    {40, "handshake_failure"},
    {42, "bad_certificate"},
    {43, "unsupported_certificate"},
    {44, "certificate_revoked"},
    {45, "certificate_expired"},
    {46, "certificate_unknown"},
    {47, "illegal_parameter"},
    {48, "unknown_ca"},
    {49, "access_denied"},
    {50, "decode_error"},
    {51, "decrypt_error"},
    {70, "protocol_version"},
    {71, "insufficient_security"},
    {80, "internal_error"},
    {86, "inappropriate_fallback"},
    {90, "user_canceled"},
    {100, "no_renegotiation"},
    {109, "missing_extension"},
    {110, "unsupported_extension"},
    {112, "unrecognized_name"},
    {113, "bad_certificate_status_response"},
    {115, "unknown_psk_identity"},
    {116, "certificate_required"},
    {120, "no_application_protocol"},
    {60, "export_restriction"},
}};

}  // namespace

std::string alert_name(int description) {
  for (const auto& [code, name] : kAlerts)
    if (code == description) return std::string(name);
  return "alert_" + std::to_string(description);
}

bool is_client_certificate_rejection(int description) {
  switch (description) {
    case 42: case 43: case 44: case 45: case 46: case 48: case 49: case 116: return true;
    default: return false;
  }
}

std::optional<int> parse_tls_version(std::string_view text) {
  std::string t(text);
  std::ranges::transform(t, t.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  for (const std::string_view prefix : {"tlsv", "tls"})
    if (t.starts_with(prefix)) t.erase(0, prefix.size());
  if (t == "1" || t == "1.0") return TLS1_VERSION;
  if (t == "1.1") return TLS1_1_VERSION;
  if (t == "1.2") return TLS1_2_VERSION;
  if (t == "1.3") return TLS1_3_VERSION;
  return std::nullopt;
}

std::string tls_version_name(int version) {
  switch (version) {
    case TLS1_VERSION: return "TLSv1";
    case TLS1_1_VERSION: return "TLSv1.1";
    case TLS1_2_VERSION: return "TLSv1.2";
    case TLS1_3_VERSION: return "TLSv1.3";
    default: return "version " + std::to_string(version);
  }
}

}  // namespace certkeep::net
