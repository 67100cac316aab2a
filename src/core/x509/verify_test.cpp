// verify_chain as an API: the chain it returns, time as a parameter, refused names, stable codes. The
// table of problem codes is in verify_golden_test.cpp.
#include "core/x509/verify.h"

#include <cstdlib>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "core/x509/verify_system_store.h"
#include "core/x509/verify_test_fixtures.h"

namespace certkeep {
namespace {

class VerifyChain : public ::testing::Test {
 protected:
  const test::VerifyFixtureDir fx_{"ck_ca . Other ec:P-256\n"};
  const UnixTime at_ = system_now() + 3600;
};

TEST_F(VerifyChain, ChainIsLeafFirstAndEndsAtTheAnchor) {
  ASSERT_TRUE(fx_.ok());
  const auto r = verify_chain(fx_.cert("leaf"), fx_.certs({"Other", "Inter"}), fx_.certs({"Root"}), VerifyOptions(at_));
  ASSERT_TRUE(r) << r.error().message;
  ASSERT_EQ(r->chain.size(), 3U);  // the unrelated Other is not in it
  EXPECT_EQ(r->chain[0].details().subject, "CN=www.example.test");
  EXPECT_EQ(r->chain[1].details().subject, "CN=Inter");
  EXPECT_EQ(r->chain[2], fx_.cert("Root"));
  EXPECT_TRUE(r->anchored);
  EXPECT_TRUE(r->valid());
  EXPECT_TRUE(r->problems.empty());
}

TEST_F(VerifyChain, UnanchoredChainIsReturnedAsFarAsItGoes) {
  ASSERT_TRUE(fx_.ok());
  const auto r = verify_chain(fx_.cert("leaf"), fx_.certs({"Inter"}), {}, VerifyOptions(at_));
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->chain.size(), 2U);
  EXPECT_FALSE(r->anchored);
  EXPECT_FALSE(r->valid());
  ASSERT_NE(r->find("missing_issuer", 1), nullptr);
  EXPECT_NE(r->find("missing_issuer", 1)->message.find("\"CN=Root,O=certkeep tests,C=US\""), std::string::npos);
}

TEST_F(VerifyChain, TheMomentIsAParameter) {
  ASSERT_TRUE(fx_.ok());
  const auto leaf = fx_.cert("leaf");
  const auto& d = leaf.details();
  const auto untrusted = fx_.certs({"Inter"});
  const auto anchors = fx_.certs({"Root"});
  auto at = [&](UnixTime t) { return verify_chain(leaf, untrusted, anchors, VerifyOptions(t)); };
  EXPECT_TRUE(at(d.not_after - 1)->valid());
  EXPECT_TRUE(at(d.not_after)->valid());  // RFC 5280 4.1.2.5: notAfter itself is inside the period
  EXPECT_NE(at(d.not_after + 1)->find("expired", 0), nullptr);
  EXPECT_NE(at(d.not_before - 1)->find("not_yet_valid", 0), nullptr);
  EXPECT_EQ(at(d.not_before)->find("not_yet_valid", 0), nullptr);  // notBefore itself is inside the period
}

TEST_F(VerifyChain, MaxIntermediatesCountsTheCasBetweenLeafAndAnchor) {
  ASSERT_TRUE(fx_.ok());
  VerifyOptions o(at_);
  auto verify = [&](std::size_t max) {
    o.max_intermediates = max;
    return verify_chain(fx_.cert("leaf"), fx_.certs({"Inter"}), fx_.certs({"Root"}), o);
  };
  EXPECT_TRUE(verify(1)->valid());
  const auto refused = verify(0);
  ASSERT_NE(refused->find("chain_too_long", 1), nullptr);
  EXPECT_EQ(refused->find("chain_too_long", 1)->message, "the path has 1 intermediate CA certificates; at most 0 are allowed here");
  // With Inter itself trusted there is no intermediate left.
  EXPECT_TRUE(verify_chain(fx_.cert("leaf"), {}, fx_.certs({"Inter"}), o)->valid());
}

TEST_F(VerifyChain, RefusesANameThatIsNeitherHostNorAddress) {
  ASSERT_TRUE(fx_.ok());
  for (const std::string& bad : {std::string(), std::string("www.example.test\0.evil", 22)}) {
    VerifyOptions o(at_);
    o.name = bad;
    const auto r = verify_chain(fx_.cert("leaf"), fx_.certs({"Inter"}), fx_.certs({"Root"}), o);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, ErrorCode::invalid);
  }
}

TEST_F(VerifyChain, SystemStoreIsTheBundleSslCertFileNames) {
  ASSERT_TRUE(fx_.ok());
  ASSERT_EQ(test::sh("cat '" + (fx_.dir() / "Root.pem") + "' '" + (fx_.dir() / "Other.pem") + "' > '" +
                     (fx_.dir() / "bundle.pem") + "'").exit_code, 0);
  ::setenv("SSL_CERT_FILE", (fx_.dir() / "bundle.pem").c_str(), 1);
  const auto anchors = system_trust_anchors();
  ::setenv("SSL_CERT_FILE", (fx_.dir() / "absent.pem").c_str(), 1);
  const auto absent = system_trust_anchors();
  ::unsetenv("SSL_CERT_FILE");
  ASSERT_TRUE(anchors) << anchors.error().message;
  ASSERT_EQ(anchors->size(), 2U);
  EXPECT_TRUE(verify_chain(fx_.cert("leaf"), fx_.certs({"Inter"}), *anchors, VerifyOptions(at_))->valid());
  ASSERT_FALSE(absent);
  EXPECT_EQ(absent.error().code, ErrorCode::not_found);
  EXPECT_NE(absent.error().message.find("absent.pem: cannot read the system trust store"), std::string::npos);
}

TEST(VerifyCodes, PurposeNamesRoundTrip) {
  for (const auto p : {Purpose::server, Purpose::client, Purpose::any}) EXPECT_EQ(parse_purpose(to_string(p)), p);
  EXPECT_EQ(parse_purpose("sslserver"), std::nullopt);
  EXPECT_EQ(to_string(Severity::warning), "warning");
}

TEST(VerifyCodes, EveryCodeIsDocumented) {
  const auto doc = test::read_bytes(std::string(CERTKEEP_SOURCE_DIR) + "/docs/verify.md");
  const std::string text(doc.begin(), doc.end());
  for (const auto code : problem_codes())
    EXPECT_NE(text.find("| `" + std::string(code) + "` |"), std::string::npos) << code << " is missing from docs/verify.md";
}

}  // namespace
}  // namespace certkeep
