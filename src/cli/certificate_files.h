// Reading certificate files named on the command line (--ca-file, --untrusted, CERT): any format the
// keystore readers understand, with the password options and, on a terminal, one prompt.
#pragma once

#include <string>
#include <vector>

#include "core/keystore/password.h"
#include "core/util/result.h"
#include "core/x509/certificate.h"

namespace certkeep::cli {

// Every certificate in `path`, in file order (a key entry's chain leaf first). On a terminal, when no
// password was `supplied` and no candidate opens the store, prompts once and adds the answer to
// `passwords`. Errors name the file; a file with no certificate is `not_found`.
Result<std::vector<Certificate>> read_certificates(const std::string& path, std::vector<PasswordCandidate>& passwords,
                                                   bool supplied);

// The trust anchors for --ca-file F... and --system-store.
Result<std::vector<Certificate>> read_anchors(const std::vector<std::string>& ca_files, bool system_store,
                                              std::vector<PasswordCandidate>& passwords, bool supplied);

}  // namespace certkeep::cli
