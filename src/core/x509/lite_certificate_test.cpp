// decode_lite against d2i_X509 (same acceptance, byte by byte over damaged certificates) and the key
// descriptions read from the encoding against OpenSSL's decoded keys, for every key type certkeep makes
// and for keys the fast path must leave to OpenSSL.
#include "core/x509/lite_certificate.h"

#include <thread>

#include <gtest/gtest.h>
#include <openssl/core_names.h>

#include "core/ossl/error.h"
#include "core/x509/details.h"
#include "core/x509/issue.h"

namespace certkeep::x509 {
namespace {

using Bytes = std::vector<std::uint8_t>;

Certificate certificate_with(const PrivateKey& key) {
  auto name = parse_distinguished_name("CN=lite.example,O=certkeep tests");
  EXPECT_TRUE(name);
  auto cert = self_signed(key, SelfSignedSpec{name->get(), {{"DNS", "lite.example"}}, 1'700'000'000, 30});
  EXPECT_TRUE(cert) << (cert ? "" : cert.error().message);
  return *cert;
}

Certificate certificate_for(const KeySpec& spec) {
  auto key = generate_key(spec);
  EXPECT_TRUE(key) << (key ? "" : key.error().message);
  return certificate_with(*key);
}

// What OpenSSL says of the key once d2i_X509 has decoded it.
PublicKeyInfo decoded_key(std::span<const std::uint8_t> der) {
  const unsigned char* p = der.data();
  const ossl::UniquePtr<X509> x(d2i_X509(nullptr, &p, static_cast<long>(der.size())));
  ossl::clear_errors();
  return describe_key(x ? X509_get0_pubkey(x.get()) : nullptr);
}

std::optional<PublicKeyInfo> encoded_key(std::span<const std::uint8_t> der) {
  std::size_t used = 0;
  const auto lite = decode_lite(der, used);
  EXPECT_TRUE(lite);
  return lite ? describe_encoded_key(*lite->tbs->key) : std::nullopt;
}

void expect_same(const PublicKeyInfo& a, const PublicKeyInfo& b) {
  EXPECT_EQ(a.algorithm, b.algorithm);
  EXPECT_EQ(a.bits, b.bits);
  EXPECT_EQ(a.curve, b.curve);
}

TEST(LiteCertificate, ReadsRsaAndNistCurveKeysAsOpenSslDecodesThem) {
  for (const KeySpec& spec : {KeySpec{"RSA", 2048, {}}, KeySpec{"RSA", 3072, {}}, KeySpec{"EC", 0, "P-256"},
                              KeySpec{"EC", 0, "P-384"}}) {
    SCOPED_TRACE(spec.algorithm + " " + std::to_string(spec.bits) + " " + spec.curve.value_or(""));
    const auto cert = certificate_for(spec);
    const auto fast = encoded_key(cert.der());
    ASSERT_TRUE(fast) << "the encoding of this key says it all";
    expect_same(*fast, decoded_key(cert.der()));
    expect_same(cert.details().public_key, decoded_key(cert.der()));
  }
}

TEST(LiteCertificate, ReadsP521AndCompressedPoints) {
  ossl::UniquePtr<EVP_PKEY> p521(EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-521"));
  ASSERT_TRUE(p521);
  ossl::UniquePtr<EVP_PKEY> compressed(EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256"));
  ASSERT_TRUE(compressed);
  ASSERT_EQ(EVP_PKEY_set_utf8_string_param(compressed.get(), OSSL_PKEY_PARAM_EC_POINT_CONVERSION_FORMAT, "compressed"), 1);
  for (EVP_PKEY* pkey : {p521.get(), compressed.get()}) {
    auto key = PrivateKey::from_pkey(pkey);
    ASSERT_TRUE(key);
    const auto cert = certificate_with(*key);
    const auto fast = encoded_key(cert.der());
    ASSERT_TRUE(fast);
    expect_same(*fast, decoded_key(cert.der()));
  }
}

TEST(LiteCertificate, LeavesOtherKeysToOpenSsl) {
  const auto cert = certificate_for(KeySpec{"Ed25519", 0, {}});
  EXPECT_FALSE(encoded_key(cert.der()));
  expect_same(cert.details().public_key, decoded_key(cert.der()));
  EXPECT_EQ(cert.details().public_key.algorithm, "Ed25519");
}

// A P-256 point moved off the curve: OpenSSL keeps no key, and neither does the fast path.
TEST(LiteCertificate, PointOffTheCurveIsNoKeyAsForOpenSsl) {
  const auto cert = certificate_for(KeySpec{"EC", 0, "P-256"});
  Bytes der(cert.der().begin(), cert.der().end());
  const auto fields = cert.encoded();
  ASSERT_TRUE(fields);
  const auto spki_at = static_cast<std::size_t>(fields->public_key.data() - cert.der().data());
  der[spki_at + fields->public_key.size() - 1] ^= 0x01;  // the point's last byte (y)
  EXPECT_FALSE(encoded_key(der));
  EXPECT_EQ(decoded_key(der).algorithm, "");
  auto damaged = Certificate::from_der(der);
  ASSERT_TRUE(damaged) << damaged.error().message;
  expect_same(damaged->details().public_key, decoded_key(der));
}

// Every single-byte change of a certificate, and every truncation: decode_lite accepts it exactly when
// d2i_X509 does, and reads as far.
TEST(LiteCertificate, AcceptsExactlyWhatD2iX509Accepts) {
  const auto cert = certificate_for(KeySpec{"EC", 0, "P-256"});
  const Bytes good(cert.der().begin(), cert.der().end());
  std::size_t accepted = 0;
  const auto check = [&](const Bytes& der) {
    std::size_t used = 0;
    const auto lite = decode_lite(der, used);
    const unsigned char* p = der.data();
    const ossl::UniquePtr<X509> full(d2i_X509(nullptr, &p, static_cast<long>(der.size())));
    ossl::clear_errors();
    ASSERT_EQ(lite != nullptr, full != nullptr);
    if (lite) {
      ++accepted;
      EXPECT_EQ(used, static_cast<std::size_t>(p - der.data()));
    }
  };
  for (std::size_t i = 0; i < good.size(); ++i) {
    for (const std::uint8_t flip : {0x01, 0x80, 0xFF}) {
      Bytes der = good;
      der[i] ^= flip;
      SCOPED_TRACE("byte " + std::to_string(i) + " ^ " + std::to_string(flip));
      check(der);
    }
    check(Bytes(good.begin(), good.begin() + static_cast<std::ptrdiff_t>(i)));
  }
  EXPECT_GT(accepted, 100U) << "the damaged certificates should not all be refused";
}

TEST(LiteCertificate, DetailsAreThoseOfTheDecodedX509) {
  for (const KeySpec& spec : {KeySpec{"RSA", 2048, {}}, KeySpec{"EC", 0, "P-384"}, KeySpec{"Ed25519", 0, {}}}) {
    const auto cert = certificate_for(spec);
    X509* x = cert.x509();
    ASSERT_NE(x, nullptr);
    const auto view = view_of(x);
    auto expected = extract_details(view, cert.der(), describe_key(X509_get0_pubkey(x)), signature_is_its_own(x));
    ASSERT_TRUE(expected);
    const auto again = Certificate::from_der(cert.der());
    ASSERT_TRUE(again);
    const auto& d = again->details();
    EXPECT_EQ(d.subject, expected->subject);
    EXPECT_EQ(d.serial, expected->serial);
    EXPECT_EQ(d.signature_algorithm, expected->signature_algorithm);
    EXPECT_EQ(d.subject_alt_names.size(), expected->subject_alt_names.size());
    EXPECT_EQ(d.subject_key_id, expected->subject_key_id);
    EXPECT_TRUE(d.self_signed);
    EXPECT_EQ(d.self_signed, expected->self_signed);
    expect_same(d.public_key, expected->public_key);
  }
}

// The curves' groups are made once and shared: threads describing keys at once (inspect's workers) see
// the same answers (and, under TSan, no race).
TEST(LiteCertificate, ThreadsDescribeCurveKeysAtOnce) {
  std::vector<Bytes> ders;
  for (const char* curve : {"P-256", "P-384"}) {
    const auto cert = certificate_for(KeySpec{"EC", 0, curve});
    ders.emplace_back(cert.der().begin(), cert.der().end());
  }
  const auto describe_all = [&ders] {
    std::vector<std::string> out;
    for (int round = 0; round < 20; ++round)
      for (const auto& der : ders) {
        auto cert = Certificate::from_der(der);
        out.push_back(cert ? cert->details().public_key.curve.value_or("none") : "error");
      }
    return out;
  };
  std::vector<std::string> a, b;
  std::thread other([&] { b = describe_all(); });
  a = describe_all();
  other.join();
  EXPECT_EQ(a, b);
  EXPECT_EQ(a.front(), "P-256");
  EXPECT_EQ(a.back(), "P-384");
}

}  // namespace
}  // namespace certkeep::x509
