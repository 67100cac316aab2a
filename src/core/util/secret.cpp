#include "core/util/secret.h"

#include <openssl/crypto.h>

namespace certkeep {

void Secret::wipe() {
  // Wipe the whole capacity: a shorter value may have overwritten a longer one.
  if (value_.capacity() > 0) OPENSSL_cleanse(value_.data(), value_.capacity());
  value_.clear();
}

Secret& Secret::operator=(const Secret& other) {
  if (this != &other) {
    wipe();
    value_ = other.value_;
  }
  return *this;
}

// Copies rather than moves: a moved-from short string may keep its characters in the inline buffer,
// which wipe() then clears.
Secret::Secret(Secret&& other) noexcept : value_(other.value_) { other.wipe(); }  // NOLINT(performance-move-constructor-init)

Secret& Secret::operator=(Secret&& other) noexcept {
  if (this != &other) {
    wipe();
    value_ = other.value_;
    other.wipe();
  }
  return *this;
}

Secret::~Secret() { wipe(); }

}  // namespace certkeep
