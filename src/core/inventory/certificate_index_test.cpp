#include "core/inventory/certificate_index.h"

#include <gtest/gtest.h>

#include "core/x509/issue.h"

namespace certkeep {
namespace {

Certificate make(const std::string& cn, int days) {
  const auto key = generate_key(*parse_key_spec("ec:P-256"));
  const auto name = parse_distinguished_name("CN=" + cn);
  SelfSignedSpec spec;
  spec.subject = name->get();
  spec.not_before = 1'700'000'000;
  spec.days = days;
  return *self_signed(*key, spec);
}

TEST(CertificateIndex, KeepsEachCertificateOnceWithEveryPlaceItLives) {
  const auto soon = make("soon", 10);
  const auto later = make("later", 300);
  CertificateIndex index;
  index.add(later, {Location::Kind::file, "/etc/a.p12", "gateway", 0});
  index.add(soon, {Location::Kind::endpoint, "gw:443", "gw", 0});
  index.add(later, {Location::Kind::endpoint, "gw2:443", "", 0});
  index.add(later, {Location::Kind::file, "/etc/a.p12", "gateway", 0});  // the same place again
  // The same bytes parsed separately are the same certificate.
  index.add(*Certificate::from_der(later.der()), {Location::Kind::file, "/etc/b.jks", "gw", 0});
  ASSERT_EQ(index.size(), 2U);
  const auto sorted = index.by_expiry();
  EXPECT_EQ(sorted[0]->certificate, soon);
  EXPECT_EQ(sorted[1]->certificate, later);
  ASSERT_EQ(sorted[1]->locations.size(), 3U);
  EXPECT_EQ(sorted[1]->locations[1].where, "gw2:443");
  EXPECT_EQ(sorted[1]->locations[2].where, "/etc/b.jks");
}

}  // namespace
}  // namespace certkeep
