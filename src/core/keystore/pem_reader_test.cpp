// PEM and DER files as the openssl CLI writes them: every case is made at test time by openssl.
#include <gtest/gtest.h>

#include "core/keystore/reader.h"
#include "support/tools.h"

namespace certkeep {
namespace {

using test::sh;

class PemDerFiles : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new test::TempDir();
    const auto r = sh("set -e; . '" + test::fixture_lib() + "'; cd '" + dir_->path().string() + "'\n"
                      "ck_ca . RootCA\n"
                      "ck_issue . RootCA inter '/CN=Intermediate CA' -10 +300 rsa:2048 '' ca\n"
                      "ck_issue . inter leaf '/CN=leaf.example.com/O=Example' -10 +100 ec:P-256 'DNS:leaf.example.com,IP:127.0.0.1,IP:::1'\n"
                      "ck_issue . RootCA other '/CN=other' -10 +100 ed25519\n"
                      "cat leaf.pem inter.pem RootCA.pem > bundle.pem\n"
                      "cat leaf.key leaf.pem inter.pem > combined.pem\n"
                      "cat other.key leaf.pem > mismatched.pem\n"
                      "openssl x509 -in leaf.pem -outform DER -out leaf.der\n"
                      "openssl x509 -in leaf.pem -text > leaf-with-text.pem\n"
                      "openssl x509 -in RootCA.pem -trustout -addtrust serverAuth > trusted.pem\n"
                      "openssl crl2pkcs7 -nocrl -certfile bundle.pem > bundle.p7b.pem\n"
                      "openssl crl2pkcs7 -nocrl -certfile bundle.pem -outform DER > bundle.p7b\n"
                      "openssl pkcs8 -topk8 -in leaf.key -passout pass:s3cret -v2 aes-256-cbc -out leaf-enc.key\n"
                      "openssl pkcs8 -topk8 -in leaf.key -passout pass:s3cret -outform DER -out leaf-enc.p8\n"
                      "openssl pkey -in leaf.key -outform DER -out leaf-key.der\n"
                      "openssl ec -in leaf.key -out leaf-sec1.key 2>/dev/null\n"
                      "openssl genrsa -traditional -out rsa-pkcs1.key 2048 2>/dev/null\n"
                      "openssl rsa -in rsa-pkcs1.key -traditional -aes256 -passout pass:s3cret -out rsa-pkcs1-enc.key 2>/dev/null\n"
                      "openssl req -new -key leaf.key -subj '/CN=req.example.com' -addext subjectAltName=DNS:req.example.com,DNS:www.req.example.com -out req.csr\n"
                      "openssl req -in req.csr -outform DER -out req.der\n");
    ASSERT_EQ(r.exit_code, 0) << r.err;
  }
  static void TearDownTestSuite() { delete dir_; }

  static Result<ReadResult> read(const std::string& name, std::optional<Secret> pw = std::nullopt) {
    const auto bytes = test::read_bytes(*dir_ / name);
    const auto candidates = pw ? std::vector<PasswordCandidate>{{*pw, false}} : std::vector<PasswordCandidate>{};
    return read_keystore(bytes, candidates);
  }
  static std::string path(const std::string& name) { return *dir_ / name; }

  static test::TempDir* dir_;
};
test::TempDir* PemDerFiles::dir_ = nullptr;

TEST_F(PemDerFiles, CertificateDetailsMatchOpenssl) {
  auto r = read("leaf.pem");
  ASSERT_TRUE(r) << r.error().message;
  ASSERT_EQ(r->keystore.entries.size(), 1U);
  const auto& e = r->keystore.entries[0];
  EXPECT_EQ(e.kind, EntryKind::certificate);
  const auto& d = e.chain.at(0).details();
  EXPECT_EQ(d.fingerprints.sha256, test::openssl_fingerprint(path("leaf.pem"), "sha256"));
  EXPECT_EQ(d.fingerprints.sha1, test::openssl_fingerprint(path("leaf.pem"), "sha1"));
  EXPECT_EQ(d.fingerprints.md5, test::openssl_fingerprint(path("leaf.pem"), "md5"));
  EXPECT_EQ("subject=" + d.subject_oneline + "\n", sh("openssl x509 -in '" + path("leaf.pem") + "' -noout -subject").out);
  EXPECT_EQ("subject=" + d.subject + "\n",
            sh("openssl x509 -in '" + path("leaf.pem") + "' -noout -subject -nameopt RFC2253").out);
  EXPECT_EQ("serial=" + d.serial + "\n", sh("openssl x509 -in '" + path("leaf.pem") + "' -noout -serial").out);
  EXPECT_EQ(d.subject, "O=Example,CN=leaf.example.com");
  EXPECT_EQ(d.issuer, "CN=Intermediate CA");
  EXPECT_EQ(d.version, 3);
  ASSERT_EQ(d.subject_alt_names.size(), 3U);
  EXPECT_EQ(d.subject_alt_names[0].type, "DNS");
  EXPECT_EQ(d.subject_alt_names[0].value, "leaf.example.com");
  EXPECT_EQ(d.subject_alt_names[1].value, "127.0.0.1");
  EXPECT_EQ(d.subject_alt_names[2].value, "0:0:0:0:0:0:0:1");
  EXPECT_EQ(d.public_key.algorithm, "EC");
  EXPECT_EQ(d.public_key.curve, "P-256");
  EXPECT_EQ(d.public_key.bits, 256);
  EXPECT_EQ(d.signature_algorithm, "sha256WithRSAEncryption");
  EXPECT_EQ(d.key_usage, (std::vector<std::string>{"digitalSignature", "keyEncipherment"}));
  EXPECT_EQ(d.extended_key_usage, (std::vector<std::string>{"serverAuth", "clientAuth"}));
  ASSERT_TRUE(d.basic_constraints);
  EXPECT_FALSE(d.basic_constraints->ca);
  EXPECT_TRUE(d.subject_key_id);
  EXPECT_TRUE(d.authority_key_id);
  EXPECT_FALSE(d.self_signed);
  EXPECT_EQ(d.not_after - d.not_before, 110 * 86400);
}

