// locate_fields against OpenSSL's own encoding of the same fields, and on broken framing; deferred
// certificates against eagerly decoded ones.
#include "core/x509/certificate_fields.h"

#include <algorithm>

#include <gtest/gtest.h>
#include <openssl/x509.h>

#include "core/ossl/bio.h"
#include "core/x509/certificate.h"
#include "core/x509/issue.h"
#include "core/x509/verify_test_fixtures.h"

namespace certkeep::x509 {
namespace {

using Bytes = std::vector<std::uint8_t>;

Certificate make_certificate(const std::string& dn) {
  auto key = generate_key(KeySpec{"EC", 0, "P-256"});
  EXPECT_TRUE(key);
  auto name = parse_distinguished_name(dn);
  EXPECT_TRUE(name);
  auto cert = self_signed(*key, SelfSignedSpec{name->get(), {{"DNS", "a.example"}}, 1'700'000'000, 30});
  EXPECT_TRUE(cert);
  return *cert;
}

Bytes bytes(std::span<const std::uint8_t> s) { return {s.begin(), s.end()}; }

TEST(LocateFields, FindsTheBytesOpenSslEncodesTheFieldsWith) {
  const auto cert = make_certificate("CN=fields.example,O=certkeep tests,C=US");
  auto f = locate_fields(cert.der());
  ASSERT_TRUE(f) << f.error().message;
  EXPECT_EQ(bytes(f->subject.in(cert.der())), ossl::to_der(X509_get_subject_name(cert.x509()), i2d_X509_NAME));
  EXPECT_EQ(bytes(f->issuer.in(cert.der())), ossl::to_der(X509_get_issuer_name(cert.x509()), i2d_X509_NAME));
  EXPECT_EQ(bytes(f->public_key.in(cert.der())), ossl::to_der(X509_get_X509_PUBKEY(cert.x509()), i2d_X509_PUBKEY));
}

TEST(LocateFields, NamesWhereTheFramingBreaks) {
  const auto cert = make_certificate("CN=broken.example");
  const Bytes der = bytes(cert.der());
  const auto error = [](const Bytes& b) {
    auto f = locate_fields(b);
    return f ? std::string("located") : f.error().message;
  };
  EXPECT_EQ(error(Bytes(der.begin(), der.begin() + 100)), "truncated DER at offset 100: the structure at offset 0 declares " +
                                                             std::to_string(der.size()) + " bytes");
  Bytes trailing = der;
  trailing.push_back(0);
  EXPECT_EQ(error(trailing), "unexpected data after the certificate at offset " + std::to_string(der.size()));
  Bytes not_a_sequence = der;
  not_a_sequence[0] = 0x31;
  EXPECT_EQ(error(not_a_sequence), "expected a certificate at offset 0");
  EXPECT_EQ(error({}), "expected a certificate at offset 0");
  Bytes no_serial = der;
  const auto serial = std::ranges::search(no_serial, Bytes{0xA0, 0x03, 0x02, 0x01, 0x02, 0x02});
  ASSERT_FALSE(serial.empty());
  *(serial.begin() + 5) = 0x04;
  EXPECT_EQ(error(no_serial), "expected the serial number at offset " +
                                  std::to_string(serial.begin() + 5 - no_serial.begin()));
}

TEST(DeferredCertificate, DecodesOnFirstUseToTheSameValue) {
  const auto cert = make_certificate("CN=deferred.example");
  auto later = Certificate::deferred(cert.der());
  ASSERT_TRUE(later) << later.error().message;
  EXPECT_EQ(*later, cert);
  ASSERT_TRUE(later->encoded());
  EXPECT_EQ(bytes(later->encoded()->subject), ossl::to_der(X509_get_subject_name(cert.x509()), i2d_X509_NAME));
  EXPECT_TRUE(later->parse());
  EXPECT_EQ(later->details().subject, "CN=deferred.example");
  EXPECT_EQ(later->details().fingerprints.sha256, cert.details().fingerprints.sha256);
}

TEST(DeferredCertificate, BytesThatDoNotDecodeFailOnFirstUseNotBefore) {
  const auto bad = test::undecodable_copy(make_certificate("CN=bad.example").der());
  auto eager = Certificate::from_der(bad);
  ASSERT_FALSE(eager);
  EXPECT_EQ(eager.error().message, "certificate version 6 is not 1, 2 or 3");
  auto later = Certificate::deferred(bad);
  ASSERT_TRUE(later) << later.error().message;
  const Certificate copy = *later;
  auto parsed = later->parse();
  ASSERT_FALSE(parsed);
  EXPECT_EQ(parsed.error().message, "certificate version 6 is not 1, 2 or 3");
  EXPECT_FALSE(copy.parse());  // copies share the outcome
  EXPECT_EQ(copy.x509(), nullptr);
  EXPECT_TRUE(copy.details().subject.empty());
  EXPECT_EQ(bytes(copy.der()), bad);
}

TEST(DeferredCertificate, WhatOpenSslReadsButTheLocatorDoesNotFollowIsDecodedAtOnce) {
  const auto cert = make_certificate("CN=lenient.example");
  auto f = locate_fields(cert.der());
  ASSERT_TRUE(f);
  Bytes lenient = bytes(cert.der());
  lenient[f->issuer.offset] = 0x10;  // SEQUENCE without its constructed bit (found by fuzz_pkcs12)
  EXPECT_FALSE(locate_fields(lenient));
  ASSERT_TRUE(Certificate::from_der(lenient));  // OpenSSL 3.0 reads it
  auto deferred = Certificate::deferred(lenient);
  ASSERT_TRUE(deferred) << deferred.error().message;
  EXPECT_NE(deferred->x509(), nullptr);
  EXPECT_EQ(bytes(deferred->der()), lenient);
}

TEST(DeferredCertificate, RefusesWhatIsNotFramedAsACertificate) {
  const auto cert = make_certificate("CN=framing.example");
  auto cut = Certificate::deferred(cert.der().first(cert.der().size() - 1));
  ASSERT_FALSE(cut);
  EXPECT_EQ(cut.error().code, ErrorCode::malformed);
}

}  // namespace
}  // namespace certkeep::x509
