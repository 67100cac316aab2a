// PKCS#12 stores as `openssl pkcs12 -export` writes them in each protection it offers, made at test time;
// plus stores damaged on purpose (truncated, re-MACed over a broken bag, MAC and encryption passwords
// that differ). Stores from keytool, GnuTLS and NSS: tests/interop/pkcs12_interop_test.cpp.
#include <algorithm>

#include <gtest/gtest.h>

#include "core/keystore/formats.h"
#include "core/keystore/pkcs12_password.h"
#include "core/keystore/reader.h"
#include "core/ossl/ptr.h"
#include "support/tools.h"

namespace certkeep {
namespace {

using test::sh;
using Bytes = std::vector<std::uint8_t>;

const std::string kPbes2 = "PBES2 PBKDF2-HMAC-SHA256 AES-256-CBC (2048 iterations)";

std::vector<PasswordCandidate> only(const std::string& pw) { return {{Secret(pw), false}}; }

// Replaces the MAC of a DER store with one keyed by `password` (what `openssl pkcs12 -twopass` does,
// and how a damaged bag gets past the MAC).
Bytes remac(const Bytes& der, const char* password) {
  const unsigned char* p = der.data();
  ossl::UniquePtr<PKCS12> p12(d2i_PKCS12(nullptr, &p, static_cast<long>(der.size())));
  if (!p12 || PKCS12_set_mac(p12.get(), password, -1, nullptr, 0, 2048, EVP_sha256()) != 1) return {};
  unsigned char* out = nullptr;
  const int n = i2d_PKCS12(p12.get(), &out);
  const ossl::OpensslBytes owned(out);
  return n > 0 ? Bytes(out, out + n) : Bytes{};
}

class Pkcs12Files : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new test::TempDir();
    const std::string x = "openssl pkcs12 -export -in leaf.pem -inkey leaf.key ";
    const auto r = sh("set -e; . '" + test::fixture_lib() + "'; cd '" + dir_->path().string() + "'\n"
                      "ck_ca . RootCA\n"
                      "ck_issue . RootCA inter '/CN=Intermediate CA' -10 +300 rsa:2048 '' ca\n"
                      "ck_issue . inter leaf '/CN=leaf.example.com' -10 +100 ec:P-256\n"
                      "ck_issue . RootCA rsa '/CN=rsa.example.com' -10 +100 rsa:2048\n"
                      "ck_issue . RootCA ed '/CN=ed.example.com' -10 +100 ed25519\n"
                      "ck_ca . Other ec:P-384\n"
                      "cat inter.pem RootCA.pem > cas.pem; cat cas.pem Other.pem > cas-extra.pem\n"
                      "printf 'p\\303\\244ssw\\303\\266rd' > utf8.pw\n"
                      // The same password as OpenSSL before 1.1.0 keyed it: each byte widened to a BMP char.
                      "printf 'p\\303\\203\\302\\244ssw\\303\\203\\302\\266rd' > widened.pw\n" +
                      x + "-certfile cas.pem -name 'web server' -passout pass:s3cret -out default.p12\n" +
                      x + "-certfile cas.pem -name 'web server' -passout pass:s3cret -legacy -out legacy.p12\n" +
                      x + "-certfile cas.pem -name sha1 -passout pass:s3cret -macalg sha1 -out sha1mac.p12\n" +
                      x + "-certfile cas-extra.pem -name extra -passout pass:s3cret -out extra.p12\n" +
                      x + "-certfile cas.pem -passout pass:s3cret -out noname.p12\n" +
                      x + "-name plain -keypbe NONE -certpbe NONE -nomac -passout pass:s3cret -out plain.p12\n" +
                      x + "-name plain -keypbe NONE -certpbe NONE -passout pass:s3cret -out plain-mac.p12\n" +
                      x + "-name utf8 -passout file:utf8.pw -out utf8.p12\n" +
                      x + "-name old -legacy -passout file:widened.pw -out widened.p12\n"
                      "openssl pkcs12 -export -in rsa.pem -inkey rsa.key -name rsa -passout pass: -out empty.p12\n"
                      "openssl pkcs12 -export -in rsa.pem -inkey rsa.key -name rsa -passout pass: -legacy -out empty-legacy.p12\n"
                      "openssl pkcs12 -export -in ed.pem -inkey ed.key -name ed -passout pass:s3cret -nomac -out nomac.p12\n"
                      "openssl pkcs12 -export -nokeys -in cas.pem -passout pass:s3cret -out certs-only.p12\n");
    ASSERT_EQ(r.exit_code, 0) << r.err;
  }
  static void TearDownTestSuite() { delete dir_; }

