// One entry of a JKS or JCEKS file, written as the JDK's engineStore writes it (layout in jks_layout.h).
#pragma once

#include <cstdint>
#include <string_view>

#include "core/keystore/jks_write_bytes.h"
#include "core/keystore/jks_write_keys.h"
#include "core/keystore/keystore.h"
#include "core/util/result.h"
#include "core/util/secret.h"

namespace certkeep::jks {

// What a store asks of every entry it writes.
struct EntryWriting {
  KeyProtection protection;
  const Secret* key_password = nullptr;  // never null while writing
  UnixTime now = 0;                      // creation date of entries that carry none
};

// Whether `format` can hold `e`, before anything is written or encrypted. Fails with `unsupported` for
// a lone private key ("JKS cannot hold a private key without its certificate: entry 'k'"), a request,
// or a secret key that JKS cannot hold or that was not read from a JCEKS store (its Entry::opaque is no
// serialized SealedObject); `invalid` for a key entry without its decrypted key ("key entry 'web' has
// no decrypted private key") or without a chain, and a certificate entry without a certificate.
Result<void> check_entry(const Entry& e, Format format);

// Appends entry `e` (checked by check_entry) under `alias` (from stored_aliases). Fails as
// protect_private_key does.
Result<void> write_entry(ByteWriter& w, const Entry& e, std::string_view alias, const EntryWriting& how);

}  // namespace certkeep::jks
