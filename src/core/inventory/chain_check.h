// Chain verification for every entry of a keystore, as `inspect --ca-file/--system-store` shows it.
#pragma once

#include <optional>
#include <span>
#include <vector>

#include "core/keystore/keystore.h"
#include "core/x509/verify.h"

namespace certkeep {

struct ChainCheckOptions {
  std::vector<Certificate> anchors;  // --ca-file and, when asked, the system store
  UnixTime at = 0;
};

// One result per entry of `ks`, in entry order: set for key and certificate entries, nullopt for the
// others (trusted certificates, requests, keys alone, secret keys). Each leaf is verified for any purpose
// against `options.anchors` plus the store's own trusted entries, with every other certificate of the
// store available as an intermediate. A validation that could not be carried out becomes a result with
// one "openssl_error" problem.
std::vector<std::optional<VerifyResult>> check_chains(const Keystore& ks, const ChainCheckOptions& options);

}  // namespace certkeep