  static Bytes bytes(const std::string& name) { return test::read_bytes(*dir_ / name); }
  static Result<ReadResult> read(const std::string& name, const std::vector<PasswordCandidate>& pws = only("s3cret")) {
    return read_keystore(bytes(name), pws);
  }
  static std::string fp(const std::string& pem) { return test::openssl_fingerprint(*dir_ / pem); }
  static std::vector<std::string> fingerprints(const Entry& e) {
    std::vector<std::string> out;
    for (const auto& c : e.chain) out.push_back(c.details().fingerprints.sha256);
    return out;
  }
  // localKeyID as `openssl pkcs12 -info` prints it ("33 C1 ..."), in colon hex.
  static std::string openssl_local_key_id(const std::string& name) {
    auto out = sh("openssl pkcs12 -in '" + (*dir_ / name) + "' -nokeys -passin pass:s3cret | sed -n 's/^ *localKeyID: //p' | head -1").out;
    while (!out.empty() && (out.back() == '\n' || out.back() == ' ')) out.pop_back();
    std::replace(out.begin(), out.end(), ' ', ':');
    return out;
  }

  static test::TempDir* dir_;
};
test::TempDir* Pkcs12Files::dir_ = nullptr;

TEST_F(Pkcs12Files, DefaultExportIsOneKeyEntryWithItsChain) {
  auto r = read("default.p12");
  ASSERT_TRUE(r) << r.error().message;
  const auto& ks = r->keystore;
  EXPECT_EQ(ks.format, Format::pkcs12);
  EXPECT_EQ(ks.protection, "keys " + kPbes2 + ", certificates " + kPbes2 + ", MAC HMAC-SHA256 (2048 iterations)");
  EXPECT_EQ(ks.integrity_verified, true);
  EXPECT_TRUE(ks.warnings.empty());
  ASSERT_EQ(ks.entries.size(), 1U) << "the CA certificates belong to the chain, not beside it";
  const auto& e = ks.entries[0];
  EXPECT_EQ(e.kind, EntryKind::key);
  EXPECT_EQ(e.alias, "web server");
  EXPECT_EQ(e.local_key_id, openssl_local_key_id("default.p12"));
  EXPECT_EQ(fingerprints(e), (std::vector<std::string>{fp("leaf.pem"), fp("inter.pem"), fp("RootCA.pem")}));
  EXPECT_EQ(e.key_matches, true);
  ASSERT_TRUE(e.key);
  EXPECT_EQ(e.key->info().curve, "P-256");
  EXPECT_EQ(r->opened_with.candidate, 0U);
  EXPECT_FALSE(r->opened_with.well_known);
}

TEST_F(Pkcs12Files, LegacyAlgorithmsAreReadAndNamed) {
  auto r = read("legacy.p12");
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->keystore.protection,
            "legacy: keys pbeWithSHA1And3-KeyTripleDES-CBC (2048 iterations), certificates "
            "pbeWithSHA1And40BitRC2-CBC (2048 iterations), MAC HMAC-SHA1 (2048 iterations)");
  ASSERT_EQ(r->keystore.entries.size(), 1U);
  EXPECT_EQ(r->keystore.entries[0].chain.size(), 3U);
  EXPECT_EQ(r->keystore.entries[0].key_matches, true);
}

TEST_F(Pkcs12Files, Sha1MacIsNamed) {
  auto r = read("sha1mac.p12");
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->keystore.protection, "keys " + kPbes2 + ", certificates " + kPbes2 + ", MAC HMAC-SHA1 (2048 iterations)");
}

TEST_F(Pkcs12Files, EmptyPasswordOpensWithTheWellKnownEmptyCandidate) {
  for (const char* name : {"empty.p12", "empty-legacy.p12"}) {
    auto r = read(name, password_candidates(std::nullopt));
    ASSERT_TRUE(r) << name << ": " << r.error().message;
    EXPECT_EQ(r->opened_with.candidate, 3U) << "WebAS, changeit, password, then the empty password";
    EXPECT_TRUE(r->opened_with.well_known);
    ASSERT_EQ(r->keystore.entries.size(), 1U);
    EXPECT_EQ(r->keystore.entries[0].key->info().algorithm, "RSA");
    EXPECT_EQ(fingerprints(r->keystore.entries[0]), std::vector<std::string>{fp("rsa.pem")});
  }
}

