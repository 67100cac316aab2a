// Names of TLS protocol values as the RFCs spell them, for messages and JSON.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace certkeep::net {

// The RFC 8446 section 6 name of an alert description ("certificate_expired"), or "alert_N".
std::string alert_name(int description);

// True for the alerts a server sends when it rejects the client's certificate.
bool is_client_certificate_rejection(int description);

// "1.0", "1.1", "1.2", "1.3" (also "TLSv1.2", "tls1.2") to OpenSSL's TLS1_2_VERSION etc.
std::optional<int> parse_tls_version(std::string_view text);
// "TLSv1.2" etc.
std::string tls_version_name(int version);

}  // namespace certkeep::net
