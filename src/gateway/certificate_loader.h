// Loading a certificate the gateway is to present, and deciding whether it may be presented: the one
// place where a candidate keystore is judged before it replaces a serving certificate (the gateway's
// reloads, and later a node agent's). A candidate is refused unless it is readable with the configured
// password, its key belongs to its certificate, its chain verifies to a configured anchor at `now`, it
// is within its validity period, and it covers every configured name.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "core/operations/identity.h"
#include "core/util/clock.h"
#include "core/util/result.h"
#include "core/util/secret.h"
#include "core/x509/verify.h"
#include "gateway/config.h"

namespace certkeep::gateway {

struct LoadedCertificate {
  ops::Identity identity;
  std::vector<Certificate> served_chain;  // leaf and intermediates as sent in the handshake (no anchor)
  UnixTime loaded_at = 0;
  bool default_password = false;          // opened with a well-known default ("WebAS", "changeit", ...)
};

// Reads the password the source names: the first line of its file, or its environment variable; an
// empty Secret when it names none. `not_found` / `io` errors name the file or variable.
Result<Secret> read_password(const PasswordSource& source);

// Judges `bytes`, the content of `source.keystore` (read by the caller, once), for `purpose` at `now` (see above). Without a configured password
// the store must open with none or with a well-known default (then `default_password` is set). Errors are one line naming
// the keystore and the reason: "wrong password or corrupt MAC", "key and certificate mismatch",
// "expired on 2026-11-01T00:00:00Z", "chain does not verify: ...", "does not cover the name gw.example".
Result<LoadedCertificate> load_certificate(const CertificateSource& source, std::span<const std::uint8_t> bytes, Purpose purpose,
                                          UnixTime now);

// The trust anchors in `files` (every certificate in each, any format certkeep reads), plus the system's
// when `system_store`. Errors name the file.
Result<std::vector<Certificate>> load_anchors(const std::vector<std::string>& files, bool system_store);

}  // namespace certkeep::gateway
