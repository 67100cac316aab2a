#include "gateway/ticket_keys.h"

#include <array>

#include <gtest/gtest.h>
#include <openssl/evp.h>

#include "core/ossl/ptr.h"

namespace certkeep::gateway {
namespace {

struct Ctx {
  ossl::UniquePtr<EVP_CIPHER_CTX> cipher{EVP_CIPHER_CTX_new()};
  ossl::UniquePtr<EVP_MAC> mac_alg{EVP_MAC_fetch(nullptr, "HMAC", nullptr)};
  ossl::UniquePtr<EVP_MAC_CTX> mac{EVP_MAC_CTX_new(mac_alg.get())};
};

// Seals a ticket: returns the key name used.
std::array<unsigned char, 16> seal(TicketKeys& keys) {
  Ctx c;
  std::array<unsigned char, 16> name{};
  std::array<unsigned char, EVP_MAX_IV_LENGTH> iv{};
  EXPECT_EQ(keys.on_ticket(name.data(), iv.data(), c.cipher.get(), c.mac.get(), 1), 1);
  return name;
}

int open(TicketKeys& keys, std::array<unsigned char, 16> name) {
  Ctx c;
  std::array<unsigned char, EVP_MAX_IV_LENGTH> iv{};
  return keys.on_ticket(name.data(), iv.data(), c.cipher.get(), c.mac.get(), 0);
}

// A new key each rotation period; tickets under the previous key still open (and are renewed: 2), older
// ones do not (0: full handshake).
TEST(TicketKeys, RotateOnTheInjectedClock) {
  std::int64_t now = 1'000'000;
  TicketKeys keys(std::chrono::hours(1), [&] { return now; });
  const auto first = seal(keys);
  EXPECT_EQ(open(keys, first), 1);
  now += 3599;
  EXPECT_EQ(seal(keys), first);
  now += 1;
  const auto second = seal(keys);
  EXPECT_NE(second, first);
  EXPECT_EQ(keys.generation(), 2U);
  EXPECT_EQ(open(keys, first), 2);
  EXPECT_EQ(open(keys, second), 1);
  now += 3600;
  const auto third = seal(keys);
  EXPECT_EQ(open(keys, first), 0);
  EXPECT_EQ(open(keys, second), 2);
  EXPECT_EQ(open(keys, third), 1);
}

}  // namespace
}  // namespace certkeep::gateway
