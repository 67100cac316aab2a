// Counters of one endpoint, updated by every event loop (relaxed atomics: each counter is read alone) and
// read by the admin endpoint. Handshake failures are counted by reason, a short stable word
// ("timeout", "certificate_expired", "no_shared_cipher", ...).
#pragma once

#include <atomic>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>

namespace certkeep::gateway {

struct EndpointStats {
  std::atomic<std::uint64_t> connections{0};         // accepted
  std::atomic<std::int64_t> active{0};               // open now
  std::atomic<std::uint64_t> refused_over_limit{0};  // closed at once: max_connections reached
  std::atomic<std::uint64_t> handshakes{0};          // completed (inbound: with clients; outbound: with the upstream)
  std::atomic<std::uint64_t> resumed{0};             // ... of which resumed a session
  std::atomic<std::uint64_t> backend_failures{0};    // could not reach the backend / upstream
  std::atomic<std::uint64_t> bytes_from_client{0};
  std::atomic<std::uint64_t> bytes_to_client{0};
  std::atomic<std::uint64_t> reloads_ok{0};
  std::atomic<std::uint64_t> reloads_refused{0};

  void handshake_failed(const std::string& reason);
  [[nodiscard]] std::map<std::string, std::uint64_t> handshake_failures() const;

 private:
  mutable std::mutex mutex_;
  std::map<std::string, std::uint64_t> failures_;  // guarded by mutex_
};

}  // namespace certkeep::gateway
