// A reusable message digest over OpenSSL EVP for the JDK keystore algorithms (SHA-1 keyed digest and
// key protection, MD5 in PBEWithMD5AndTripleDES), which hash many short inputs in a row.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

#include <openssl/evp.h>

#include "core/ossl/ptr.h"
#include "core/util/result.h"

namespace certkeep::jks {

class Digest {
 public:
  // "SHA1" or "MD5" from the default provider. Fails with `unsupported` when the provider lacks it.
  static Result<Digest> create(const char* name);

  // start() begins a new digest; add() feeds it; finish() writes size() bytes to `out` and returns false
  // if any OpenSSL call since start() failed.
  void start();
  void add(std::span<const std::uint8_t> data);
  [[nodiscard]] bool finish(std::span<std::uint8_t> out);
  std::size_t size() const { return size_; }

 private:
  Digest(ossl::UniquePtr<EVP_MD> md, ossl::UniquePtr<EVP_MD_CTX> ctx, std::size_t size)
      : md_(std::move(md)), ctx_(std::move(ctx)), size_(size) {}

  ossl::UniquePtr<EVP_MD> md_;
  ossl::UniquePtr<EVP_MD_CTX> ctx_;
  std::size_t size_ = 0;
  bool ok_ = false;
};

}  // namespace certkeep::jks
