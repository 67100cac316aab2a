#include "core/x509/expiry.h"

#include <gtest/gtest.h>

namespace certkeep {
namespace {

TEST(Expiry, JudgesEveryBoundary) {
  CertificateDetails d;
  d.not_before = 1000 * 86400;
  d.not_after = 2000 * 86400;
  const ExpiryPolicy p{30};
  struct Case {
    UnixTime at;
    ExpiryStatus want;
  };
  const Case cases[] = {
      {d.not_before - 1, ExpiryStatus::not_yet_valid},
      {d.not_before, ExpiryStatus::valid},  // RFC 5280: notBefore is inside the period
      {d.not_after - 30 * 86400, ExpiryStatus::valid},
      {d.not_after - 30 * 86400 + 1, ExpiryStatus::expiring},
      {d.not_after, ExpiryStatus::expiring},  // and so is notAfter
      {d.not_after + 1, ExpiryStatus::expired},
  };
  for (const auto& c : cases) EXPECT_EQ(judge_expiry(d, c.at, p), c.want) << c.at;
}

TEST(Expiry, StableNames) {
  EXPECT_EQ(to_string(ExpiryStatus::valid), "VALID");
  EXPECT_EQ(to_string(ExpiryStatus::expiring), "EXPIRING");
  EXPECT_EQ(to_string(ExpiryStatus::expired), "EXPIRED");
  EXPECT_EQ(to_string(ExpiryStatus::not_yet_valid), "NOT_YET_VALID");
}

}  // namespace
}  // namespace certkeep
