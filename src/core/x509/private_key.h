// A private key as an immutable, shareable value. The key material stays inside OpenSSL; certkeep never
// prints or logs it.
#pragma once

#include <cstdint>
#include <memory>
#include <span>

#include <openssl/types.h>

#include "core/util/result.h"
#include "core/x509/certificate.h"

namespace certkeep {

class PrivateKey {
 public:
  // Takes a reference to `key`, which must hold a private key.
  static Result<PrivateKey> from_pkey(EVP_PKEY* key);

  // Parses an unencrypted PKCS#8 PrivateKeyInfo (RFC 5208 section 5) in DER.
  static Result<PrivateKey> from_pkcs8_der(std::span<const std::uint8_t> der);

  const PublicKeyInfo& info() const;

  // True when `cert` carries this key's public half (RFC 5280 4.1.2.7). Decodes `cert` unless
  // matches_encoded already says so.
  bool matches(const Certificate& cert) const;

  // True when `cert`'s SubjectPublicKeyInfo has the very bytes OpenSSL encodes this key's public half
  // with, told without decoding `cert`. False says nothing: the same key may be encoded otherwise.
  bool matches_encoded(const Certificate& cert) const;

  EVP_PKEY* pkey() const;  // borrowed; valid while any copy of this PrivateKey lives

 private:
  struct Body;
  explicit PrivateKey(std::shared_ptr<const Body> body) : body_(std::move(body)) {}
  std::shared_ptr<const Body> body_;
};

}  // namespace certkeep
