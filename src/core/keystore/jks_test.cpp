// JKS and JCEKS stores as the JDK's keytool writes them, made at test time: passwords, integrity,
// key protection, and damaged copies of real stores.
#include <map>
#include <set>
#include <sstream>

#include <gtest/gtest.h>

#include "core/keystore/formats.h"
#include "core/keystore/jks_keys.h"
#include "core/keystore/jks_layout.h"
#include "core/keystore/jks_protection.h"
#include "core/keystore/reader.h"
#include "support/tools.h"

namespace certkeep {
namespace {

using test::sh;

constexpr const char* kStorePw = "st0re-pw";
constexpr const char* kKeyPw = "k3y-pass";

// keytool recipes, run on first use so each test pays only for the stores it reads (CTest runs every
// test in its own process).
const std::map<std::string, std::string>& recipes() {
  static const std::map<std::string, std::string> r = {
      {"trusted.jks",
       "ck_ca . RootCA ec:P-256\n"
       "keytool -importcert -noprompt -storetype JKS -keystore trusted.jks -storepass st0re-pw -alias Root "
       "-file RootCA.pem\n"},
      {"key.jceks",
       "keytool -genkeypair -storetype JCEKS -keystore key.jceks -storepass st0re-pw -alias ec -keyalg EC "
       "-groupname secp256r1 -dname CN=ec.example -validity 100\n"
       "keytool -genseckey -storetype JCEKS -keystore key.jceks -storepass st0re-pw -alias aes -keyalg AES "
       "-keysize 128\n"},
      {"keypass.jks",
       "keytool -genkeypair -storetype JKS -keystore keypass.jks -storepass st0re-pw -keypass k3y-pass -alias ec "
       "-keyalg EC -groupname secp256r1 -dname CN=ec.example -validity 100\n"},
  };
  return r;
}

class JksStores : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { dir_ = new test::TempDir(); }
  static void TearDownTestSuite() { delete dir_; }

  static std::vector<std::uint8_t> store(const std::string& name) {
    if (made_.insert(name).second) {
      before_ = system_now();
      const auto r = sh("set -e; . '" + test::fixture_lib() + "'; cd '" + dir_->path().string() + "'\n" +
                        recipes().at(name));
      EXPECT_EQ(r.exit_code, 0) << r.err;
    }
    return test::read_bytes(*dir_ / name);
  }
  static std::string path(const std::string& name) { return *dir_ / name; }

  static std::vector<PasswordCandidate> pw(std::initializer_list<const char*> list) {
    std::vector<PasswordCandidate> out;
    for (const char* p : list) out.push_back({Secret(p), false});
    return out;
  }

  static test::TempDir* dir_;
  static std::set<std::string> made_;
  static UnixTime before_;
};
test::TempDir* JksStores::dir_ = nullptr;
std::set<std::string> JksStores::made_;
UnixTime JksStores::before_ = 0;

TEST_F(JksStores, TrustedCertificateStore) {
  const auto bytes = store("trusted.jks");
  auto r = read_keystore(bytes, pw({kStorePw}));
  ASSERT_TRUE(r) << r.error().message;
  const auto& ks = r->keystore;
  EXPECT_EQ(ks.format, Format::jks);
  EXPECT_EQ(ks.protection, "JKS (SHA-1 keyed digest, proprietary key protection)");
  EXPECT_EQ(ks.integrity_verified, true);
  EXPECT_EQ(r->opened_with.candidate, 0U);
  EXPECT_FALSE(r->opened_with.well_known);
  ASSERT_EQ(ks.entries.size(), 1U);
  const auto& e = ks.entries[0];
  EXPECT_EQ(e.kind, EntryKind::trusted_certificate);
  EXPECT_EQ(e.alias, "root");  // the JDK lower-cases JKS aliases
  ASSERT_EQ(e.chain.size(), 1U);
  EXPECT_EQ(e.chain[0].details().fingerprints.sha256, test::openssl_fingerprint(path("RootCA.pem")));
  EXPECT_FALSE(e.key);
  ASSERT_TRUE(e.created);
  EXPECT_GE(*e.created, before_ - 1);
  EXPECT_LE(*e.created, system_now() + 1);
}

TEST_F(JksStores, FirstMatchingCandidateOpensTheStore) {
  const auto bytes = store("trusted.jks");
  auto candidates = pw({"nope", "changeit", kStorePw, "later"});
  candidates[2].well_known = true;
  auto r = read_keystore(bytes, candidates);
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->opened_with.candidate, 2U);
  EXPECT_TRUE(r->opened_with.well_known);
}

TEST_F(JksStores, WrongOrNoPasswordIsBadPassword) {
  const auto bytes = store("trusted.jks");
  for (const auto& candidates : {pw({"changeit", "St0re-pw", ""}), pw({})}) {
    auto r = read_keystore(bytes, candidates);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, ErrorCode::bad_password);
    EXPECT_EQ(r.error().message, "wrong password or corrupt keystore (integrity check failed)");
  }
}

