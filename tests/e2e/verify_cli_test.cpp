// certkeep verify, run as a user runs it: the binary, certificates and keystores made by openssl, exit
// codes, stdout and stderr. The full table of problem codes is in src/core/x509/verify_test.cpp.
#include <nlohmann/json.hpp>

#include <gtest/gtest.h>

#include "support/tools.h"

namespace certkeep {
namespace {

using test::certkeep;
using test::sh;

class VerifyCli : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = std::make_unique<test::TempDir>();
    const auto r = sh("set -e; . '" + test::fixture_lib() + "'; cd '" + dir_->path().string() + "'\n"
                      "ck_ca . Root ec:P-256\n"
                      "ck_issue . Root Inter '/CN=Inter' -30 +3000 ec:P-256 '' ca\n"
                      "ck_issue . Inter leaf '/CN=www.example.test' -10 +300 ec:P-256 DNS:www.example.test\n"
                      "ck_issue . Inter fixed '/CN=www.example.test' 20260101000000Z 20270101000000Z ec:P-256 "
                      "DNS:www.example.test\n"
                      "cat leaf.pem Inter.pem > fullchain.pem\n"
                      "ck_issue . Inter revoked '/CN=www.example.test' -10 +300 ec:P-256 DNS:www.example.test\n"
                      "touch index.txt; echo 1000 > crlnumber\n"
                      "printf '[ca]\\ndefault_ca = c\\n[c]\\ndatabase = index.txt\\ncrlnumber = crlnumber\\n"
                      "default_md = sha256\\ndefault_crl_days = 30\\n' > crl.cnf\n"
                      "openssl ca -config crl.cnf -keyfile Inter.key -cert Inter.pem -revoke revoked.pem 2>/dev/null\n"
                      "openssl ca -config crl.cnf -keyfile Inter.key -cert Inter.pem -gencrl -out inter.crl 2>/dev/null\n"
                      "printf 'Secr3t\\n' > pw.txt\n"
                      "openssl pkcs12 -export -inkey leaf.key -in leaf.pem -certfile Inter.pem -name web "
                      "-passout pass:Secr3t -out leaf.p12\n");
    ASSERT_EQ(r.exit_code, 0) << r.err;
  }
  static void TearDownTestSuite() { dir_.reset(); }

  static std::string p(const std::string& name) { return "'" + (*dir_ / name) + "'"; }
  static std::string chain_args() { return p("leaf.pem") + " --untrusted " + p("Inter.pem") + " --ca-file " + p("Root.pem"); }

  static std::unique_ptr<test::TempDir> dir_;
};
std::unique_ptr<test::TempDir> VerifyCli::dir_;

