// Turning a framed JKS/JCEKS entry into a keystore Entry, once the store's integrity is verified.
#pragma once

#include <cstddef>
#include <span>

#include "core/keystore/jks_keys.h"
#include "core/keystore/jks_layout.h"
#include "core/keystore/keystore.h"
#include "core/keystore/password.h"
#include "core/keystore/reader.h"
#include "core/util/result.h"

namespace certkeep::jks {

// Decodes the certificates and, for a PrivateKeyEntry, decrypts the key trying `store_candidate` (the
// password that opened the store) first, then the other candidates. A key that no candidate decrypts,
// or whose protection we cannot read, leaves `key` unset and a warning on the entry; the chain is still
// read. A SecretKeyEntry keeps its stored SealedObject in `opaque`. `budget` is the store's PBE work
// left (jks_keys.h). The certificate of a trustedCertEntry is only framed, not decoded, with
// `options.defer_certificates` (reader.h). Fails with `malformed` ("bad certificate at offset N: ...")
// when a certificate does not parse.
Result<Entry> decode_entry(const RawEntry& raw, std::span<const PasswordCandidate> candidates,
                           std::size_t store_candidate, PbeBudget& budget, const ReadOptions& options);

}  // namespace certkeep::jks
