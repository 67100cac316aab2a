// The key entry a TLS endpoint presents: a gateway's server certificate, a probe's or a gateway's client
// certificate. One selection rule and one set of checks for all of them.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/keystore/keystore.h"
#include "core/util/result.h"
#include "core/x509/certificate.h"
#include "core/x509/private_key.h"

namespace certkeep::ops {

struct Identity {
  std::string alias;
  PrivateKey key;
  std::vector<Certificate> chain;  // leaf first, as the store holds it
};

// The key entry `alias`, or the store's only key entry when `alias` is empty, with a decrypted key that
// belongs to its certificate. `role` ("client", "server") words the mismatch message. Errors, without the
// file name: `not_found` (no key entry, or none called `alias`), `invalid` (several key entries and no
// alias: "choose one with --alias"; a key of another certificate), `bad_password` (key not decrypted).
Result<Identity> select_identity(const Keystore& ks, std::string_view alias, std::string_view role);

}  // namespace certkeep::ops
