// Writing JKS and JCEKS: keys and certificates made by the openssl CLI (tests/data/lib.sh) and a secret
// key made by keytool are written by certkeep and read back by certkeep's reader; the refusals are a
// table of exact errors. keytool reading what certkeep writes: tests/interop/jks_write_interop_test.cpp.
#include <algorithm>
#include <functional>

#include <gtest/gtest.h>

#include "core/keystore/jks_text.h"
#include "core/keystore/reader.h"
#include "core/keystore/writer.h"
#include "core/ossl/ptr.h"
#include "support/keytool.h"
#include "support/tools.h"

namespace certkeep {
namespace {

using test::sh;
using Bytes = std::vector<std::uint8_t>;

constexpr const char* kStorePw = "st0re-pw";
constexpr UnixTime kNow = 1'800'000'000;  // 2027-01-15
constexpr UnixTime kCreated = 1'700'000'000;

std::vector<PasswordCandidate> pw(std::initializer_list<std::string> list) {
  std::vector<PasswordCandidate> out;
  for (const auto& p : list) out.push_back({Secret(p), false});
  return out;
}

WriteOptions options(const std::string& password, std::uint32_t iterations = 1000) {
  WriteOptions o;
  o.password = Secret(password);
  o.protection.keys.iterations = iterations;
  o.now = kNow;
  return o;
}

// The private key's PKCS#8 encoding: equal encodings, equal keys.
Bytes pkcs8(const PrivateKey& key) {
  unsigned char* der = nullptr;
  const int n = i2d_PrivateKey(key.pkey(), &der);
  const ossl::OpensslBytes owned(der);
  return n > 0 ? Bytes(der, der + n) : Bytes{};
}

std::vector<std::string> fingerprints(const Entry& e) {
  std::vector<std::string> out;
  for (const auto& c : e.chain) out.push_back(c.details().fingerprints.sha256);
  return out;
}

class JksWrite : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new test::TempDir();
    const auto r = sh("set -e; . '" + test::fixture_lib() + "'; cd '" + dir_->path().string() + "'\n" +
                      test::key_chains_recipe() +
                      "keytool -genseckey -storetype JCEKS -keystore secret.jceks -storepass st0re-pw -alias aes "
                      "-keyalg AES -keysize 128 2>/dev/null\n");
    ASSERT_EQ(r.exit_code, 0) << r.err;
  }
  static void TearDownTestSuite() { delete dir_; }

  static Entry pem_entry(const std::string& file, const std::string& alias) {
    return test::pem_entry(*dir_ / file, alias);
  }

  static Entry secret_entry() {
    auto r = read_keystore(test::read_bytes(*dir_ / "secret.jceks"), pw({kStorePw}));
    EXPECT_TRUE(r) << r.error().message;
    return r ? r->keystore.entries.at(0) : Entry{};
  }

  // Key entries of every algorithm (RSA with a chain of three), a trusted CA and a bare certificate.
  static Keystore full_store() {
    Keystore ks;
    ks.entries = {pem_entry("rsa-chain.pem", "RSA-Server"), pem_entry("ec256-chain.pem", "ec256"),
                  pem_entry("ec384-chain.pem", "ec384"), pem_entry("ed-chain.pem", "ed"),
                  pem_entry("RootCA.pem", "Root CA"), pem_entry("inter.pem", "inter")};
    ks.entries[4].kind = EntryKind::trusted_certificate;
    ks.entries[1].created = kCreated;
    return ks;
  }

  static ReadResult round_trip(const Keystore& ks, Format format, const WriteOptions& o,
                               const std::vector<PasswordCandidate>& candidates) {
    auto bytes = write_keystore(ks, format, o);
    EXPECT_TRUE(bytes) << bytes.error().message;
    if (!bytes) return {};
    auto r = read_keystore(*bytes, candidates);
    EXPECT_TRUE(r) << r.error().message;
    return r ? std::move(*r) : ReadResult{};
  }

