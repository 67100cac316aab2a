// PEM output checked by openssl: certificates in order, requests, and PKCS#8 keys with and without a password.
#include <gtest/gtest.h>

#include "core/x509/issue.h"
#include "support/tools.h"

namespace certkeep {
namespace {

using test::sh;

constexpr const char* kPassword = "s3cret pass";

void write_text(const std::string& path, const std::string& text) {
  test::write_bytes(path, std::vector<std::uint8_t>(text.begin(), text.end()));
}

std::string public_pem(const PrivateKey& key) {
  const ossl::UniquePtr<BIO> bio(BIO_new(BIO_s_mem()));
  EXPECT_EQ(PEM_write_bio_PUBKEY(bio.get(), key.pkey()), 1);
  char* p = nullptr;
  const long n = BIO_get_mem_data(bio.get(), &p);
  return std::string(p, static_cast<std::size_t>(n));
}

class PrivateKeyPem : public ::testing::TestWithParam<const char*> {
 protected:
  PrivateKey key_ = *generate_key(*parse_key_spec(GetParam()));
  test::TempDir dir_;
};

TEST_P(PrivateKeyPem, EncryptedWithPbes2AndTheIterationCount) {
  const auto pem = private_key_pem(key_, Secret(kPassword));
  ASSERT_TRUE(pem) << pem.error().message;
  EXPECT_EQ(pem->rfind("-----BEGIN ENCRYPTED PRIVATE KEY-----\n", 0), 0U);
  write_text(dir_ / "k.pem", *pem);
  const auto pub = sh("openssl pkey -in '" + dir_ / "k.pem" + "' -passin 'pass:" + kPassword + "' -pubout");
  ASSERT_EQ(pub.exit_code, 0) << pub.err;
  EXPECT_EQ(pub.out, public_pem(key_));

  const auto wrong = sh("openssl pkey -in '" + dir_ / "k.pem" + "' -passin pass:wrong -noout");
  EXPECT_NE(wrong.exit_code, 0);

  const auto asn1 = sh("openssl asn1parse -in '" + dir_ / "k.pem" + "'");
  ASSERT_EQ(asn1.exit_code, 0) << asn1.err;
  for (const char* want : {":PBES2", ":PBKDF2", ":hmacWithSHA256", ":aes-256-cbc", "INTEGER           :0186A0"})
    EXPECT_NE(asn1.out.find(want), std::string::npos) << want << "\n" << asn1.out;
  EXPECT_EQ(kPkcs8Iterations, 0x186A0);
  // Salt: a 16-byte OCTET STRING right after the PBKDF2 OID.
  EXPECT_NE(asn1.out.find("l=  16 prim: OCTET STRING", asn1.out.find(":PBKDF2")), std::string::npos) << asn1.out;
}

TEST_P(PrivateKeyPem, UnencryptedIsPlainPkcs8) {
  const auto pem = private_key_pem(key_, std::nullopt);
  ASSERT_TRUE(pem) << pem.error().message;
  EXPECT_EQ(pem->rfind("-----BEGIN PRIVATE KEY-----\n", 0), 0U);
  write_text(dir_ / "k.pem", *pem);
  const auto pub = sh("openssl pkey -in '" + dir_ / "k.pem" + "' -pubout");
  ASSERT_EQ(pub.exit_code, 0) << pub.err;
  EXPECT_EQ(pub.out, public_pem(key_));
}

INSTANTIATE_TEST_SUITE_P(Keys, PrivateKeyPem, ::testing::Values("rsa:2048", "ec:P-256", "ed25519"));

TEST(PrivateKeyPemPassword, EmptyPasswordStillEncrypts) {
  const PrivateKey key = *generate_key(*parse_key_spec("ec:P-256"));
  const auto pem = private_key_pem(key, Secret(""));
  ASSERT_TRUE(pem);
  EXPECT_EQ(pem->rfind("-----BEGIN ENCRYPTED PRIVATE KEY-----\n", 0), 0U);
  const test::TempDir dir;
  write_text(dir / "k.pem", *pem);
  EXPECT_EQ(sh("openssl pkey -in '" + dir / "k.pem" + "' -passin pass: -noout").exit_code, 0);
}

TEST(CertificatesPem, OneBlockPerCertificateInOrder) {
  const PrivateKey key = *generate_key(*parse_key_spec("ec:P-256"));
  std::vector<Certificate> certs;
  for (const char* cn : {"CN=first", "CN=second"}) {
    const auto subject = parse_distinguished_name(cn);
    ASSERT_TRUE(subject);
    certs.push_back(*self_signed(key, {subject->get(), {}, 1'767'225'600, 30}));
  }
  const std::string pem = certificates_pem(certs);
  EXPECT_EQ(pem.rfind("-----BEGIN CERTIFICATE-----\n", 0), 0U);
  const test::TempDir dir;
  write_text(dir / "chain.pem", pem);
  const auto subjects = sh("openssl crl2pkcs7 -nocrl -certfile '" + dir / "chain.pem" +
                           "' | openssl pkcs7 -print_certs -noout");
  ASSERT_EQ(subjects.exit_code, 0) << subjects.err;
  const auto first = subjects.out.find("subject=CN = first");
  const auto second = subjects.out.find("subject=CN = second");
  ASSERT_NE(first, std::string::npos) << subjects.out;
  ASSERT_NE(second, std::string::npos) << subjects.out;
  EXPECT_LT(first, second);
  EXPECT_TRUE(certificates_pem({}).empty());
}

}  // namespace
}  // namespace certkeep
