// The bags of a PKCS#12 store (RFC 7292 section 4.2), decrypted, in file order, before they are grouped
// into entries. Walked by hand rather than with PKCS12_parse, which keeps one key and drops aliases,
// secret bags and every certificate it cannot place.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <openssl/pkcs12.h>

#include "core/keystore/pkcs12_password.h"
#include "core/keystore/pkcs12_protection.h"
#include "core/keystore/pkcs12_safe_bag.h"
#include "core/keystore/reader.h"
#include "core/x509/certificate.h"
#include "core/x509/private_key.h"

namespace certkeep::pkcs12 {

struct KeyBag {  // keyBag or pkcs8ShroudedKeyBag (RFC 7292 sections 4.2.1, 4.2.2)
  BagAttributes attributes;
  std::optional<PrivateKey> key;      // absent when it could not be decrypted or decoded
  std::optional<std::string> problem; // why it is absent
  std::size_t position = 0;           // walk order over all bags
  std::optional<SealedKey> sealed;    // a shrouded key as stored, when a writer can copy it back
};

struct CertBag {  // certBag holding an X.509 certificate (RFC 7292 section 4.2.3)
  BagAttributes attributes;
  Certificate certificate;
  std::size_t position = 0;
  std::vector<std::uint8_t> der;  // the whole SafeBag, for a writer to copy back (StoredBag)
};

struct SecretBag {  // secretBag (RFC 7292 section 4.2.5): listed, not decoded
  BagAttributes attributes;
  std::size_t position = 0;
  std::vector<std::uint8_t> der;  // the whole SafeBag, attributes included, for a writer to copy back
};

struct Bags {
  std::vector<KeyBag> keys;
  std::vector<CertBag> certificates;
  std::vector<SecretBag> secrets;
  ProtectionSummary protection;
  std::vector<std::string> warnings;  // bags skipped (CRLs are ignored silently)
};

// Walks every safe of the AuthenticatedSafe (RFC 7292 section 4.1) and every bag in it, nested
// safeContents included, decrypting with `keyring`. Errors: `malformed` for a damaged safe or bag,
// `unsupported` for an encryption this OpenSSL cannot undo, `bad_password` when the store has no MAC and
// no candidate decrypts it. A key bag no password decrypts after a good MAC is kept with a `problem`.
// `options`: certificates framed, not decoded (defer_certificates); known shrouded keys taken as they are
// (known_keys).
Result<Bags> read_bags(const STACK_OF(PKCS7) * safes, Keyring& keyring, const ReadOptions& options);

}  // namespace certkeep::pkcs12
