// candidate_paths: every path to an anchor, none through a certificate twice, within its limits. The
// certificates are made by the openssl CLI (verify_test_fixtures.h).
#include "core/x509/path_candidates.h"

#include <gtest/gtest.h>

#include "core/x509/verify_test_fixtures.h"

namespace certkeep::x509 {
namespace {

// Root -> Inter -> leaf, plus a second issuer of Inter's name and key under RootB (a cross-certificate)
// and two CAs that certify each other (a loop with no way out).
const char* const kGraph =
    "ck_ca . RootB ec:P-256\n"
    "cp Inter.key InterB.key\n"
    "ck_sign RootB InterB /CN=Inter \"$CA\"\n"
    "ck_self LoopA LoopA \"$CA\nsubjectKeyIdentifier=hash\"\n"
    "ck_sign LoopA LoopB /CN=LoopB \"$CA\"\n"
    "cp LoopA.key LoopA2.key\n"
    "ck_sign LoopB LoopA2 /CN=LoopA \"$CA\"\n";

const UnixTime kAt = system_now() + 3600;

class CandidatePaths : public ::testing::Test {
 protected:
  const test::VerifyFixtureDir fx_{kGraph};
};

std::vector<std::string> subjects(const CandidatePath& p) {
  std::vector<std::string> out;
  for (const auto& c : p.intermediates) out.push_back(c.details().subject);
  out.push_back(p.anchor.details().subject);
  return out;
}

TEST_F(CandidatePaths, EveryIssuerOfTheRightNameAndKeyLeadsToAPath) {
  ASSERT_TRUE(fx_.ok());
  const auto paths = candidate_paths(fx_.cert("leaf"), fx_.certs({"Inter", "InterB"}), fx_.certs({"Root", "RootB"}), kAt);
  ASSERT_EQ(paths.size(), 2U);
  EXPECT_EQ(paths[0].intermediates.at(0), fx_.cert("Inter"));
  EXPECT_EQ(paths[0].anchor, fx_.cert("Root"));
  EXPECT_EQ(paths[1].intermediates.at(0), fx_.cert("InterB"));
  EXPECT_EQ(paths[1].anchor.details().subject, "CN=RootB,O=certkeep tests,C=US");
}

TEST_F(CandidatePaths, ATrustedIssuerEndsThePath) {
  ASSERT_TRUE(fx_.ok());
  const auto paths = candidate_paths(fx_.cert("leaf"), fx_.certs({"Root"}), fx_.certs({"Inter"}), kAt);
  ASSERT_EQ(paths.size(), 1U);
  EXPECT_TRUE(paths[0].intermediates.empty());
  EXPECT_EQ(subjects(paths[0]), std::vector<std::string>{"CN=Inter"});
}

TEST_F(CandidatePaths, ALoopWithoutAnAnchorGivesNoPathAndStops) {
  ASSERT_TRUE(fx_.ok());
  EXPECT_TRUE(candidate_paths(fx_.cert("LoopB"), fx_.certs({"LoopA2", "LoopB", "LoopA"}), fx_.certs({"Root"}), kAt).empty());
}

TEST_F(CandidatePaths, AnIntermediateThatCannotBeValidThenIsNoCandidate) {
  ASSERT_TRUE(fx_.ok());
  const auto leaf = fx_.cert("leaf");
  const UnixTime after_inter_expired = fx_.cert("Inter").details().not_after + 1;
  EXPECT_EQ(candidate_paths(leaf, fx_.certs({"Inter"}), fx_.certs({"Root"}), kAt).size(), 1U);
  EXPECT_TRUE(candidate_paths(leaf, fx_.certs({"Inter"}), fx_.certs({"Root"}), after_inter_expired).empty());
}

TEST_F(CandidatePaths, LimitsBoundTheSearch) {
  ASSERT_TRUE(fx_.ok());
  const auto untrusted = fx_.certs({"Inter", "InterB"});
  const auto anchors = fx_.certs({"Root", "RootB"});
  EXPECT_EQ(candidate_paths(fx_.cert("leaf"), untrusted, anchors, kAt, {.max_paths = 1}).size(), 1U);
  EXPECT_TRUE(candidate_paths(fx_.cert("leaf"), untrusted, anchors, kAt, {.max_intermediates = 0}).empty());
  EXPECT_TRUE(candidate_paths(fx_.cert("leaf"), untrusted, anchors, kAt, {.max_steps = 1}).empty());
}

}  // namespace
}  // namespace certkeep::x509
