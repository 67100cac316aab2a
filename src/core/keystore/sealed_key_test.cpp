// SealedKey: a PKCS#12 rewrite copies a shrouded key bag back while nothing that encrypted it changed,
// and encrypts the key again when the password, the key encryption or the key does; reading back
// takes a known bag as its key.
#include <stdexcept>

#include <gtest/gtest.h>

#include "core/keystore/reader.h"
#include "core/keystore/writer.h"
#include "core/x509/issue.h"

namespace certkeep {
namespace {

using Bytes = std::vector<std::uint8_t>;
constexpr UnixTime kNow = 1'800'000'000;

PrivateKey new_key() {
  auto key = generate_key(KeySpec{"EC", 0, "P-256"});
  EXPECT_TRUE(key);
  return *key;
}

Entry key_entry(const PrivateKey& key) {
  auto name = parse_distinguished_name("CN=sealed.example.test");
  EXPECT_TRUE(name);
  auto cert = self_signed(key, SelfSignedSpec{name->get(), {}, kNow, 30});
  EXPECT_TRUE(cert);
  Entry e;
  e.kind = EntryKind::key;
  e.alias = "gw";
  e.key = key;
  e.chain = {*cert};
  return e;
}

Bytes write(const Keystore& ks, const std::string& password, StoreProtection protection = default_protection()) {
  protection.keys.iterations = protection.certificates.iterations = protection.mac.iterations = 1000;
  auto bytes = write_keystore(ks, Format::pkcs12, WriteOptions{Secret(password), std::nullopt, protection, kNow});
  EXPECT_TRUE(bytes) << bytes.error().message;
  return bytes ? *bytes : Bytes{};
}

Keystore read(const Bytes& bytes, const std::string& password, std::span<const SealedKey> known = {}) {
  const std::vector<PasswordCandidate> pw{{Secret(password), false}};
  auto r = read_keystore(bytes, pw, ReadOptions{.defer_certificates = false, .known_keys = known});
  EXPECT_TRUE(r) << r.error().message;
  return r ? r->keystore : Keystore{};
}

SealedKey sealed(const Keystore& ks) {
  const auto& e = ks.entries.at(0);
  if (!e.sealed_key) throw std::runtime_error("entry '" + e.alias + "' has no sealed key");
  return *e.sealed_key;
}

class SealedKeys : public ::testing::Test {
 protected:
  const PrivateKey key_ = new_key();
  Keystore store_ = [this] {
    Keystore ks;
    ks.format = Format::pkcs12;
    ks.entries = {key_entry(key_)};
    return read(write(ks, "first-pw"), "first-pw");
  }();
};

TEST_F(SealedKeys, ARewriteWithTheSamePasswordAndEncryptionCopiesTheKeyBack) {
  const SealedKey before = sealed(store_);
  EXPECT_EQ(before.password.view(), "first-pw");
  auto protection = *store_.write_protection;
  const Keystore again = read(write(store_, "first-pw", protection), "first-pw");
  EXPECT_EQ(sealed(again).der, before.der);
  ASSERT_TRUE(again.entries.at(0).key);
  EXPECT_TRUE(again.entries.at(0).key->matches(again.entries.at(0).chain.at(0)));
}

TEST_F(SealedKeys, ANewPasswordEncryptionOrKeyEncryptsTheKeyAgain) {
  const Bytes stored = sealed(store_).der;
  EXPECT_NE(sealed(read(write(store_, "second-pw"), "second-pw")).der, stored);

  StoreProtection other = *store_.write_protection;
  other.keys.cipher_nid = NID_aes_128_cbc;
  EXPECT_NE(sealed(read(write(store_, "first-pw", other), "first-pw")).der, stored);

  Keystore replaced = store_;
  replaced.entries[0] = key_entry(new_key());
  replaced.entries[0].sealed_key = store_.entries[0].sealed_key;  // stale: belongs to the old key
  const Keystore back = read(write(replaced, "first-pw"), "first-pw");
  EXPECT_NE(sealed(back).der, stored);
  EXPECT_TRUE(back.entries.at(0).key->matches(back.entries.at(0).chain.at(0)));
}

TEST_F(SealedKeys, ReadingBackTakesAKnownBagAsItsKeyWithoutDecryptingIt) {
  const Bytes bytes = write(store_, "first-pw", *store_.write_protection);
  SealedKey known = sealed(store_);
  const PrivateKey marker = new_key();  // not the key in the bag: shows the bag was not decrypted
  known.key = marker;
  const std::vector<SealedKey> list{known};
  EXPECT_EQ(read(bytes, "first-pw", list).entries.at(0).key->pkey(), marker.pkey());
  known.password = Secret("not-a-candidate");
  const std::vector<SealedKey> foreign{known};
  EXPECT_NE(read(bytes, "first-pw", foreign).entries.at(0).key->pkey(), marker.pkey());
}

}  // namespace
}  // namespace certkeep