TEST_F(PemDerFiles, RootIsSelfSignedCa) {
  auto r = read("RootCA.pem");
  ASSERT_TRUE(r);
  const auto& d = r->keystore.entries.at(0).chain.at(0).details();
  EXPECT_TRUE(d.self_signed);
  ASSERT_TRUE(d.basic_constraints);
  EXPECT_TRUE(d.basic_constraints->ca);
  EXPECT_EQ(d.key_usage, (std::vector<std::string>{"keyCertSign", "cRLSign"}));
  EXPECT_FALSE(d.extended_key_usage);
}

TEST_F(PemDerFiles, BundlesListEveryCertificateInOrder) {
  for (const char* name : {"bundle.pem", "bundle.p7b.pem", "bundle.p7b"}) {
    auto r = read(name);
    ASSERT_TRUE(r) << name << ": " << r.error().message;
    ASSERT_EQ(r->keystore.entries.size(), 3U) << name;
    EXPECT_EQ(r->keystore.entries[0].chain[0].details().subject, "O=Example,CN=leaf.example.com");
    EXPECT_EQ(r->keystore.entries[2].chain[0].details().subject, "CN=RootCA,O=certkeep tests,C=US");
  }
  EXPECT_EQ(read("bundle.p7b")->keystore.format, Format::pkcs7);
  EXPECT_EQ(read("bundle.pem")->keystore.format, Format::pem);
}

TEST_F(PemDerFiles, CombinedKeyAndChainIsOneKeyEntry) {
  auto r = read("combined.pem");
  ASSERT_TRUE(r);
  ASSERT_EQ(r->keystore.entries.size(), 1U);
  const auto& e = r->keystore.entries[0];
  EXPECT_EQ(e.kind, EntryKind::key);
  EXPECT_EQ(e.key_matches, true);
  ASSERT_EQ(e.chain.size(), 2U);
  EXPECT_EQ(e.chain[1].details().subject, "CN=Intermediate CA");
  EXPECT_EQ(e.key->info().algorithm, "EC");
}

TEST_F(PemDerFiles, KeyThatMatchesNoCertificateIsFlagged) {
  auto r = read("mismatched.pem");
  ASSERT_TRUE(r);
  ASSERT_EQ(r->keystore.entries.size(), 2U);
  const auto& key = r->keystore.entries[0];
  EXPECT_EQ(key.kind, EntryKind::private_key);
  EXPECT_EQ(key.key_matches, false);
  EXPECT_EQ(key.key->info().algorithm, "Ed25519");
  ASSERT_EQ(key.warnings.size(), 1U);
  EXPECT_EQ(r->keystore.entries[1].kind, EntryKind::certificate);
}

TEST_F(PemDerFiles, EveryPrivateKeyEncoding) {
  for (const char* name : {"leaf.key", "leaf-key.der", "leaf-sec1.key"}) {
    auto r = read(name);
    ASSERT_TRUE(r) << name << ": " << r.error().message;
    ASSERT_EQ(r->keystore.entries.size(), 1U);
    EXPECT_EQ(r->keystore.entries[0].kind, EntryKind::private_key) << name;
    EXPECT_EQ(r->keystore.entries[0].key->info().curve, "P-256") << name;
    EXPECT_FALSE(r->opened_with.candidate);
  }
  auto rsa = read("rsa-pkcs1.key");
  ASSERT_TRUE(rsa);
  EXPECT_EQ(rsa->keystore.entries[0].key->info().algorithm, "RSA");
  EXPECT_EQ(rsa->keystore.entries[0].key->info().bits, 2048);
}