TEST_F(JksStores, FlippedDigestOrContentByteIsBadPassword) {
  const auto bytes = store("trusted.jks");
  for (const std::size_t at : {bytes.size() - 1, bytes.size() - 20, bytes.size() - 100}) {
    auto damaged = bytes;
    damaged[at] ^= 0x01;
    auto r = read_keystore(damaged, pw({kStorePw}));
    ASSERT_FALSE(r) << "flipped byte at " << at;
    EXPECT_EQ(r.error().code, ErrorCode::bad_password) << r.error().message;
  }
}

TEST_F(JksStores, TruncationAtEveryOffsetIsMalformed) {
  for (const auto* name : {"trusted.jks", "key.jceks"}) {
    const auto bytes = store(name);
    const std::string expected = std::string("truncated ") + (bytes[0] == 0xCE ? "JCEKS" : "JKS") + " at offset ";
    for (std::size_t n = 1; n < bytes.size(); ++n) {
      const std::span<const std::uint8_t> prefix(bytes.data(), n);
      auto r = formats::read_jks(prefix, pw({kStorePw}));
      ASSERT_FALSE(r) << name << " cut at " << n;
      ASSERT_EQ(r.error().code, ErrorCode::malformed) << name << " cut at " << n << ": " << r.error().message;
      ASSERT_EQ(r.error().message.rfind(expected, 0), 0U) << name << " cut at " << n << ": " << r.error().message;
    }
  }
}

TEST_F(JksStores, EveryFlippedByteIsRejectedWithoutCrashing) {
  const std::set<ErrorCode> allowed = {ErrorCode::malformed, ErrorCode::bad_password, ErrorCode::unsupported};
  for (const auto* name : {"trusted.jks", "key.jceks"}) {
    const auto bytes = store(name);
    for (std::size_t at = 4; at < bytes.size(); ++at) {
      auto damaged = bytes;
      damaged[at] ^= 0xFF;
      auto r = formats::read_jks(damaged, pw({kStorePw}));
      ASSERT_FALSE(r) << name << " flipped at " << at;
      EXPECT_TRUE(allowed.contains(r.error().code)) << name << " flipped at " << at << ": " << r.error().message;
    }
  }
}

TEST_F(JksStores, TrailingBytesAreMalformed) {
  auto bytes = store("trusted.jks");
  const auto size = bytes.size();
  bytes.push_back(0);
  auto r = read_keystore(bytes, pw({kStorePw}));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::malformed);
  EXPECT_EQ(r.error().message, "1 unexpected bytes after the keystore digest at offset " + std::to_string(size));
}

TEST_F(JksStores, JceksKeyAndSecretKey) {
  auto r = read_keystore(store("key.jceks"), pw({"wrong", kStorePw}));
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->keystore.format, Format::jceks);
  EXPECT_EQ(r->keystore.protection, "JCEKS (SHA-1 keyed digest, PBEWithMD5AndTripleDES key protection)");
  EXPECT_EQ(r->opened_with.candidate, 1U);
  std::map<std::string, const Entry*> by_alias;
  for (const auto& e : r->keystore.entries) by_alias[e.alias] = &e;
  ASSERT_EQ(by_alias.size(), 2U);
  const Entry& key = *by_alias.at("ec");
  EXPECT_EQ(key.kind, EntryKind::key);
  ASSERT_TRUE(key.key);
  EXPECT_EQ(key.key->info().curve, "P-256");
  EXPECT_EQ(key.key_matches, true);
  ASSERT_EQ(key.chain.size(), 1U);
  EXPECT_EQ(key.chain[0].details().subject, "CN=ec.example");
  EXPECT_TRUE(key.warnings.empty());
  const Entry& secret = *by_alias.at("aes");
  EXPECT_EQ(secret.kind, EntryKind::secret_key);
  EXPECT_TRUE(secret.chain.empty());
  EXPECT_FALSE(secret.key);
  EXPECT_FALSE(secret.secret_algorithm);  // sealed inside the encrypted content
  EXPECT_TRUE(secret.created);
}

TEST_F(JksStores, KeyPasswordOtherThanStorePassword) {
  const auto bytes = store("keypass.jks");
  auto only_store = read_keystore(bytes, pw({kStorePw}));
  ASSERT_TRUE(only_store) << only_store.error().message;
  ASSERT_EQ(only_store->keystore.entries.size(), 1U);
  const auto& locked = only_store->keystore.entries[0];
  EXPECT_EQ(locked.kind, EntryKind::key);
  EXPECT_FALSE(locked.key);
  EXPECT_FALSE(locked.key_matches);
  EXPECT_EQ(locked.chain.size(), 1U);
  EXPECT_EQ(locked.warnings,
            std::vector<std::string>{"private key could not be decrypted: its key password differs from the store password"});

  auto both = read_keystore(bytes, pw({kKeyPw, kStorePw}));
  ASSERT_TRUE(both) << both.error().message;
  EXPECT_EQ(both->opened_with.candidate, 1U);
  const auto& open = both->keystore.entries[0];
  ASSERT_TRUE(open.key);
  EXPECT_EQ(open.key_matches, true);
  EXPECT_TRUE(open.warnings.empty());
}

