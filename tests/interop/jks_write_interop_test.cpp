// JKS and JCEKS stores written by certkeep, opened by the JDK's keytool: `keytool -list -v` shows the
// aliases (lower-cased, as the JDK stores them), entry types, chains and fingerprints certkeep wrote, and
// `keytool -importkeystore` to PKCS#12 hands `openssl pkcs12` the very private keys certkeep wrote.
// The other direction: stores keytool made, read and written back by certkeep, list identically.
#include <gtest/gtest.h>

#include "core/keystore/jks_text.h"
#include "core/keystore/reader.h"
#include "core/keystore/writer.h"
#include "support/keytool.h"
#include "support/tools.h"

namespace certkeep {
namespace {

using test::Listing;

constexpr const char* kStorePw = "st0re-pw";
constexpr const char* kKeyPw = "k3y-pass";
constexpr UnixTime kNow = 1'800'000'000;

std::string type_of(Format f) { return std::string(to_string(f)); }

WriteOptions options(const std::string& password, const std::optional<std::string>& key_password = std::nullopt) {
  WriteOptions o;
  o.password = Secret(password);
  if (key_password) o.key_password = Secret(*key_password);
  o.protection = default_protection(true);
  o.now = kNow;
  return o;
}

class JksWriteInterop : public ::testing::Test {
 protected:
  void SetUp() override {
    shell(test::key_chains_recipe());
  }

  void shell(const std::string& script) {
    const auto r = test::sh("set -e; . '" + test::fixture_lib() + "'; cd '" + dir_.path().string() + "'\n" + script);
    ASSERT_EQ(r.exit_code, 0) << r.err;
  }

  void keytool(const std::string& type, const std::string& store, const std::string& script,
               const std::string& password = kStorePw) {
    const auto r = test::keytool_script(dir_, type, store, script, password);
    ASSERT_EQ(r.exit_code, 0) << r.err;
  }

  Listing keytool_listing(const std::string& type, const std::string& store, const std::string& pw = kStorePw) {
    const auto r = test::keytool_list(dir_, type, store, pw);
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return test::parse_keytool(r.out);
  }

  Entry pem_entry(const std::string& file, const std::string& alias, EntryKind kind) {
    Entry e = test::pem_entry(dir_ / file, alias);
    e.kind = kind;
    return e;
  }

  // Keys of every algorithm (RSA with a chain of three), a trusted CA and a bare certificate.
  Keystore openssl_store() {
    Keystore ks;
    ks.entries = {pem_entry("rsa-chain.pem", "RSA-Server", EntryKind::key),
                  pem_entry("ec256-chain.pem", "ec256", EntryKind::key),
                  pem_entry("ec384-chain.pem", "EC384", EntryKind::key),
                  pem_entry("ed-chain.pem", "ed", EntryKind::key),
                  pem_entry("RootCA.pem", "Root CA", EntryKind::trusted_certificate),
                  pem_entry("inter.pem", "Intermediate", EntryKind::certificate)};
    return ks;
  }

  // What keytool should list for `ks` written as JKS or JCEKS.
  static Listing expected_listing(Keystore ks) {
    for (auto& e : ks.entries) {
      e.alias = jks::java_lower_case(e.alias);
      if (e.kind == EntryKind::certificate) e.kind = EntryKind::trusted_certificate;
    }
    return test::listing_of(ks);
  }

  void write(const Keystore& ks, Format format, const std::string& store, const WriteOptions& o) {
    auto bytes = write_keystore(ks, format, o);
    ASSERT_TRUE(bytes) << bytes.error().message;
    test::write_bytes(dir_ / store, *bytes);
  }

  Keystore read(const std::string& store, const std::string& pw = kStorePw) {
    auto r = read_keystore(test::read_bytes(dir_ / store), password_candidates(Secret(pw)));
    EXPECT_TRUE(r) << r.error().message;
    return r ? r->keystore : Keystore{};
  }

  // The public key of entry `alias` as openssl sees it after keytool moved the entry into a PKCS#12.
  std::string public_key_through_pkcs12(const std::string& type, const std::string& store, const std::string& alias,
                                        const std::string& store_pw = kStorePw, const std::string& key_pw = kStorePw) {
    const auto r = test::sh("cd '" + dir_.path().string() + "' && rm -f out.p12 && LC_ALL=C.UTF-8 CK_SRC='" + store_pw +
                            "' CK_KEY='" + key_pw + "' CK_DST=p12-pass keytool -importkeystore -noprompt -srcstoretype " +
                            type + " -srckeystore " + store + " -srcstorepass:env CK_SRC -srckeypass:env CK_KEY " +
                            "-srcalias '" + alias + "' -deststoretype PKCS12 -destkeystore out.p12 " +
                            "-deststorepass:env CK_DST && openssl pkcs12 -in out.p12 -nocerts -nodes -passin pass:p12-pass "
                            "| openssl pkey -pubout");
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(r.out.find("BEGIN PUBLIC KEY"), std::string::npos) << alias;
    return r.out;
  }

