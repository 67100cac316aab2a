// JKS and JCEKS stores written by the JDK's keytool, read by certkeep (library and binary), compared
// with what `keytool -list -v` prints for the same store: aliases, entry types, chain lengths and
// SHA-256 fingerprints.
#include <nlohmann/json.hpp>

#include <gtest/gtest.h>

#include "core/keystore/reader.h"
#include "support/keytool.h"
#include "support/tools.h"

namespace certkeep {
namespace {

using test::sh;

constexpr const char* kStorePw = "st0re-pw";

using test::Listing;
using test::Seen;

Listing from_json(const nlohmann::json& file) {
  Listing listing;
  for (const auto& e : file["entries"]) {
    Seen s{test::keytool_type(e["kind"].get<std::string>()), e["chain"].size(), {}};
    for (const auto& c : e["chain"]) s.sha256.push_back(c["fingerprints"]["sha256"].get<std::string>());
    listing[e["alias"].get<std::string>()] = s;
  }
  return listing;
}

class KeytoolStores : public ::testing::Test {
 protected:
  // Runs `script` in the test directory with lib.sh loaded and $KT set to keytool on `store` of `type`.
  void run(const std::string& type, const std::string& store, const std::string& script,
           const std::string& password = kStorePw) {
    const auto r = test::keytool_script(dir_, type, store, script, password);
    ASSERT_EQ(r.exit_code, 0) << r.err;
  }

  // Key pairs of every algorithm, a CA-signed chain of three, two trusted CA certificates.
  void make_full_store(const std::string& type, const std::string& store) {
    run(type, store, test::full_store_recipe());
  }

  Listing keytool_listing(const std::string& type, const std::string& store, const std::string& pw = kStorePw) {
    const auto r = test::keytool_list(dir_, type, store, pw);
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return test::parse_keytool(r.out);
  }

  Result<ReadResult> read(const std::string& store, const std::string& pw = kStorePw) {
    const auto candidates = password_candidates(Secret(pw));
    return read_keystore(test::read_bytes(dir_ / store), candidates);
  }

  test::RunResult inspect_json(const std::string& store, const std::string& pw = kStorePw) {
    return sh("cd '" + dir_.path().string() + "' && CK_PW='" + pw + "' '" + CERTKEEP_BINARY +
              "' inspect --json --password-env CK_PW " + store);
  }

  // The library and the binary list exactly what keytool lists; keys decrypt and match their leaves.
  void expect_same_as_keytool(const std::string& type, const std::string& store, std::size_t entries) {
    const auto expected = keytool_listing(type, store);
    ASSERT_EQ(expected.size(), entries);
    auto r = read(store);
    ASSERT_TRUE(r) << r.error().message;
    EXPECT_EQ(std::string(to_string(r->keystore.format)), type);
    EXPECT_EQ(r->keystore.integrity_verified, true);
    EXPECT_EQ(test::listing_of(r->keystore), expected);
    for (const auto& e : r->keystore.entries) {
      if (e.kind != EntryKind::key) continue;
      EXPECT_TRUE(e.key) << e.alias;
      EXPECT_EQ(e.key_matches, true) << e.alias;
      EXPECT_TRUE(e.warnings.empty()) << e.alias;
    }
    const auto cli = inspect_json(store);
    EXPECT_EQ(cli.exit_code, 0) << cli.err;
    const auto doc = nlohmann::json::parse(cli.out);
    ASSERT_EQ(doc["files"].size(), 1U);
    const auto& file = doc["files"][0];
    EXPECT_EQ(file["format"], type);
    EXPECT_EQ(file["password"], "supplied");
    EXPECT_EQ(file["integrity_verified"], true);
    EXPECT_EQ(from_json(file), expected);
  }

  const Entry& entry(const ReadResult& r, const std::string& alias) {
    for (const auto& e : r.keystore.entries)
      if (e.alias == alias) return e;
    ADD_FAILURE() << "no entry " << alias;
    static const Entry none;
    return none;
  }

  void expect_key(const ReadResult& r, const std::string& alias, const std::string& algorithm, int bits,
                  const std::optional<std::string>& curve = std::nullopt) {
    const auto& e = entry(r, alias);
    ASSERT_TRUE(e.key) << alias;
    EXPECT_EQ(e.key->info().algorithm, algorithm) << alias;
    EXPECT_EQ(e.key->info().bits, bits) << alias;
    EXPECT_EQ(e.key->info().curve, curve) << alias;
  }

