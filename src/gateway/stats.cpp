#include "gateway/stats.h"

namespace certkeep::gateway {

void EndpointStats::handshake_failed(const std::string& reason) {
  const std::lock_guard lock(mutex_);
  ++failures_[reason];
}

std::map<std::string, std::uint64_t> EndpointStats::handshake_failures() const {
  const std::lock_guard lock(mutex_);
  return failures_;
}

}  // namespace certkeep::gateway
