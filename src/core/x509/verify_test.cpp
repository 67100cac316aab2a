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

// CRLs made by `openssl ca -gencrl`: Root's (empty), and Inter's, one revoking "revoked" and one
// without a CRL number.
const char* const kCrlRecipe = R"SH(
ck_issue . Inter revoked '/CN=www.example.test' -10 +300 ec:P-256 'DNS:www.example.test'
touch index.txt; echo 1000 > crlnumber
printf '[ca]
default_ca = c
[c]
database = index.txt
crlnumber = crlnumber
default_md = sha256
default_crl_days = 30
crl_extensions = crl_ext
[crl_ext]
authorityKeyIdentifier = keyid
' > crl.cnf
openssl ca -config crl.cnf -keyfile Root.key -cert Root.pem -gencrl -out root.crl 2>/dev/null
openssl ca -config crl.cnf -keyfile Inter.key -cert Inter.pem -revoke revoked.pem 2>/dev/null
openssl ca -config crl.cnf -keyfile Inter.key -cert Inter.pem -gencrl -out inter.crl 2>/dev/null
grep -v '^crlnumber' crl.cnf > nonumber.cnf
openssl ca -config nonumber.cnf -keyfile Inter.key -cert Inter.pem -gencrl -out nonumber.crl 2>/dev/null
openssl crl -in inter.crl -outform DER -out inter.der
)SH";

class VerifyRevocation : public ::testing::Test {
 protected:
  const test::VerifyFixtureDir fx_{kCrlRecipe};
  const UnixTime at_ = system_now() + 3600;

  [[nodiscard]] std::vector<Crl> crls(const std::string& file) const {
    auto read = Crl::read_all(test::read_bytes(fx_.dir() / file));
    EXPECT_TRUE(read) << read.error().message;
    return read ? *read : std::vector<Crl>{};
  }
  [[nodiscard]] VerifyResult verify(const std::string& leaf, const std::string& crl_file, UnixTime at) const {
    VerifyOptions o(at);
    o.crls = crls(crl_file);
    auto r = verify_chain(fx_.cert(leaf), fx_.certs({"Inter"}), fx_.certs({"Root"}), o);
    EXPECT_TRUE(r) << r.error().message;
    return *r;
  }
};

TEST_F(VerifyRevocation, ARevokedLeafIsRefusedAndTheOthersPass) {
  ASSERT_TRUE(fx_.ok());
  EXPECT_TRUE(verify("leaf", "inter.crl", at_).valid());  // Inter itself has no CRL from Root: not required
  const auto revoked = verify("revoked", "inter.crl", at_);
  EXPECT_FALSE(revoked.valid());
  EXPECT_NE(revoked.find("revoked", 0), nullptr);
  EXPECT_NE(verify("revoked", "inter.der", at_).find("revoked", 0), nullptr);  // the same CRL in DER
}

TEST_F(VerifyRevocation, TheLeafMustBeCoveredByAValidCrl) {
  ASSERT_TRUE(fx_.ok());
  EXPECT_NE(verify("leaf", "root.crl", at_).find("crl_missing", 0), nullptr);
  EXPECT_NE(verify("leaf", "inter.crl", at_ + 40 * 86400).find("crl_expired", 0), nullptr);  // past nextUpdate
  const auto nonumber = verify("leaf", "nonumber.crl", at_);
  ASSERT_NE(nonumber.find("crl_invalid", 0), nullptr);
  EXPECT_EQ(nonumber.find("crl_invalid", 0)->message, "the issuer's CRL has no CRL number (RFC 5280 5.2.3)");
}

TEST_F(VerifyRevocation, ReadAllTellsJunkFromNothing) {
  ASSERT_TRUE(fx_.ok());
  const auto both = test::read_bytes(fx_.dir() / "inter.crl");
  auto twice = both;
  twice.insert(twice.end(), both.begin(), both.end());
  EXPECT_EQ(Crl::read_all(twice)->size(), 2U);
  EXPECT_EQ(Crl::read_all(test::read_bytes(fx_.dir() / "Root.pem")).error().code, ErrorCode::not_found);
  const std::vector<std::uint8_t> junk = {0x30, 0x03, 0x02, 0x01};
  EXPECT_EQ(Crl::read_all(junk).error().code, ErrorCode::malformed);
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
