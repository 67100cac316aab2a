// Session ticket keys (RFC 5077; TLS 1.3 PSK tickets, RFC 8446 4.6.1) shared by every context of the
// gateway, so a session resumes across certificate reloads. A new key is made every `rotation`; tickets
// sealed with the previous key are still accepted (and renewed), older ones fall back to a full
// handshake. Keys live only in memory and never leave the process.
#pragma once

#include <array>
#include <chrono>
#include <cstdint>
#include <functional>
#include <mutex>

#include <openssl/ssl.h>

namespace certkeep::gateway {

class TicketKeys {
 public:
  // `now` is the clock rotation is judged by (seconds since the epoch; injected for tests).
  TicketKeys(std::chrono::milliseconds rotation, std::function<std::int64_t()> now);

  // Makes `ctx` seal and open its tickets with these keys. The TicketKeys must outlive `ctx`.
  void install(SSL_CTX* ctx);

  // Rotates if the current key is older than the rotation period. Called by install's callback on each
  // ticket; public for tests.
  void rotate_if_due();
  [[nodiscard]] std::uint64_t generation() const;  // how many keys have been made

  struct Key {
    std::array<unsigned char, 16> name{};
    std::array<unsigned char, 32> aes{};
    std::array<unsigned char, 32> hmac{};
  };

  // The OpenSSL callback (SSL_CTX_set_tlsext_ticket_key_evp_cb): 1 to seal with the current key, 1 or 2
  // (renew) to open with the current or previous, 0 for an unknown key name, -1 on error.
  int on_ticket(unsigned char name[16], unsigned char* iv, EVP_CIPHER_CTX* cipher, EVP_MAC_CTX* mac, int encrypt);

 private:
  void make_key();       // mutex_ held
  void rotate_locked();  // mutex_ held
  std::chrono::milliseconds rotation_;
  std::function<std::int64_t()> now_;
  mutable std::mutex mutex_;
  Key current_;
  Key previous_;
  bool has_previous_ = false;
  std::int64_t made_at_ = 0;
  std::uint64_t generation_ = 0;
};

}  // namespace certkeep::gateway
