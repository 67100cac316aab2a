#include <gtest/gtest.h>

#include "core/x509/certificate.h"
#include "core/x509/issue.h"

namespace certkeep {
namespace {

Certificate make_certificate(const std::string& cn) {
  auto key = generate_key(KeySpec{"EC", 0, "P-256"});
  EXPECT_TRUE(key);
  auto name = parse_distinguished_name("CN=" + cn);
  EXPECT_TRUE(name);
  auto cert = self_signed(*key, SelfSignedSpec{name->get(), {}, 1'700'000'000, 30});
  EXPECT_TRUE(cert);
  return *cert;
}

std::vector<std::uint8_t> der_of(const Certificate& c) { return {c.der().begin(), c.der().end()}; }

// The same body is shared: its lazily computed details live at the same address.
bool same_body(const Certificate& a, const Certificate& b) { return &a.details() == &b.details(); }

TEST(CertificateReuse, IdenticalBytesGiveTheKnownCertificateOnlyInsideTheScope) {
  const Certificate a = make_certificate("a.example");
  const auto bytes = der_of(a);
  {
    const std::vector<Certificate> known{a};
    const CertificateReuse reuse(known);
    auto again = Certificate::from_der(bytes);
    ASSERT_TRUE(again);
    EXPECT_TRUE(same_body(*again, a));
  }
  auto fresh = Certificate::from_der(bytes);
  ASSERT_TRUE(fresh);
  EXPECT_EQ(*fresh, a);
  EXPECT_FALSE(same_body(*fresh, a));
}

TEST(CertificateReuse, OtherBytesAreParsedAndScopesNest) {
  const Certificate a = make_certificate("a.example");
  const Certificate b = make_certificate("b.example");
  const std::vector<Certificate> outer_known{a};
  const CertificateReuse outer(outer_known);
  {
    const std::vector<Certificate> inner_known{b};
    const CertificateReuse inner(inner_known);
    auto got_b = Certificate::from_der(der_of(b));
    ASSERT_TRUE(got_b);
    EXPECT_TRUE(same_body(*got_b, b));
    auto got_a = Certificate::from_der(der_of(a));  // only the innermost scope is consulted
    ASSERT_TRUE(got_a);
    EXPECT_FALSE(same_body(*got_a, a));
  }
  auto got_a = Certificate::from_der(der_of(a));
  ASSERT_TRUE(got_a);
  EXPECT_TRUE(same_body(*got_a, a));
  auto bad = der_of(a);
  bad.push_back(0);
  EXPECT_FALSE(Certificate::from_der(bad));  // trailing bytes: not the known certificate, and refused
}

}  // namespace
}  // namespace certkeep