TEST_F(Pkcs12Files, NoMacMeansUnverifiedWithAWarning) {
  auto r = read("nomac.p12");
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->keystore.integrity_verified, false);
  EXPECT_EQ(r->keystore.protection, "keys " + kPbes2 + ", certificates unencrypted, no MAC");
  ASSERT_EQ(r->keystore.warnings.size(), 1U);
  EXPECT_NE(r->keystore.warnings[0].find("no MAC"), std::string::npos);
  EXPECT_EQ(r->keystore.entries.at(0).key->info().algorithm, "Ed25519");
  EXPECT_EQ(r->opened_with.candidate, 0U);
  auto wrong = read("nomac.p12", only("nope"));
  ASSERT_FALSE(wrong);
  EXPECT_EQ(wrong.error().code, ErrorCode::bad_password);
  EXPECT_NE(wrong.error().message.find("wrong password"), std::string::npos) << wrong.error().message;
}

TEST_F(Pkcs12Files, UnencryptedBagsNeedNoPasswordWithoutAMac) {
  auto r = read("plain.p12", {});
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->keystore.protection, "keys unencrypted, certificates unencrypted, no MAC");
  EXPECT_FALSE(r->opened_with.candidate);
  EXPECT_EQ(r->keystore.entries.at(0).alias, "plain");
  EXPECT_EQ(r->keystore.entries.at(0).key_matches, true);
  auto with_mac = read("plain-mac.p12", {});
  ASSERT_FALSE(with_mac);
  EXPECT_EQ(with_mac.error().code, ErrorCode::bad_password);
  auto opened = read("plain-mac.p12");
  ASSERT_TRUE(opened);
  EXPECT_EQ(opened->keystore.protection, "keys unencrypted, certificates unencrypted, MAC HMAC-SHA256 (2048 iterations)");
}

TEST_F(Pkcs12Files, CertfileExtrasOutsideTheChainAreCertificateEntries) {
  auto r = read("extra.p12");
  ASSERT_TRUE(r) << r.error().message;
  ASSERT_EQ(r->keystore.entries.size(), 2U);
  EXPECT_EQ(r->keystore.entries[0].kind, EntryKind::key);
  EXPECT_EQ(r->keystore.entries[0].chain.size(), 3U);
  EXPECT_EQ(r->keystore.entries[1].kind, EntryKind::certificate);
  EXPECT_EQ(fingerprints(r->keystore.entries[1]), std::vector<std::string>{fp("Other.pem")});
}

TEST_F(Pkcs12Files, StoresWithoutNamesOrKeys) {
  auto noname = read("noname.p12");
  ASSERT_TRUE(noname) << noname.error().message;
  ASSERT_EQ(noname->keystore.entries.size(), 1U);
  EXPECT_EQ(noname->keystore.entries[0].alias, "");
  EXPECT_EQ(noname->keystore.entries[0].local_key_id, openssl_local_key_id("noname.p12"));
  auto certs = read("certs-only.p12");
  ASSERT_TRUE(certs) << certs.error().message;
  ASSERT_EQ(certs->keystore.entries.size(), 2U);
  EXPECT_EQ(certs->keystore.entries[0].kind, EntryKind::certificate);
  EXPECT_EQ(fingerprints(certs->keystore.entries[1]), std::vector<std::string>{fp("RootCA.pem")});
  EXPECT_EQ(certs->keystore.protection, "certificates " + kPbes2 + ", MAC HMAC-SHA256 (2048 iterations)");
}

TEST_F(Pkcs12Files, WrongPasswordIsBadPassword) {
  auto r = read("default.p12", password_candidates(Secret("nope")));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::bad_password);
  EXPECT_EQ(r.error().message, "wrong password or corrupt MAC");
  auto later = read("default.p12", {{Secret("nope"), false}, {Secret("s3cret"), false}});
  ASSERT_TRUE(later);
  EXPECT_EQ(later->opened_with.candidate, 1U);
}

TEST_F(Pkcs12Files, NonAsciiPasswordsAsOpenSslWritesThemNowAndDidBefore) {
  const auto pw = only("p\xC3\xA4ssw\xC3\xB6rd");
  auto utf8 = read("utf8.p12", pw);
  ASSERT_TRUE(utf8) << utf8.error().message;
  EXPECT_EQ(utf8->keystore.entries.at(0).alias, "utf8");
  auto widened = read("widened.p12", pw);
  ASSERT_TRUE(widened) << widened.error().message;
  EXPECT_EQ(widened->keystore.entries.at(0).key_matches, true);
}

