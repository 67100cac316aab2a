// --client-keystore F [--alias A]: the certificate and key a probe presents for mutual TLS, from any
// keystore certkeep reads, opened with the usual password options.
#pragma once

#include <memory>
#include <string>

#include "cli/store_file.h"
#include "core/util/result.h"
#include "net/probe.h"

namespace certkeep::cli {

// The key entry `alias` of the store, or its only key entry when `alias` is empty. Errors name the file:
// unreadable store, no key entry, several (choose with --alias), key not decrypted, key and certificate
// mismatch.
Result<std::shared_ptr<const net::ClientIdentity>> load_client_identity(const StoreOptions& store, const std::string& alias);

}  // namespace certkeep::cli