  // What was written is what is read: lower-cased aliases, kinds, chains, keys and dates.
  static void expect_same_entries(const Keystore& written, const Keystore& read) {
    ASSERT_EQ(read.entries.size(), written.entries.size());
    for (std::size_t i = 0; i < read.entries.size(); ++i) {
      const auto& w = written.entries[i];
      const auto& r = read.entries[i];
      EXPECT_EQ(r.alias, jks::java_lower_case(w.alias));
      const bool key = w.kind == EntryKind::key;
      EXPECT_EQ(r.kind, key ? EntryKind::key : EntryKind::trusted_certificate) << w.alias;
      EXPECT_EQ(fingerprints(r), key ? fingerprints(w) : std::vector{fingerprints(w).front()}) << w.alias;
      EXPECT_EQ(r.created, w.created.value_or(kNow)) << w.alias;
      EXPECT_TRUE(r.warnings.empty()) << w.alias;
      if (!key) continue;
      ASSERT_TRUE(r.key) << w.alias;
      EXPECT_EQ(r.key_matches, true) << w.alias;
      EXPECT_EQ(pkcs8(*r.key), pkcs8(*w.key)) << w.alias;
    }
  }

  static test::TempDir* dir_;
};
test::TempDir* JksWrite::dir_ = nullptr;

TEST_F(JksWrite, JksRoundTrip) {
  const auto ks = full_store();
  const auto r = round_trip(ks, Format::jks, options(kStorePw), pw({kStorePw}));
  EXPECT_EQ(r.keystore.format, Format::jks);
  EXPECT_EQ(r.keystore.integrity_verified, true);
  EXPECT_FALSE(r.keystore.write_protection);
  expect_same_entries(ks, r.keystore);
  EXPECT_EQ(r.keystore.entries[0].alias, "rsa-server");
  EXPECT_EQ(r.keystore.entries[0].chain.size(), 3U);
  EXPECT_EQ(r.keystore.entries[3].key->info().algorithm, "Ed25519");
}

TEST_F(JksWrite, JceksRoundTripKeepsIterationsAndSecretKeys) {
  auto ks = full_store();
  ks.entries.push_back(secret_entry());
  const auto r = round_trip(ks, Format::jceks, options(kStorePw, 2048), pw({kStorePw}));
  EXPECT_EQ(r.keystore.format, Format::jceks);
  EXPECT_EQ(r.keystore.integrity_verified, true);
  ASSERT_TRUE(r.keystore.write_protection);
  EXPECT_EQ(r.keystore.write_protection->keys.iterations, 2048U);
  ks.entries.pop_back();
  auto read = r.keystore;
  ASSERT_EQ(read.entries.size(), 7U);
  const auto secret = read.entries.back();
  read.entries.pop_back();
  expect_same_entries(ks, read);
  EXPECT_EQ(secret.kind, EntryKind::secret_key);
  EXPECT_EQ(secret.alias, "aes");
  EXPECT_EQ(secret.opaque, secret_entry().opaque);
  EXPECT_EQ(secret.created, secret_entry().created);
}

