// A value one thread replaces while others read it: readers take a shared_ptr to the current immutable
// value and keep it as long as they need. A mutex held for a pointer copy, not std::atomic<shared_ptr>:
// libstdc++ 12 implements that with a lock bit ThreadSanitizer cannot see, and a lock per connection is
// nothing beside a TLS handshake.
#pragma once

#include <memory>
#include <mutex>

namespace certkeep::gateway {

template <typename T>
class Published {
 public:
  [[nodiscard]] std::shared_ptr<const T> load() const {
    const std::lock_guard lock(mutex_);
    return value_;
  }
  void store(std::shared_ptr<const T> value) {
    const std::lock_guard lock(mutex_);
    value_.swap(value);
  }  // the old value, if this was its last owner, is freed here, outside the lock

 private:
  mutable std::mutex mutex_;
  std::shared_ptr<const T> value_;
};

}  // namespace certkeep::gateway