TEST_F(VerifyCli, ValidChainIsPrintedLeafFirstThenOk) {
  const auto r = certkeep("verify " + chain_args() + " --name www.example.test");
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("[0] CN=www.example.test\n      Issuer:  CN=Inter\n"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("[2] CN=Root,O=certkeep tests,C=US  (trust anchor)"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("OK: valid for TLS server use as www.example.test\n"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("\033["), std::string::npos) << "no color when not a terminal";
}

TEST_F(VerifyCli, EachProblemOnItsOwnLine) {
  const auto fixed = certkeep("verify " + p("fixed.pem") + " --untrusted " + p("Inter.pem") + " --ca-file " +
                              p("Root.pem") + " --name other.example.test --at 2027-06-01");
  EXPECT_EQ(fixed.exit_code, 2);
  EXPECT_NE(fixed.out.find("Valid:   2026-01-01T00:00:00Z .. 2027-01-01T00:00:00Z (expired 151 days ago)"), std::string::npos)
      << fixed.out;
  EXPECT_NE(fixed.out.find("INVALID:\n  [0] error expired: the certificate expired on 2027-01-01T00:00:00Z\n"
                           "  [0] error name_mismatch: \"other.example.test\" is not among the certificate's "
                           "subjectAltNames (DNS:www.example.test)\n"),
            std::string::npos)
      << fixed.out;
}

TEST_F(VerifyCli, IntermediatesComeFromTheFileItself) {
  EXPECT_EQ(certkeep("verify " + p("fullchain.pem") + " --ca-file " + p("Root.pem")).exit_code, 0);
  const auto alone = certkeep("verify " + p("leaf.pem") + " --ca-file " + p("Root.pem"));
  EXPECT_EQ(alone.exit_code, 2);
  EXPECT_NE(alone.out.find("[0] error missing_issuer: the issuer \"CN=Inter\""), std::string::npos) << alone.out;
}

TEST_F(VerifyCli, ReadsAKeystoreWithItsPassword) {
  const auto ok = certkeep("verify " + p("leaf.p12") + " --password-file " + p("pw.txt") + " --ca-file " + p("Root.pem"));
  EXPECT_EQ(ok.exit_code, 0) << ok.out << ok.err;
  EXPECT_NE(ok.out.find("[1] CN=Inter"), std::string::npos) << ok.out;
  const auto wrong = certkeep("verify " + p("leaf.p12") + " --password-env NO_SUCH_VAR_CK --ca-file " + p("Root.pem"));
  EXPECT_EQ(wrong.exit_code, 3);
  const auto no_pw = certkeep("verify " + p("leaf.p12") + " --ca-file " + p("Root.pem"));
  EXPECT_EQ(no_pw.exit_code, 3);
  EXPECT_NE(no_pw.err.find("leaf.p12: "), std::string::npos) << no_pw.err;
  EXPECT_EQ(no_pw.err.find("Secr3t"), std::string::npos);
}

TEST_F(VerifyCli, SystemStoreIsOnlyUsedWhenAskedFor) {
  const std::string bin = std::string("'") + CERTKEEP_BINARY + "' verify " + p("fullchain.pem");
  EXPECT_EQ(sh("SSL_CERT_FILE=" + p("Root.pem") + " " + bin + " --system-store").exit_code, 0);
  const auto without = sh("SSL_CERT_FILE=" + p("Root.pem") + " " + bin);
  EXPECT_EQ(without.exit_code, 2);
  EXPECT_NE(without.out.find("missing_issuer"), std::string::npos) << without.out;
  const auto missing = sh("SSL_CERT_FILE=" + p("nothing-here.pem") + " " + bin + " --system-store");
  EXPECT_EQ(missing.exit_code, 3);
  EXPECT_NE(missing.err.find("nothing-here.pem: cannot read the system trust store"), std::string::npos) << missing.err;
}

TEST_F(VerifyCli, JsonIsOneDocument) {
  const auto r = certkeep("verify --json " + chain_args() + " --name 192.0.2.1 --purpose client");
  ASSERT_EQ(r.exit_code, 2) << r.err;
  const auto doc = nlohmann::json::parse(r.out);
  EXPECT_EQ(doc["schema_version"], 1);
  EXPECT_EQ(doc["command"], "verify");
  EXPECT_EQ(doc["valid"], false);
  EXPECT_EQ(doc["anchored"], true);
  EXPECT_EQ(doc["purpose"], "client");
  EXPECT_EQ(doc["name"], "192.0.2.1");
  ASSERT_EQ(doc["chain"].size(), 3U);
  EXPECT_EQ(doc["chain"][0]["subject"], "CN=www.example.test");
  EXPECT_EQ(doc["chain"][0]["fingerprints"]["sha256"], test::openssl_fingerprint(*dir_ / "leaf.pem"));
  ASSERT_EQ(doc["problems"].size(), 1U);
  EXPECT_EQ(doc["problems"][0]["code"], "name_mismatch");
  EXPECT_EQ(doc["problems"][0]["severity"], "error");
  EXPECT_EQ(doc["problems"][0]["depth"], 0);
}

TEST_F(VerifyCli, MaxDepthLimitsTheIntermediates) {
  EXPECT_EQ(certkeep("verify " + chain_args() + " --max-depth 1").exit_code, 0);
  const auto r = certkeep("verify " + chain_args() + " --max-depth 0");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.out.find("[1] error chain_too_long: the path has 1 intermediate CA certificates; at most 0 are allowed here"),
            std::string::npos)
      << r.out;
  // A trusted intermediate is an anchor: the path then has none.
  EXPECT_EQ(certkeep("verify " + p("leaf.pem") + " --ca-file " + p("Inter.pem") + " --max-depth 0").exit_code, 0);
  EXPECT_EQ(certkeep("verify " + chain_args() + " --max-depth -1").exit_code, 64);
}

TEST_F(VerifyCli, CrlFileRefusesARevokedCertificate) {
  const std::string crl = " --crl-file " + p("inter.crl");
  EXPECT_EQ(certkeep("verify " + chain_args() + crl).exit_code, 0);
  const auto r = certkeep("verify " + p("revoked.pem") + " --untrusted " + p("Inter.pem") + " --ca-file " + p("Root.pem") + crl);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.out.find("[0] error revoked: the certificate is revoked: its issuer's CRL lists its serial number"), std::string::npos)
      << r.out;
  const auto not_a_crl = certkeep("verify " + chain_args() + " --crl-file " + p("Root.pem"));
  EXPECT_EQ(not_a_crl.exit_code, 3);
  EXPECT_NE(not_a_crl.err.find("Root.pem: holds no certificate revocation list"), std::string::npos) << not_a_crl.err;
}

TEST_F(VerifyCli, UnreadableInputAndBadUsage) {
  const auto missing = certkeep("verify " + p("missing.pem") + " --ca-file " + p("Root.pem"));
  EXPECT_EQ(missing.exit_code, 3);
  EXPECT_NE(missing.err.find("missing.pem"), std::string::npos) << missing.err;
  const auto key_only = certkeep("verify --json " + p("leaf.key"));
  EXPECT_EQ(key_only.exit_code, 3);
  EXPECT_NE(key_only.err.find("leaf.key: holds no certificate"), std::string::npos) << key_only.err;
  EXPECT_EQ(nlohmann::json::parse(key_only.out)["error"]["code"], "not_found");
  EXPECT_EQ(certkeep("verify " + chain_args() + " --purpose sslserver").exit_code, 64);
  EXPECT_EQ(certkeep("verify " + chain_args() + " --at tomorrow").exit_code, 64);
  EXPECT_EQ(certkeep("verify " + chain_args() + " --name ''").exit_code, 64);
  EXPECT_EQ(certkeep("verify").exit_code, 64);
}

TEST_F(VerifyCli, HelpShowsExamples) {
  const auto r = certkeep("verify --help");
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_NE(r.out.find("Examples:"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("--system-store"), std::string::npos);
}

}  // namespace
}  // namespace certkeep
