// The keystore model shared by every format: a file holds entries; an entry is a key with its chain, a
// trusted certificate, a bare certificate, a lone private key, a request or an opaque secret key.
// Readers in this directory produce a Keystore; nothing here touches the file system.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/keystore/protection.h"
#include "core/util/clock.h"
#include "core/util/secret.h"
#include "core/x509/certificate.h"
#include "core/x509/csr.h"
#include "core/x509/private_key.h"

namespace certkeep {

enum class Format { pem, der, pkcs7, pkcs12, jks, jceks };

// "PEM", "DER", "PKCS7", "PKCS12", "JKS", "JCEKS": stable, used in output and JSON.
std::string_view to_string(Format f);

enum class EntryKind {
  key,                  // private key with its certificate chain (PKCS#12 key bag, JKS PrivateKeyEntry)
  trusted_certificate,  // a trust anchor (JKS trustedCertEntry, PKCS#12 cert bag keytool marked trusted)
  certificate,          // a certificate in a PEM, DER or PKCS#7 file, or a PKCS#12 cert bag in no chain
  private_key,          // a private key with no certificate (PEM key file)
  csr,                  // PKCS#10 certificate request
  secret_key,           // symmetric key (JCEKS SecretKeyEntry, PKCS#12 secret bag): listed, not decoded
};

// "key", "trusted_certificate", ...: stable, used in output and JSON.
std::string_view to_string(EntryKind k);

// A private key as a PKCS#12 store held it: the EncryptedPrivateKeyInfo (RFC 5208 section 6), the
// encryption it names, the password that decrypted it (in the form certkeep writes with) and the key. A
// PKCS#12 writer copies it back while the entry keeps that key and the store that password and key
// encryption: a rewrite then derives no key for the keys it does not change (10,000 PBKDF2 iterations
// each at keytool's defaults).
struct SealedKey {
  std::vector<std::uint8_t> der;
  Encryption encryption;
  Secret password;
  PrivateKey key;
};

// A certificate entry as a PKCS#12 store held it: its SafeBag (RFC 7292 section 4.2.3) and what the bag
// said. A PKCS#12 writer copies the bag back while the entry keeps that kind, alias, localKeyId and
// certificate: attributes certkeep does not know stay, and a rewrite encodes no bag it did not change.
struct StoredBag {
  std::vector<std::uint8_t> der;
  EntryKind kind = EntryKind::certificate;
  std::string alias;
  std::optional<std::string> local_key_id;
  Certificate certificate;
};

struct Entry {
  EntryKind kind = EntryKind::certificate;
  std::string alias;                       // JKS alias or PKCS#12 friendlyName; empty where none
  std::vector<Certificate> chain;          // leaf first; one element for a certificate entry
  std::optional<PrivateKey> key;           // decoded key, when the entry has one and it could be decrypted
  std::optional<bool> key_matches;         // key entries: does the key belong to chain[0]?
  std::optional<SealedKey> sealed_key;     // PKCS#12 key entries: `key` as stored, when reusable
  std::optional<StoredBag> stored_bag;     // PKCS#12 certificate entries: the bag as stored
  std::optional<CertificateRequest> csr;   // csr entries
  std::optional<std::string> local_key_id; // PKCS#12 localKeyId, colon hex
  std::optional<std::string> secret_algorithm;  // secret keys, when known
  std::optional<UnixTime> created;         // JKS/JCEKS creation date
  // Secret keys: the entry exactly as stored (JCEKS: the serialized SealedObject; PKCS#12: the DER
  // SafeBag), which a writer of the same format copies back unchanged. Empty for every other kind.
  std::vector<std::uint8_t> opaque;
  std::vector<std::string> warnings;       // entry-level problems ("private key could not be decrypted: ...")
};

struct Keystore {
  Format format = Format::pem;
  std::string protection;                  // e.g. "PBES2 PBKDF2-HMAC-SHA256 AES-256-CBC, MAC HMAC-SHA256"
  std::optional<bool> integrity_verified;  // MAC / keyed digest checked (PKCS#12, JKS, JCEKS)
  std::vector<Entry> entries;
  std::vector<std::string> warnings;       // store-level problems that did not stop reading
  // PKCS#12 and JCEKS: the algorithms and iteration counts found, for a writer to keep (writer.h).
  std::optional<StoreProtection> write_protection;
};

}  // namespace certkeep