TEST_F(JksWrite, JceksWithoutIterationsUsesTheJdkDefault) {
  Keystore ks;
  ks.entries = {pem_entry("ec256-chain.pem", "ec")};
  const auto r = round_trip(ks, Format::jceks, options(kStorePw, 0), pw({kStorePw}));
  ASSERT_TRUE(r.keystore.write_protection);
  EXPECT_EQ(r.keystore.write_protection->keys.iterations, 200'000U);
  EXPECT_TRUE(r.keystore.entries.at(0).key);
}

TEST_F(JksWrite, ReaderKeepsSecretKeyBytesAndJceksIterations) {
  const auto bytes = test::read_bytes(*dir_ / "secret.jceks");
  auto r = read_keystore(bytes, pw({kStorePw}));
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_FALSE(r->keystore.write_protection);  // no key entry to take the iteration count from
  const auto& opaque = r->keystore.entries.at(0).opaque;
  ASSERT_GT(opaque.size(), 4U);
  EXPECT_EQ(Bytes(opaque.begin(), opaque.begin() + 4), (Bytes{0xAC, 0xED, 0x00, 0x05}));
  // Rewritten unchanged: the same bytes but for the digest, as the date survives in whole seconds.
  WriteOptions o = options(kStorePw);
  auto again = write_keystore(r->keystore, Format::jceks, o);
  ASSERT_TRUE(again) << again.error().message;
  EXPECT_EQ(again->size(), bytes.size());
  const auto sealed_at = static_cast<std::ptrdiff_t>(bytes.size() - 20 - opaque.size());
  EXPECT_TRUE(std::equal(opaque.begin(), opaque.end(), again->begin() + sealed_at));
}

TEST_F(JksWrite, KeyPasswordOtherThanStorePassword) {
  Keystore ks;
  ks.entries = {pem_entry("ec384-chain.pem", "locked")};
  for (const auto format : {Format::jks, Format::jceks}) {
    auto o = options(kStorePw);
    o.key_password = Secret("k3y-pass");
    auto bytes = write_keystore(ks, format, o);
    ASSERT_TRUE(bytes) << bytes.error().message;
    auto store_only = read_keystore(*bytes, pw({kStorePw}));
    ASSERT_TRUE(store_only) << store_only.error().message;
    const auto& locked = store_only->keystore.entries.at(0);
    EXPECT_FALSE(locked.key);
    ASSERT_EQ(locked.warnings.size(), 1U);
    EXPECT_EQ(locked.warnings[0], "private key could not be decrypted: its key password differs from the store password");
    auto both = read_keystore(*bytes, pw({kStorePw, "k3y-pass"}));
    ASSERT_TRUE(both) << both.error().message;
    ASSERT_TRUE(both->keystore.entries.at(0).key);
    EXPECT_EQ(pkcs8(*both->keystore.entries[0].key), pkcs8(*ks.entries[0].key));
  }
}

// The store password enters the digest as Java's UTF-16 chars; JKS keys take any password, JCEKS keys
// only printable ASCII, as the JDK's PBE key does.
TEST_F(JksWrite, Utf8Passwords) {
  const std::string utf8 = "p\xC3\xA4sswort-\xE2\x82\xAC-\xF0\x9F\x98\x80";
  Keystore ks;
  ks.entries = {pem_entry("ed-chain.pem", "Cl\xC3\x89-\xF0\x9F\x98\x80"), pem_entry("RootCA.pem", "root")};
  const auto jks = round_trip(ks, Format::jks, options(utf8), pw({utf8}));
  expect_same_entries(ks, jks.keystore);
  EXPECT_EQ(jks.keystore.entries.at(0).alias, "cl\xC3\xA9-\xF0\x9F\x98\x80");

  auto ascii_key = options(utf8);
  ascii_key.key_password = Secret("k3y-pass");
  const auto jceks = round_trip(ks, Format::jceks, ascii_key, pw({utf8, "k3y-pass"}));
  expect_same_entries(ks, jceks.keystore);

  auto refused = write_keystore(ks, Format::jceks, options(utf8));
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::invalid);
  EXPECT_EQ(refused.error().message, "JCEKS key passwords must be printable ASCII (the JDK refuses others)");
}

TEST_F(JksWrite, EmptyStore) {
  auto bytes = write_keystore(Keystore{}, Format::jks, options(kStorePw));
  ASSERT_TRUE(bytes);
  ASSERT_EQ(bytes->size(), 32U);
  EXPECT_EQ(Bytes(bytes->begin(), bytes->begin() + 12), (Bytes{0xFE, 0xED, 0xFE, 0xED, 0, 0, 0, 2, 0, 0, 0, 0}));
  auto r = read_keystore(*bytes, pw({kStorePw}));
  ASSERT_TRUE(r);
  EXPECT_TRUE(r->keystore.entries.empty());
}

// Each row: the entries, the target format, the exact error.
struct Refusal {
  std::string name;
  std::function<std::vector<Entry>()> entries;
  Format format;
  ErrorCode code;
  std::string message;
};

