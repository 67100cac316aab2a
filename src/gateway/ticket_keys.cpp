#include "gateway/ticket_keys.h"

#include <algorithm>
#include <cstring>

#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

#include "core/ossl/ptr.h"

namespace certkeep::gateway {
namespace {

int index_of_keys() {
  static const int index = SSL_CTX_get_ex_new_index(0, nullptr, nullptr, nullptr, nullptr);
  return index;
}

int ticket_callback(SSL* ssl, unsigned char name[16], unsigned char* iv, EVP_CIPHER_CTX* cipher, EVP_MAC_CTX* mac, int encrypt) {
  auto* keys = static_cast<TicketKeys*>(SSL_CTX_get_ex_data(SSL_get_SSL_CTX(ssl), index_of_keys()));
  return keys == nullptr ? -1 : keys->on_ticket(name, iv, cipher, mac, encrypt);
}

// AES-256-CBC, fetched once: an implicit fetch on every ticket (EVP_aes_256_cbc() in EVP_CipherInit_ex)
// costs OpenSSL 3 a lookup under a lock on every handshake.
const EVP_CIPHER* aes_256_cbc() {
  static const ossl::UniquePtr<EVP_CIPHER> cipher(EVP_CIPHER_fetch(nullptr, "AES-256-CBC", nullptr));
  return cipher.get();
}

// RFC 5077 4's recommended construction: AES-256-CBC, HMAC-SHA256.
bool set_up(const TicketKeys::Key& key, const unsigned char* iv, EVP_CIPHER_CTX* cipher, EVP_MAC_CTX* mac, int encrypt) {
  std::array<OSSL_PARAM, 2> params = {OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, const_cast<char*>("SHA256"), 0),
                                      OSSL_PARAM_construct_end()};
  if (EVP_MAC_init(mac, key.hmac.data(), key.hmac.size(), params.data()) != 1) return false;
  return aes_256_cbc() != nullptr && EVP_CipherInit_ex(cipher, aes_256_cbc(), nullptr, key.aes.data(), iv, encrypt) == 1;
}

}  // namespace

TicketKeys::TicketKeys(std::chrono::milliseconds rotation, std::function<std::int64_t()> now) : rotation_(rotation), now_(std::move(now)) {
  const std::lock_guard lock(mutex_);
  make_key();
}

void TicketKeys::install(SSL_CTX* ctx) {
  SSL_CTX_set_ex_data(ctx, index_of_keys(), this);
  SSL_CTX_set_tlsext_ticket_key_evp_cb(ctx, ticket_callback);
}

void TicketKeys::make_key() {
  if (generation_ > 0) {
    previous_ = current_;
    has_previous_ = true;
  }
  Key k;
  if (RAND_bytes(k.name.data(), static_cast<int>(k.name.size())) != 1 || RAND_priv_bytes(k.aes.data(), static_cast<int>(k.aes.size())) != 1 ||
      RAND_priv_bytes(k.hmac.data(), static_cast<int>(k.hmac.size())) != 1)
    return;  // keep the current key: a failing RNG must not stop service
  OPENSSL_cleanse(current_.aes.data(), current_.aes.size());
  OPENSSL_cleanse(current_.hmac.data(), current_.hmac.size());
  current_ = k;
  OPENSSL_cleanse(k.aes.data(), k.aes.size());
  OPENSSL_cleanse(k.hmac.data(), k.hmac.size());
  made_at_ = now_();
  ++generation_;
}

void TicketKeys::rotate_if_due() {
  const std::lock_guard lock(mutex_);
  rotate_locked();
}

void TicketKeys::rotate_locked() {
  if (std::chrono::seconds(now_() - made_at_) >= rotation_) make_key();
}

std::uint64_t TicketKeys::generation() const {
  const std::lock_guard lock(mutex_);
  return generation_;
}

int TicketKeys::on_ticket(unsigned char name[16], unsigned char* iv, EVP_CIPHER_CTX* cipher, EVP_MAC_CTX* mac, int encrypt) {
  const std::lock_guard lock(mutex_);
  rotate_locked();
  if (encrypt == 1) {
    if (RAND_bytes(iv, EVP_MAX_IV_LENGTH) != 1) return -1;
    std::memcpy(name, current_.name.data(), current_.name.size());
    return set_up(current_, iv, cipher, mac, 1) ? 1 : -1;
  }
  if (std::equal(current_.name.begin(), current_.name.end(), name)) return set_up(current_, iv, cipher, mac, 0) ? 1 : -1;
  if (has_previous_ && std::equal(previous_.name.begin(), previous_.name.end(), name))
    return set_up(previous_, iv, cipher, mac, 0) ? 2 : -1;  // 2: valid, but issue a ticket under the current key
  return 0;
}

}  // namespace certkeep::gateway
