// The operating system's trust anchors, for callers that opt in to them (certkeep verify --system-store).
#pragma once

#include <vector>

#include "core/util/result.h"
#include "core/x509/certificate.h"

namespace certkeep {

// Every certificate in OpenSSL's default CA bundle: the file named by $SSL_CERT_FILE, else the file
// OpenSSL was built with (on Debian /usr/lib/ssl/cert.pem, a link to /etc/ssl/certs/ca-certificates.crt).
// Reads a file, so call it from the edges (CLI, daemons), not from library code. Errors: `not_found`
// when the bundle is missing or holds no certificate, naming the file.
Result<std::vector<Certificate>> system_trust_anchors();

}  // namespace certkeep