TEST_F(JksWrite, Refusals) {
  const auto kind = [](Entry e, EntryKind k) {
    e.kind = k;
    return e;
  };
  const auto no_key = [](Entry e) {
    e.key.reset();
    return e;
  };
  const auto lone_key = [&] { return kind(pem_entry("ed-chain.pem", "lonely"), EntryKind::private_key); };
  const auto trusted = [&](const std::string& alias) { return pem_entry("RootCA.pem", alias); };
  Entry csr;
  csr.kind = EntryKind::csr;
  csr.alias = "request";
  Entry foreign_secret;
  foreign_secret.kind = EntryKind::secret_key;
  foreign_secret.alias = "from-p12";
  foreign_secret.opaque = {0x30, 0x03, 0x02, 0x01, 0x00};
  const std::vector<Refusal> rows = {
      {"lone private key", [&] { return std::vector{lone_key()}; }, Format::jks, ErrorCode::unsupported,
       "JKS cannot hold a private key without its certificate: entry 'lonely'"},
      {"request", [&] { return std::vector{csr}; }, Format::jceks, ErrorCode::unsupported,
       "JCEKS cannot hold a certificate request: entry 'request'"},
      {"secret key in JKS", [&] { return std::vector{secret_entry()}; }, Format::jks, ErrorCode::unsupported,
       "JKS cannot hold a secret key (JCEKS can): entry 'aes'"},
      {"secret key without bytes", [&] { return std::vector{kind(trusted("s"), EntryKind::secret_key)}; },
       Format::jceks, ErrorCode::unsupported,
       "secret key 's' was not read from a JCEKS store, and certkeep copies secret keys only between stores of "
       "the same format"},
      {"secret key from PKCS#12", [&] { return std::vector{foreign_secret}; }, Format::jceks, ErrorCode::unsupported,
       "secret key 'from-p12' was not read from a JCEKS store, and certkeep copies secret keys only between "
       "stores of the same format"},
      {"locked key", [&] { return std::vector{no_key(pem_entry("ec256-chain.pem", "web"))}; }, Format::jks,
       ErrorCode::invalid, "key entry 'web' has no decrypted private key"},
      {"key without chain", [&] { auto e = pem_entry("ec256-chain.pem", "web"); e.chain.clear(); return std::vector{e}; },
       Format::jks, ErrorCode::invalid, "key entry 'web' has no certificate chain"},
      {"empty alias", [&] { return std::vector{trusted("a"), trusted("")}; }, Format::jks, ErrorCode::invalid,
       "entry 2 (certificate) has no alias: JKS needs one for every entry"},
      {"same alias ignoring case", [&] { return std::vector{trusted("Web"), trusted("b"), trusted("wEB")}; },
       Format::jceks, ErrorCode::invalid, "aliases 'Web' and 'wEB' are the same ignoring case: JCEKS needs unique aliases"},
      {"same alias ignoring Unicode case", [&] { return std::vector{trusted("CL\xC3\x89"), trusted("cl\xC3\xA9")}; },
       Format::jks, ErrorCode::invalid,
       "aliases 'CL\xC3\x89' and 'cl\xC3\xA9' are the same ignoring case: JKS needs unique aliases"},
      {"alias too long", [&] { return std::vector{trusted(std::string(70'000, 'a'))}; }, Format::jks,
       ErrorCode::invalid, "alias of entry 1 is longer than the 65535 bytes JKS allows"},
  };
  for (const auto& row : rows) {
    Keystore ks;
    ks.entries = row.entries();
    auto r = write_keystore(ks, row.format, options(kStorePw));
    ASSERT_FALSE(r) << row.name;
    EXPECT_EQ(r.error().code, row.code) << row.name;
    EXPECT_EQ(r.error().message, row.message) << row.name;
  }
}

TEST_F(JksWrite, TooManyIterationsForTheJdk) {
  Keystore ks;
  ks.entries = {pem_entry("ec256-chain.pem", "web")};
  auto r = write_keystore(ks, Format::jceks, options(kStorePw, 5'000'001));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::invalid);
  EXPECT_EQ(r.error().message, "JCEKS key protection with 5000001 iterations: the JDK reads at most 5000000");
}

TEST_F(JksWrite, SaltsAreFresh) {
  Keystore ks;
  ks.entries = {pem_entry("ec256-chain.pem", "web")};
  for (const auto format : {Format::jks, Format::jceks}) {
    auto a = write_keystore(ks, format, options(kStorePw));
    auto b = write_keystore(ks, format, options(kStorePw));
    ASSERT_TRUE(a && b);
    EXPECT_NE(*a, *b);
  }
}

TEST(JksText, ModifiedUtf8AndLowerCase) {
  EXPECT_EQ(jks::utf8_to_modified_utf8(std::string("a\0b", 3)), (Bytes{'a', 0xC0, 0x80, 'b'}));
  EXPECT_EQ(jks::utf8_to_modified_utf8("\xF0\x9F\x98\x80"), (Bytes{0xED, 0xA0, 0xBD, 0xED, 0xB8, 0x80}));
  EXPECT_EQ(jks::modified_utf8_to_utf8(jks::utf8_to_modified_utf8("cl\xC3\xA9-\xE2\x82\xAC-\xF0\x9F\x98\x80")),
            "cl\xC3\xA9-\xE2\x82\xAC-\xF0\x9F\x98\x80");
  EXPECT_EQ(jks::java_lower_case("Web-SERVER \xC3\x89\xCE\xA9\xD0\x96"), "web-server \xC3\xA9\xCF\x89\xD0\xB6");
}

}  // namespace
}  // namespace certkeep
