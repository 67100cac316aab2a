// Bytes derived from a password or holding key material (encoded passwords, derived keys, decrypted
// PKCS#8): wiped with OPENSSL_cleanse when they go out of scope.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include <openssl/crypto.h>

namespace certkeep::jks {

class WipedBytes {
 public:
  WipedBytes() = default;
  explicit WipedBytes(std::size_t n) : bytes_(n) {}
  WipedBytes(const WipedBytes&) = delete;
  WipedBytes& operator=(const WipedBytes&) = delete;
  WipedBytes(WipedBytes&& other) noexcept : bytes_(std::move(other.bytes_)) {}
  WipedBytes& operator=(WipedBytes&& other) noexcept {
    wipe();
    bytes_ = std::move(other.bytes_);
    return *this;
  }
  ~WipedBytes() { wipe(); }

  std::vector<std::uint8_t>& bytes() { return bytes_; }
  std::span<const std::uint8_t> view() const { return bytes_; }

 private:
  void wipe() {
    if (bytes_.capacity() > 0) OPENSSL_cleanse(bytes_.data(), bytes_.capacity());
    bytes_.clear();
  }
  std::vector<std::uint8_t> bytes_;
};

}  // namespace certkeep::jks