  std::string public_key_of(const std::string& key_file) {
    return test::sh("openssl pkey -in '" + (dir_ / key_file) + "' -pubout").out;
  }

  test::TempDir dir_;
};

TEST_F(JksWriteInterop, KeytoolListsWhatCertkeepWrote) {
  const auto ks = openssl_store();
  for (const auto format : {Format::jks, Format::jceks}) {
    const std::string store = "certkeep." + type_of(format);
    write(ks, format, store, options(kStorePw));
    const auto listing = keytool_listing(type_of(format), store);
    EXPECT_EQ(listing, expected_listing(ks)) << store;
    EXPECT_EQ(listing.at("rsa-server").chain_length, 3U);
    EXPECT_EQ(listing.at("root ca").type, "trustedCertEntry");
    EXPECT_EQ(listing.at("intermediate").type, "trustedCertEntry");
  }
}

TEST_F(JksWriteInterop, KeytoolExportsTheKeysCertkeepWrote) {
  const auto ks = openssl_store();
  for (const auto format : {Format::jks, Format::jceks}) {
    const std::string store = "keypass." + type_of(format);
    write(ks, format, store, options(kStorePw, kKeyPw));
    for (const std::string key : {"rsa", "ec256", "ec384", "ed"}) {
      const std::string alias = key == "rsa" ? "rsa-server" : key;
      EXPECT_EQ(public_key_through_pkcs12(type_of(format), store, alias, kStorePw, kKeyPw), public_key_of(key + ".key"))
          << store << " " << alias;
    }
  }
}

// A password and an alias outside ASCII: keytool finds the alias lower-cased (JKS keys accept any
// password; JCEKS keys need ASCII, so only the store password is not).
TEST_F(JksWriteInterop, Utf8PasswordAndAlias) {
  const std::string pw = "p\xC3\xA4sswort-\xE2\x82\xAC";
  Keystore ks;
  ks.entries = {pem_entry("ec256-chain.pem", "CL\xC3\x89-\xF0\x9F\x98\x80", EntryKind::key)};
  write(ks, Format::jks, "utf8.jks", options(pw));
  write(ks, Format::jceks, "utf8.jceks", options(pw, kKeyPw));
  EXPECT_EQ(keytool_listing("JKS", "utf8.jks", pw), expected_listing(ks));
  EXPECT_EQ(keytool_listing("JCEKS", "utf8.jceks", pw), expected_listing(ks));
  const std::string alias = "cl\xC3\xA9-\xF0\x9F\x98\x80";
  EXPECT_EQ(public_key_through_pkcs12("JKS", "utf8.jks", alias, pw, pw), public_key_of("ec256.key"));
  EXPECT_EQ(public_key_through_pkcs12("JCEKS", "utf8.jceks", alias, pw, kKeyPw), public_key_of("ec256.key"));
}

// Stores keytool made (keys of every algorithm, a CA-signed chain, trusted CAs; JCEKS also a secret
// key), read by certkeep and written back with their own protection: keytool lists them as before, and
// the keys and the secret key still open.
TEST_F(JksWriteInterop, KeytoolStoresRewrittenByCertkeep) {
  for (const auto format : {Format::jks, Format::jceks}) {
    const auto type = type_of(format);
    const std::string original = "keytool." + type;
    const std::string rewritten = "rewritten." + type;
    keytool(type, original, test::full_store_recipe());
    if (format == Format::jceks) keytool(type, original, "$KT -genseckey -alias AES -keyalg AES -keysize 128\n");
    const auto ks = read(original);
    auto o = options(kStorePw);
    if (ks.write_protection) o.protection = *ks.write_protection;
    EXPECT_EQ(ks.write_protection.has_value(), format == Format::jceks);
    write(ks, format, rewritten, o);
    const auto before = keytool_listing(type, original);
    EXPECT_EQ(before.size(), format == Format::jceks ? 8U : 7U);
    EXPECT_EQ(keytool_listing(type, rewritten), before) << type;
    for (const std::string alias : {"rsa", "ed", "signed"})
      EXPECT_EQ(public_key_through_pkcs12(type, rewritten, alias), public_key_through_pkcs12(type, original, alias))
          << type << " " << alias;
  }
  // keytool can still unseal the copied secret key: it moves into a PKCS#12 as a secret key.
  const auto moved = test::sh("cd '" + dir_.path().string() + "' && keytool -importkeystore -noprompt -srcstoretype JCEKS "
                              "-srckeystore rewritten.JCEKS -srcstorepass st0re-pw -srcalias aes -deststoretype PKCS12 "
                              "-destkeystore secret.p12 -deststorepass p12-pass && keytool -list -storetype PKCS12 "
                              "-keystore secret.p12 -storepass p12-pass");
  EXPECT_EQ(moved.exit_code, 0) << moved.err;
  EXPECT_NE(moved.out.find("aes, "), std::string::npos) << moved.out;
  EXPECT_NE(moved.out.find("SecretKeyEntry"), std::string::npos) << moved.out;
}

}  // namespace
}  // namespace certkeep
