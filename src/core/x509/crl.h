// A certificate revocation list (RFC 5280 section 5) as an immutable value, for path validation with
// revocation checking (verify_chain). Parsed once; copies share one body.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <vector>

#include <openssl/types.h>

#include "core/util/result.h"

namespace certkeep {

class Crl {
 public:
  // Every CRL in `bytes`: one DER-encoded CRL, or any number of PEM "X509 CRL" blocks. Fails with
  // `malformed` when a CRL cannot be decoded, `not_found` when the bytes hold none.
  static Result<std::vector<Crl>> read_all(std::span<const std::uint8_t> bytes);

  // Borrowed pointer for OpenSSL calls; valid while any copy of this Crl lives.
  X509_CRL* x509_crl() const;

 private:
  struct Body;
  explicit Crl(std::shared_ptr<const Body> body) : body_(std::move(body)) {}
  std::shared_ptr<const Body> body_;
};

}  // namespace certkeep
