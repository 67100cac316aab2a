// The strict rules on chains given directly, to pin down what applies to which certificate.
#include "core/x509/strict.h"

#include <algorithm>

#include <gtest/gtest.h>

#include "core/x509/verify_test_fixtures.h"

namespace certkeep::x509 {
namespace {

std::vector<std::string> codes(const std::vector<Problem>& ps) {
  std::vector<std::string> out;
  out.reserve(ps.size());
  for (const auto& p : ps) out.push_back(p.code + "@" + std::to_string(p.depth));
  std::ranges::sort(out);
  return out;
}

class StrictChecks : public ::testing::Test {
 protected:
  // NegRoot: a root with a negative serial; negleaf: an ordinary server certificate under it.
  const test::VerifyFixtureDir fx_{
      "ck_keygen NegRoot.key ec:P-256\n"
      "openssl req -x509 -new -key NegRoot.key -subj /CN=NegRoot -set_serial -1 -days 30 "
      "-addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign -out NegRoot.pem\n"
      "ck_issue . NegRoot negleaf /CN=www.example.test -1 +30 ec:P-256 DNS:www.example.test\n"};
};

TEST_F(StrictChecks, ATrustAnchorIsNotProfileChecked) {
  ASSERT_TRUE(fx_.ok());
  const auto chain = fx_.certs({"negleaf", "NegRoot"});
  EXPECT_EQ(codes(strict_checks({chain, true, Purpose::server})), std::vector<std::string>{});
}

TEST_F(StrictChecks, TheSameRootUntrustedIsProfileChecked) {
  ASSERT_TRUE(fx_.ok());
  const auto chain = fx_.certs({"negleaf", "NegRoot"});
  EXPECT_EQ(codes(strict_checks({chain, false, Purpose::server})), std::vector<std::string>{"serial_not_positive@1"});
}

TEST_F(StrictChecks, AnIssuerIsAlwaysCheckedForBeingACa) {
  ASSERT_TRUE(fx_.ok());
  const auto chain = fx_.certs({"leaf", "negleaf"});  // a leaf standing in as an anchor issuer
  EXPECT_EQ(codes(strict_checks({chain, true, Purpose::server})),
            (std::vector<std::string>{"aki_ski_mismatch@0", "ca_not_marked_ca@1", "wrong_key_usage@1"}));
}

TEST_F(StrictChecks, ProblemsCiteTheirRule) {
  ASSERT_TRUE(fx_.ok());
  const auto chain = fx_.certs({"leaf", "negleaf"});
  const auto problems = strict_checks({chain, false, Purpose::server});
  ASSERT_FALSE(problems.empty());
  for (const auto& p : problems) EXPECT_NE(p.message.find("RFC 5280 4."), std::string::npos) << p.message;
}

TEST_F(StrictChecks, AnyPurposeChecksNoLeafUsage) {
  ASSERT_TRUE(fx_.ok());
  const auto chain = fx_.certs({"Inter", "Root"});  // a CA certificate as the "leaf"
  EXPECT_EQ(codes(strict_checks({chain, true, Purpose::any})), std::vector<std::string>{});
  EXPECT_EQ(codes(strict_checks({chain, true, Purpose::server})),
            (std::vector<std::string>{"ca_as_leaf@0", "missing_extended_key_usage@0", "wrong_key_usage@0"}));
}

}  // namespace
}  // namespace certkeep::x509
