// Memory BIOs over byte spans, and serialising OpenSSL objects to bytes.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "core/ossl/ptr.h"

namespace certkeep::ossl {

using Bytes = std::vector<std::uint8_t>;

// A read-only BIO over `data`; the span must outlive the BIO.
UniquePtr<BIO> read_bio(std::span<const std::uint8_t> data);

// A write-only BIO that appends to `out`, which must outlive it. Cheaper than a memory BIO for text
// written a character at a time, as X509_NAME_print_ex writes it.
UniquePtr<BIO> string_bio(std::string& out);

// Everything written into a memory BIO, as a string.
std::string bio_to_string(BIO* bio);

// DER encoding of an OpenSSL object by its i2d function (i2d_X509_SIG, i2d_PUBKEY, ...); empty when it
// cannot be encoded.
template <typename T, typename Encode>
Bytes to_der(const T* object, Encode encode) {
  const int n = encode(object, nullptr);
  if (n <= 0) return {};
  Bytes out(static_cast<std::size_t>(n));
  unsigned char* p = out.data();
  if (encode(object, &p) != n) return {};
  return out;
}

// DER encoding of a certificate.
Bytes x509_to_der(const X509* x);

}  // namespace certkeep::ossl