TEST_F(PemDerFiles, EncryptedKeysNeedTheirPassword) {
  for (const char* name : {"leaf-enc.key", "leaf-enc.p8", "rsa-pkcs1-enc.key"}) {
    auto ok = read(name, Secret("s3cret"));
    ASSERT_TRUE(ok) << name << ": " << ok.error().message;
    ASSERT_TRUE(ok->keystore.entries.at(0).key) << name;
    EXPECT_EQ(ok->opened_with.candidate, 0U);
    auto wrong = read(name, Secret("nope"));
    ASSERT_FALSE(wrong) << name;
    EXPECT_EQ(wrong.error().code, ErrorCode::bad_password) << name;
    auto none = read(name);
    ASSERT_FALSE(none) << name;
    EXPECT_EQ(none.error().code, ErrorCode::bad_password) << name;
  }
}

TEST_F(PemDerFiles, WellKnownPasswordIsReported) {
  sh("cd '" + dir_->path().string() + "' && openssl pkcs8 -topk8 -in leaf.key -passout pass:changeit -out def.key");
  const auto bytes = test::read_bytes(path("def.key"));
  auto r = read_keystore(bytes, password_candidates(std::nullopt));
  ASSERT_TRUE(r);
  EXPECT_TRUE(r->opened_with.well_known);
}

TEST_F(PemDerFiles, RequestsAreRead) {
  for (const char* name : {"req.csr", "req.der"}) {
    auto r = read(name);
    ASSERT_TRUE(r) << name;
    ASSERT_EQ(r->keystore.entries.size(), 1U);
    const auto& e = r->keystore.entries[0];
    EXPECT_EQ(e.kind, EntryKind::csr);
    const auto& d = e.csr->details();
    EXPECT_EQ(d.subject, "CN=req.example.com");
    EXPECT_TRUE(d.signature_valid);
    ASSERT_EQ(d.subject_alt_names.size(), 2U);
    EXPECT_EQ(d.subject_alt_names[1].value, "www.req.example.com");
  }
}

TEST_F(PemDerFiles, TextAroundPemAndTrustedCertificates) {
  auto text = read("leaf-with-text.pem");
  ASSERT_TRUE(text);
  EXPECT_EQ(text->keystore.entries.size(), 1U);
  auto trusted = read("trusted.pem");
  ASSERT_TRUE(trusted) << trusted.error().message;
  EXPECT_EQ(trusted->keystore.entries.at(0).chain.at(0).details().subject, "CN=RootCA,O=certkeep tests,C=US");
  auto der = read("leaf.der");
  ASSERT_TRUE(der);
  EXPECT_EQ(der->keystore.format, Format::der);
}

struct BadInput {
  std::string name;
  std::vector<std::uint8_t> bytes;
  ErrorCode code;
  std::string message;
};

TEST_F(PemDerFiles, BadInputIsNamedNotCrashed) {
  const auto der = test::read_bytes(path("leaf.der"));
  auto truncated = der;
  truncated.resize(der.size() / 2);
  auto trailing = der;
  trailing.push_back(0);
  const std::string junk_pem = "-----BEGIN CERTIFICATE-----\n!!!!not base64!!!!\n-----END CERTIFICATE-----\n";
  const std::string key_only_pem = "-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VwAyEAGb9ECWmEzf6FQbrBZ9w7lshQhqowtrbLDFw4rXAxZuE=\n-----END PUBLIC KEY-----\n";
  const std::vector<BadInput> cases = {
      {"empty", {}, ErrorCode::malformed, "empty file"},
      {"junk", {'h', 'e', 'l', 'l', 'o'}, ErrorCode::malformed, "not a certificate or keystore"},
      {"truncated", truncated, ErrorCode::malformed,
       "truncated DER at offset " + std::to_string(truncated.size()) + ": the structure at offset 0 declares " +
           std::to_string(der.size()) + " bytes"},
      {"trailing", trailing, ErrorCode::malformed,
       "unexpected data after the DER structure at offset " + std::to_string(der.size())},
      {"bad base64", {junk_pem.begin(), junk_pem.end()}, ErrorCode::malformed, ""},
      {"public key only", {key_only_pem.begin(), key_only_pem.end()}, ErrorCode::malformed,
       "PEM file holds no certificate, request or key"},
  };
  for (const auto& c : cases) {
    auto r = read_keystore(c.bytes, {});
    ASSERT_FALSE(r) << c.name;
    EXPECT_EQ(r.error().code, c.code) << c.name << ": " << r.error().message;
    if (!c.message.empty()) EXPECT_EQ(r.error().message, c.message) << c.name;
    EXPECT_EQ(r.error().message.find('\n'), std::string::npos) << c.name;
  }
}

TEST_F(PemDerFiles, EveryPrefixOfARealFileFailsCleanly) {
  for (const char* name : {"leaf.der", "bundle.p7b", "leaf-enc.p8", "req.der"}) {
    const auto bytes = test::read_bytes(path(name));
    for (std::size_t n = 0; n < bytes.size(); ++n) {
      const std::vector<std::uint8_t> prefix(bytes.begin(), bytes.begin() + static_cast<std::ptrdiff_t>(n));
      auto r = read_keystore(prefix, {});
      EXPECT_FALSE(r) << name << " prefix " << n;
    }
  }
}

}  // namespace
}  // namespace certkeep
