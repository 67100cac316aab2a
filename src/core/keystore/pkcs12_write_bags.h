// The SafeBags (RFC 7292 section 4.2) that hold one keystore entry, as the tools that read PKCS#12 stores
// expect them (writer.h):
//  - key: the key bag and the leaf's certificate bag share friendlyName = alias and localKeyId (the
//    entry's own, else the SHA-1 of the leaf certificate, as OpenSSL and keytool make it); the rest of
//    the chain as plain certificate bags, each certificate once per store;
//  - trusted_certificate: friendlyName and Oracle's trusted key usage attribute
//    (2.16.840.1.113894.746875.1.1 = anyExtendedKeyUsage), which keytool requires for a
//    trustedCertEntry;
//  - certificate: friendlyName when there is one; private_key: the key bag alone;
//  - secret_key: the SafeBag read from a PKCS#12 (Entry::opaque), unchanged.
// A certificate entry's bag as read (Entry::stored_bag) and a key entry's key as read (SealedKey) are
// copied back while nothing they hold changed.
#pragma once

#include <cstddef>
#include <span>
#include <vector>

#include "core/keystore/keystore.h"
#include "core/keystore/writer.h"
#include "core/keystore/pkcs12_safe_bag.h"

namespace certkeep::pkcs12 {

struct OutBag {
  Bytes made;                     // the SafeBag, when made for this write
  const Bytes* kept = nullptr;    // else the one the entry holds (StoredBag, Entry::opaque)
  bool key_safe = false;  // key and secret bags go in the key safe, certificate bags in the certificate safe

  std::span<const std::uint8_t> der() const { return kept != nullptr ? *kept : made; }
};

class BagMaker {
 public:
  explicit BagMaker(const WriteOptions& options) : options_(options) {}

  // The bags of entry number `index` (0-based), the one the reader places the entry by first. Errors:
  // `unsupported` for a request or a secret key not read from a PKCS#12 (naming the entry), `invalid`
  // for a key entry without a decoded key or chain or an entry without its certificate, and what
  // key_bag (pkcs12_write_crypt.h) fails with.
  Result<std::vector<OutBag>> bags(const Entry& e, std::size_t index);

 private:
  Result<std::vector<OutBag>> key_entry(const Entry& e);
  bool reusable(const Entry& e) const;
  static bool reusable_bag(const Entry& e);
  Result<std::vector<OutBag>> certificate_entry(const Entry& e, std::size_t index);
  Result<std::vector<OutBag>> private_key_entry(const Entry& e);
  static Result<std::vector<OutBag>> secret_entry(const Entry& e, std::size_t index);

  const WriteOptions& options_;
  std::vector<Certificate> chain_written_;  // chain certificates already in a plain bag
};

}  // namespace certkeep::pkcs12