// keytool's JCEKS keys cost 200,000 PBE iterations per attempt; a store's attempts share one budget.
TEST_F(JksStores, PbeWorkIsBudgetedPerStore) {
  const auto bytes = store("key.jceks");
  auto layout = jks::parse_layout(bytes);
  ASSERT_TRUE(layout) << layout.error().message;
  std::span<const std::uint8_t> protected_key;
  for (const auto& e : layout->entries)
    if (e.tag == jks::Tag::private_key) protected_key = e.protected_key;
  ASSERT_FALSE(protected_key.empty());
  const auto candidates = pw({"wrong", kStorePw});

  jks::PbeBudget budget;
  auto key = jks::recover_private_key(protected_key, candidates, 1, budget);
  ASSERT_TRUE(key) << key.error().message;
  EXPECT_EQ(key->candidate, 1U);
  EXPECT_EQ(budget.iterations_left, 10'000'000U - 200'000U);

  jks::PbeBudget small{399'999};
  key = jks::recover_private_key(protected_key, candidates, 0, small);  // "wrong" first: two attempts
  ASSERT_FALSE(key);
  EXPECT_EQ(key.error().code, ErrorCode::unsupported);
  EXPECT_EQ(key.error().message, "the keystore asks for more key derivation work than certkeep spends on one file");
  EXPECT_EQ(small.iterations_left, 199'999U);
}

std::vector<std::uint8_t> from_hex(const std::string& hex) {
  std::vector<std::uint8_t> out;
  for (std::size_t i = 0; i + 1 < hex.size(); i += 2)
    out.push_back(static_cast<std::uint8_t>(std::stoi(hex.substr(i, 2), nullptr, 16)));
  return out;
}

// SunJCE's own PBEWithMD5AndTripleDES encrypts; we decrypt. Equal salt halves take the JDK's special
// rule (the first half reversed); an iteration count of 1 and of 1000 cover the loop.
TEST(JksPbe, DecryptsWhatSunJceEncrypts) {
  test::TempDir dir;
  const std::string program =
      "import javax.crypto.*; import javax.crypto.spec.*; import java.util.HexFormat;\n"
      "public class Pbe { public static void main(String[] a) throws Exception {\n"
      "  for (int i = 0; i + 3 < a.length; i += 4) {\n"
      "    SecretKey k = SecretKeyFactory.getInstance(\"PBEWithMD5AndTripleDES\")"
      ".generateSecret(new PBEKeySpec(a[i+1].toCharArray()));\n"
      "    Cipher c = Cipher.getInstance(\"PBEWithMD5AndTripleDES\");\n"
      "    c.init(Cipher.ENCRYPT_MODE, k, new PBEParameterSpec(HexFormat.of().parseHex(a[i]), Integer.parseInt(a[i+2])));\n"
      "    System.out.println(HexFormat.of().formatHex(c.doFinal(a[i+3].getBytes(\"UTF-8\"))));\n"
      "  }\n}}\n";
  test::write_bytes(dir / "Pbe.java", {program.begin(), program.end()});
  struct Case {
    std::string salt, password;
    std::uint32_t iterations;
    std::string plaintext;
  };
  const std::vector<Case> cases = {{"0102030401020304", "st0re-pw", 1000, "equal salt halves"},
                                   {"0102030405060708", "st0re-pw", 1000, "a plaintext of more than one block"},
                                   {"a1b2c3d4a1b2c3d4", "", 1, "empty password, one iteration"}};
  std::string args;
  for (const auto& c : cases)
    args += " " + c.salt + " '" + c.password + "' " + std::to_string(c.iterations) + " '" + c.plaintext + "'";
  const auto r = sh("cd '" + dir.path().string() + "' && java Pbe.java" + args);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::istringstream lines(r.out);
  for (const auto& c : cases) {
    std::string hex;
    ASSERT_TRUE(std::getline(lines, hex));
    jks::PbeParameters params;
    const auto salt = from_hex(c.salt);
    std::copy(salt.begin(), salt.end(), params.salt.begin());
    params.iterations = c.iterations;
    const std::span<const std::uint8_t> password(reinterpret_cast<const std::uint8_t*>(c.password.data()),
                                                 c.password.size());
    auto plain = jks::pbe_md5_3des_decrypt(from_hex(hex), params, password);
    ASSERT_TRUE(plain) << plain.error().message;
    ASSERT_TRUE(*plain) << "bad padding for salt " << c.salt;
    const auto view = (*plain)->view();
    EXPECT_EQ(std::string(view.begin(), view.end()), c.plaintext);
  }
}

}  // namespace
}  // namespace certkeep