  void expect_every_algorithm_and_chain(const std::string& store) {
    auto r = read(store);
    ASSERT_TRUE(r) << r.error().message;
    expect_key(*r, "rsa", "RSA", 2048);
    expect_key(*r, "ec256", "EC", 256, "P-256");
    expect_key(*r, "ec384", "EC", 384, "P-384");
    expect_key(*r, "ed", "Ed25519", 256);
    const auto& chain = entry(*r, "signed").chain;
    ASSERT_EQ(chain.size(), 3U);
    EXPECT_EQ(chain[0].details().fingerprints.sha256, test::openssl_fingerprint(dir_ / "signed.pem"));
    EXPECT_EQ(chain[1].details().fingerprints.sha256, test::openssl_fingerprint(dir_ / "inter.pem"));
    EXPECT_EQ(chain[2].details().fingerprints.sha256, test::openssl_fingerprint(dir_ / "RootCA.pem"));
    EXPECT_EQ(entry(*r, "root").kind, EntryKind::trusted_certificate);
  }

  void expect_wrong_password_exit_3(const std::string& store) {
    const auto cli = inspect_json(store, "not-the-password");
    EXPECT_EQ(cli.exit_code, 3) << cli.out;
    EXPECT_NE(cli.err.find(store + ": wrong password or corrupt keystore (integrity check failed)"), std::string::npos)
        << cli.err;
    EXPECT_EQ(cli.err.find("not-the-password"), std::string::npos) << "a password reached the output";
  }

  test::TempDir dir_;
};

TEST_F(KeytoolStores, JksMatchesKeytool) {
  make_full_store("JKS", "store.jks");
  expect_same_as_keytool("JKS", "store.jks", 7);
  expect_every_algorithm_and_chain("store.jks");
  expect_wrong_password_exit_3("store.jks");
}

TEST_F(KeytoolStores, JceksMatchesKeytool) {
  make_full_store("JCEKS", "store.jceks");
  run("JCEKS", "store.jceks", "$KT -genseckey -alias aes -keyalg AES -keysize 128\n");
  expect_same_as_keytool("JCEKS", "store.jceks", 8);
  expect_every_algorithm_and_chain("store.jceks");
  auto r = read("store.jceks");
  ASSERT_TRUE(r);
  EXPECT_EQ(entry(*r, "aes").kind, EntryKind::secret_key);
  EXPECT_TRUE(entry(*r, "aes").created);
  expect_wrong_password_exit_3("store.jceks");
}

// A key password other than the store password: unknown, the key stays locked with a warning; a
// well-known default, certkeep finds it (JCEKS exercises PBE's padding check on the wrong candidate).
TEST_F(KeytoolStores, KeyPasswordOtherThanStorePassword) {
  run("JKS", "locked.jks", "$KT -genkeypair -alias locked -keypass k3y-pass -keyalg RSA -dname CN=locked -validity 200\n");
  run("JCEKS", "default.jceks",
      "$KT -genkeypair -alias dflt -keypass changeit -keyalg EC -groupname secp384r1 -dname CN=dflt -validity 200\n");
  EXPECT_EQ(test::listing_of(read("locked.jks")->keystore), keytool_listing("JKS", "locked.jks"));

  const auto locked = inspect_json("locked.jks");
  EXPECT_EQ(locked.exit_code, 0) << locked.err;
  const auto locked_entry = nlohmann::json::parse(locked.out)["files"][0]["entries"][0];
  EXPECT_EQ(locked_entry["kind"], "key");
  EXPECT_TRUE(locked_entry["private_key"].is_null());
  EXPECT_EQ(locked_entry["chain"].size(), 1U);
  EXPECT_EQ(locked_entry["warnings"][0],
            "private key could not be decrypted: its key password differs from the store password");

  const auto opened = inspect_json("default.jceks");
  EXPECT_EQ(opened.exit_code, 0) << opened.err;
  const auto file = nlohmann::json::parse(opened.out)["files"][0];
  EXPECT_EQ(file["password"], "supplied");
  EXPECT_EQ(file["entries"][0]["private_key"]["curve"], "P-384");
  EXPECT_EQ(file["entries"][0]["key_matches_certificate"], true);
  EXPECT_EQ(from_json(file), keytool_listing("JCEKS", "default.jceks"));
}

// Aliases outside ASCII (stored as modified UTF-8 with surrogate pairs) and a password that is not
// ASCII (hashed as Java's UTF-16 chars).
TEST_F(KeytoolStores, UnicodeAliasAndPassword) {
  const std::string pw = "p\xC3\xA4sswort-\xE2\x82\xAC";
  run("JKS", "unicode.jks",
      "$KT -genkeypair -alias 'cl\xC3\xA9-\xF0\x9F\x98\x80' -keyalg EC -groupname secp256r1 -dname CN=u -validity 200\n", pw);
  const auto expected = keytool_listing("JKS", "unicode.jks", pw);
  ASSERT_EQ(expected.size(), 1U);
  EXPECT_EQ(expected.begin()->first, "cl\xC3\xA9-\xF0\x9F\x98\x80");
  auto r = read("unicode.jks", pw);
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(test::listing_of(r->keystore), expected);
  EXPECT_TRUE(r->keystore.entries.at(0).key);
}

}  // namespace
}  // namespace certkeep