TEST_F(Pkcs12Files, PasswordForms) {
  EXPECT_EQ(pkcs12::widen_bytes_as_latin1("p\xC3\xA4").view(), "p\xC3\x83\xC2\xA4");
  const auto empty = pkcs12::password_forms(Secret(""));
  ASSERT_EQ(empty.size(), 2U);
  EXPECT_STREQ(empty[0].data(), "");
  EXPECT_EQ(empty[1].data(), nullptr);
  EXPECT_EQ(pkcs12::password_forms(Secret("ascii")).size(), 1U);
  EXPECT_EQ(pkcs12::password_forms(Secret("\xC3\xA4")).size(), 2U);
}

TEST_F(Pkcs12Files, SecondPasswordForTheBags) {
  const auto store = remac(bytes("default.p12"), "macpass");
  ASSERT_FALSE(store.empty());
  const std::vector<PasswordCandidate> pws{{Secret("macpass"), false}, {Secret("s3cret"), false}};
  auto both = read_keystore(store, pws);
  ASSERT_TRUE(both) << both.error().message;
  EXPECT_EQ(both->opened_with.candidate, 0U);
  EXPECT_EQ(both->keystore.entries.at(0).chain.size(), 3U);
  auto mac_only = read_keystore(store, only("macpass"));
  ASSERT_FALSE(mac_only);
  EXPECT_EQ(mac_only.error().code, ErrorCode::malformed);
  EXPECT_NE(mac_only.error().message.find("does not decrypt"), std::string::npos) << mac_only.error().message;
}

TEST_F(Pkcs12Files, DamagedCertificateBehindAGoodMacIsMalformed) {
  auto store = bytes("plain-mac.p12");
  const auto der = sh("openssl x509 -in '" + (*dir_ / "leaf.pem") + "' -outform DER > '" + (*dir_ / "leaf.der") + "'");
  ASSERT_EQ(der.exit_code, 0);
  const auto leaf_der = bytes("leaf.der");
  const auto at = std::search(store.begin(), store.end(), leaf_der.begin(), leaf_der.end());
  ASSERT_NE(at, store.end());
  *(at + 4) ^= 0xFF;  // the tag of the TBSCertificate
  const auto damaged = remac(store, "s3cret");
  auto r = read_keystore(damaged, only("s3cret"));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::malformed);
  EXPECT_NE(r.error().message.find("certificate bag"), std::string::npos) << r.error().message;
}

TEST_F(Pkcs12Files, TrailingDataIsMalformed) {
  auto store = bytes("default.p12");
  store.push_back(0);
  auto r = formats::read_pkcs12(store, only("s3cret"));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::malformed);
  EXPECT_EQ(r.error().message, "unexpected data after the PKCS#12 structure at offset " + std::to_string(store.size() - 1));
}

TEST_F(Pkcs12Files, TruncatedAndCorruptedStoresNeverCrash) {
  for (const char* name : {"default.p12", "legacy.p12", "nomac.p12", "plain.p12"}) {
    const auto full = bytes(name);
    for (std::size_t n = 0; n < full.size(); n += 13) {
      const Bytes prefix(full.begin(), full.begin() + static_cast<std::ptrdiff_t>(n));
      for (const auto& r : {formats::read_pkcs12(prefix, only("s3cret")), read_keystore(prefix, only("s3cret"))}) {
        ASSERT_FALSE(r) << name << " cut at " << n;
        EXPECT_TRUE(r.error().code == ErrorCode::malformed || r.error().code == ErrorCode::bad_password) << r.error().message;
      }
    }
    for (std::size_t i = 0; i < full.size(); i += 7) {
      auto flipped = full;
      flipped[i] ^= 0x5A;
      const auto r = formats::read_pkcs12(flipped, only("s3cret"));
      if (!r) EXPECT_NE(r.error().code, ErrorCode::internal) << name << " byte " << i << ": " << r.error().message;
    }
  }
  const auto full = bytes("default.p12");
  auto cut = formats::read_pkcs12(Bytes(full.begin(), full.begin() + 100), {});
  ASSERT_FALSE(cut);
  EXPECT_EQ(cut.error().message.rfind("truncated DER at offset 100", 0), 0U) << cut.error().message;
}

}  // namespace
}  // namespace certkeep
