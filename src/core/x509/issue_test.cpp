// Self-signed placeholders and certificate requests: what certkeep reads back, and what openssl accepts.
#include <gtest/gtest.h>

#include "core/x509/issue.h"
#include "support/tools.h"

namespace certkeep {
namespace {

using test::sh;

constexpr UnixTime kNotBefore = 1'767'225'600;  // 2026-01-01T00:00:00Z
constexpr const char* kSubject = "CN=host.example,O=Example Org,C=US";

PrivateKey key_of(const char* spec) {
  auto key = generate_key(*parse_key_spec(spec));
  EXPECT_TRUE(key) << key.error().message;
  return *key;
}

std::vector<GeneralName> sans() {
  return {{"DNS", "host.example"}, {"IP", "192.0.2.1"}, {"IP", "2001:db8:0:0:0:0:0:1"}, {"email", "ops@example.com"},
          {"URI", "https://host.example/"}};
}

void expect_same_names(const std::vector<GeneralName>& got, const std::vector<GeneralName>& want) {
  ASSERT_EQ(got.size(), want.size());
  for (std::size_t i = 0; i < want.size(); ++i) {
    EXPECT_EQ(got[i].type, want[i].type);
    EXPECT_EQ(got[i].value, want[i].value);
  }
}

class SelfSigned : public ::testing::TestWithParam<const char*> {};

TEST_P(SelfSigned, IsTheKeytoolLikePlaceholder) {
  const PrivateKey key = key_of(GetParam());
  const auto subject = parse_distinguished_name(kSubject);
  ASSERT_TRUE(subject);
  const auto cert = self_signed(key, {subject->get(), sans(), kNotBefore, 397});
  ASSERT_TRUE(cert) << cert.error().message;
  const auto& d = cert->details();
  EXPECT_EQ(d.version, 3);
  EXPECT_EQ(d.subject, kSubject);
  EXPECT_EQ(d.issuer, kSubject);
  EXPECT_EQ(d.not_before, kNotBefore);
  EXPECT_EQ(d.not_after, kNotBefore + UnixTime{397} * 86400);
  expect_same_names(d.subject_alt_names, sans());
  EXPECT_TRUE(d.self_signed);
  EXPECT_TRUE(key.matches(*cert));
  EXPECT_FALSE(d.serial.empty());
  EXPECT_NE(d.serial[0], '-');
  EXPECT_LE(d.serial.size(), 16U);
  EXPECT_TRUE(d.subject_key_id.has_value());
  ASSERT_TRUE(d.basic_constraints.has_value());
  EXPECT_FALSE(d.basic_constraints->ca);
  EXPECT_EQ(d.public_key.algorithm, key.info().algorithm);
  const std::string want_sig = key.info().algorithm == "Ed25519" ? "ED25519"
                               : key.info().algorithm == "EC"    ? "ecdsa-with-SHA256"
                                                                  : "sha256WithRSAEncryption";
  EXPECT_EQ(d.signature_algorithm, want_sig);

  const test::TempDir dir;
  test::write_bytes(dir / "c.pem", [&] {
    const std::string pem = certificates_pem(std::span(&*cert, 1));
    return std::vector<std::uint8_t>(pem.begin(), pem.end());
  }());
  const auto text = sh("openssl x509 -in '" + dir / "c.pem" + "' -noout -text");
  ASSERT_EQ(text.exit_code, 0) << text.err;
  EXPECT_NE(text.out.find("DNS:host.example, IP Address:192.0.2.1, IP Address:2001:DB8:0:0:0:0:0:1, "
                          "email:ops@example.com, URI:https://host.example/"),
            std::string::npos)
      << text.out;
  EXPECT_NE(text.out.find("Not Before: Jan  1 00:00:00 2026 GMT"), std::string::npos) << text.out;
  const auto verify = sh("openssl verify -CAfile '" + dir / "c.pem" + "' '" + dir / "c.pem" + "'");
  EXPECT_EQ(verify.exit_code, 0) << verify.out << verify.err;
}

INSTANTIATE_TEST_SUITE_P(Keys, SelfSigned, ::testing::Values("rsa:2048", "ec:P-384", "ed25519"));

TEST(SelfSignedSpec, SerialsDifferAndNoNamesMeansNoSan) {
  const PrivateKey key = key_of("ec:P-256");
  const auto subject = parse_distinguished_name("CN=placeholder");
  ASSERT_TRUE(subject);
  const auto a = self_signed(key, {subject->get(), {}, kNotBefore, 1});
  const auto b = self_signed(key, {subject->get(), {}, kNotBefore, 1});
  ASSERT_TRUE(a && b);
  EXPECT_NE(a->details().serial, b->details().serial);
  EXPECT_TRUE(a->details().subject_alt_names.empty());
  EXPECT_EQ(a->details().not_after - a->details().not_before, 86400);
}

TEST(SelfSignedSpec, BadSpecsAreInvalid) {
  const PrivateKey key = key_of("ec:P-256");
  const auto subject = parse_distinguished_name("CN=placeholder");
  ASSERT_TRUE(subject);
  EXPECT_EQ(self_signed(key, {nullptr, {}, kNotBefore, 90}).error().code, ErrorCode::invalid);
  EXPECT_EQ(self_signed(key, {subject->get(), {}, kNotBefore, 0}).error().code, ErrorCode::invalid);
  const auto bad_san = self_signed(key, {subject->get(), {{"IP", "nope"}}, kNotBefore, 90});
  ASSERT_FALSE(bad_san);
  EXPECT_NE(bad_san.error().message.find("IP:nope"), std::string::npos);
}

class Csr : public ::testing::TestWithParam<const char*> {};

TEST_P(Csr, CarriesSubjectNamesAndAValidSignature) {
  const PrivateKey key = key_of(GetParam());
  const auto subject = parse_distinguished_name("/C=CH/O=Bäckerei Müller/CN=Zürich.example");
  ASSERT_TRUE(subject);
  const auto der = make_csr_der(key, subject->get(), sans());
  ASSERT_TRUE(der) << der.error().message;
  const auto req = CertificateRequest::from_der(*der);
  ASSERT_TRUE(req) << req.error().message;
  EXPECT_EQ(req->details().subject, "CN=Zürich.example,O=Bäckerei Müller,C=CH");
  expect_same_names(req->details().subject_alt_names, sans());
  EXPECT_TRUE(req->details().signature_valid);
  EXPECT_EQ(req->details().public_key.algorithm, key.info().algorithm);

  const test::TempDir dir;
  const std::string pem = csr_pem(*der);
  EXPECT_EQ(pem.rfind("-----BEGIN CERTIFICATE REQUEST-----\n", 0), 0U);
  test::write_bytes(dir / "r.pem", std::vector<std::uint8_t>(pem.begin(), pem.end()));
  const auto verify = sh("openssl req -in '" + dir / "r.pem" + "' -verify -noout");
  EXPECT_EQ(verify.exit_code, 0) << verify.out << verify.err;
  const auto text = sh("openssl req -in '" + dir / "r.pem" + "' -noout -text");
  EXPECT_NE(text.out.find("Requested Extensions:"), std::string::npos) << text.out;
  EXPECT_NE(text.out.find("Version: 1 (0x0)"), std::string::npos) << text.out;
}

INSTANTIATE_TEST_SUITE_P(Keys, Csr, ::testing::Values("rsa:2048", "ec:P-256", "ed25519"));

TEST(CsrSpec, WithoutNamesHasNoExtensionRequest) {
  const PrivateKey key = key_of("ec:P-256");
  const auto subject = parse_distinguished_name("CN=host.example");
  ASSERT_TRUE(subject);
  const auto der = make_csr_der(key, subject->get(), {});
  ASSERT_TRUE(der);
  const auto req = CertificateRequest::from_der(*der);
  ASSERT_TRUE(req);
  EXPECT_TRUE(req->details().subject_alt_names.empty());
  EXPECT_TRUE(req->details().signature_valid);
  EXPECT_EQ(make_csr_der(key, nullptr, {}).error().code, ErrorCode::invalid);
}

}  // namespace
}  // namespace certkeep
