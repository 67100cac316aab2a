// Writing a Keystore as PKCS#12, JKS or JCEKS bytes. Nothing here touches the file system: callers
// write the bytes atomically (util/atomic_file.h).
//
// What each format holds (anything else fails with `unsupported`, naming the entry):
// - PKCS#12: key entries (shrouded key bag + certificate bags; the leaf and the key share a localKeyId
//   and friendlyName), trusted certificates (certificate bag with the friendlyName and the JDK's
//   trusted-key-usage attribute, so keytool lists them as trustedCertEntry), certificates, lone
//   private keys, and secret keys read from a PKCS#12 (copied back from Entry::opaque).
// - JKS: key entries (PrivateKeyEntry, key protected with Sun's KeyProtector) and certificates
//   (trustedCertEntry). JCEKS: the same with PBEWithMD5AndTripleDES, plus secret keys read from a JCEKS.
//   Aliases must be unique ignoring case, and non-empty.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "core/keystore/keystore.h"
#include "core/keystore/protection.h"
#include "core/util/clock.h"
#include "core/util/result.h"
#include "core/util/secret.h"

namespace certkeep {

struct WriteOptions {
  Secret password;                  // the store password: MAC / integrity digest, and PKCS#12 encryption
  std::optional<Secret> key_password;  // JKS/JCEKS key entries, when not the store password
  StoreProtection protection;       // PKCS#12 and JCEKS (keys.iterations); usually the store's own
                                    // Keystore::write_protection, else default_protection()
  UnixTime now = 0;                 // JKS/JCEKS creation date of entries that have none
};

// Every entry of `ks`, in order, in `format` (pkcs12, jks or jceks). Fails with `unsupported` for
// another format or an entry the format cannot hold, `invalid` for a key entry without a decoded key or
// chain, or for an empty or duplicate JKS alias.
Result<std::vector<std::uint8_t>> write_keystore(const Keystore& ks, Format format, const WriteOptions& options);

}  // namespace certkeep
