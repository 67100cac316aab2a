// path_pool: only certificates that can be on a path by name reach OpenSSL, and they are the ones
// OpenSSL would have chosen among (verify_chain gives the same verdicts with undecodable bystanders).
// The certificates are made by the openssl CLI (verify_test_fixtures.h).
#include "core/x509/path_pool.h"

#include <gtest/gtest.h>

#include "core/x509/verify.h"
#include "core/x509/verify_test_fixtures.h"

namespace certkeep::x509 {
namespace {

// Other: an unrelated root. AltP and AltU: one key under two encodings of one name, "Alt Root" as a
// PrintableString and "ALT  ROOT" as a UTF8String (equal as RFC 5280 7.1 compares names); altleaf is
// issued by AltP, so its issuer name matches AltU's subject only canonically.
const char* const kNames =
    "ck_ca . Other ec:P-256\n"
    "ck_keygen AltP.key ec:P-256\n"
    "cp AltP.key AltU.key\n"
    "printf '[req]\\ndistinguished_name = dn\\nx509_extensions = ext\\nprompt = no\\nstring_mask = nombstr\\n"
    "[dn]\\nCN = Alt Root\\n[ext]\\n%s\\n' \"$CA\" > AltP.cnf\n"
    "openssl req -x509 -new -key AltP.key -config AltP.cnf -days 30 -out AltP.pem\n"
    "printf '[req]\\ndistinguished_name = dn\\nx509_extensions = ext\\nprompt = no\\n"
    "[dn]\\nCN = ALT  ROOT\\n[ext]\\n%s\\n' \"$CA\" > AltU.cnf\n"
    "openssl req -x509 -new -key AltU.key -config AltU.cnf -days 30 -out AltU.pem\n"
    "ck_sign AltP altleaf /CN=alt.example.test \"$LEAF\"\n";

class PathPoolTest : public ::testing::Test {
 protected:
  const test::VerifyFixtureDir fx_{kNames};

  Certificate undecodable(const std::string& stem) const {
    auto c = Certificate::deferred(test::undecodable_copy(fx_.cert(stem).der()));
    EXPECT_TRUE(c);
    return *c;
  }
};

TEST_F(PathPoolTest, TakesTheIssuersOfTheLeafTransitivelyAndNothingElse) {
  ASSERT_TRUE(fx_.ok());
  const auto pool = path_pool(fx_.cert("leaf"), fx_.certs({"Other", "Inter", "AltP"}), fx_.certs({"AltU", "Root", "Other"}));
  EXPECT_EQ(pool.untrusted, fx_.certs({"Inter"}));
  EXPECT_EQ(pool.anchors, fx_.certs({"Root"}));
}

TEST_F(PathPoolTest, TakesATrustedCopyOfTheLeaf) {
  ASSERT_TRUE(fx_.ok());
  const auto pool = path_pool(fx_.cert("Inter"), {}, fx_.certs({"Other", "Inter"}));
  EXPECT_EQ(pool.anchors, fx_.certs({"Inter"}));
}

TEST_F(PathPoolTest, ComparesCanonicallyANameNoSubjectHasTheBytesOf) {
  ASSERT_TRUE(fx_.ok());
  const auto pool = path_pool(fx_.cert("altleaf"), {}, fx_.certs({"Root", "AltU", "Other"}));
  EXPECT_EQ(pool.anchors, fx_.certs({"AltU"}));
  auto v = verify_chain(fx_.cert("altleaf"), {}, fx_.certs({"Root", "AltU", "Other"}), VerifyOptions(system_now()));
  ASSERT_TRUE(v) << v.error().message;
  EXPECT_TRUE(v->anchored);
  EXPECT_EQ(v->chain.back(), fx_.cert("AltU"));
}

TEST_F(PathPoolTest, AnUndecodableCertificateOffThePathIsNeverDecoded) {
  ASSERT_TRUE(fx_.ok());
  const Certificate bystander = undecodable("Other");
  std::vector<Certificate> anchors = fx_.certs({"Root"});
  anchors.push_back(bystander);
  auto v = verify_chain(fx_.cert("leaf"), fx_.certs({"Inter"}), anchors, VerifyOptions(system_now()));
  ASSERT_TRUE(v) << v.error().message;
  EXPECT_TRUE(v->valid());
  EXPECT_EQ(v->chain.size(), 3U);
}

TEST_F(PathPoolTest, AnUndecodableCertificateThatMayIssueFailsVerification) {
  ASSERT_TRUE(fx_.ok());
  const std::vector<Certificate> anchors{undecodable("Root")};
  auto v = verify_chain(fx_.cert("leaf"), fx_.certs({"Inter"}), anchors, VerifyOptions(system_now()));
  ASSERT_FALSE(v);
  EXPECT_EQ(v.error().code, ErrorCode::malformed);
  EXPECT_EQ(v.error().message, "a certificate that may issue this one does not decode: certificate version 6 is not 1, 2 or 3");
}

}  // namespace
}  // namespace certkeep::x509
