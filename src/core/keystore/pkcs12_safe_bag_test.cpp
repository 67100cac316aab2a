// SafeBags by hand (pkcs12_safe_bag.h) against OpenSSL's own PKCS#12 code as the second implementation:
// the bags certkeep makes are the bytes OpenSSL makes for the same attributes, and what certkeep reads
// from a bag OpenSSL made is what OpenSSL reads from it.
#include "core/keystore/pkcs12_safe_bag.h"

#include <gtest/gtest.h>
#include <openssl/err.h>
#include <openssl/pkcs12.h>

#include "core/ossl/bio.h"
#include "core/ossl/ptr.h"
#include "core/util/der.h"
#include "core/x509/issue.h"

namespace certkeep::pkcs12 {
namespace {

constexpr UnixTime kNow = 1'800'000'000;

Certificate certificate() {
  auto key = generate_key(KeySpec{"EC", 0, "P-256"});
  auto name = parse_distinguished_name("CN=bag.example.test");
  EXPECT_TRUE(key && name);
  auto cert = self_signed(*key, SelfSignedSpec{name->get(), {}, kNow, 30});
  EXPECT_TRUE(cert);
  return *cert;
}

// The certBag OpenSSL makes: PKCS12_SAFEBAG_create_cert, then its attribute functions, then i2d.
Bytes openssl_cert_bag(const Certificate& c, const BagAttributes& a) {
  ossl::UniquePtr<PKCS12_SAFEBAG> bag(PKCS12_SAFEBAG_create_cert(c.x509()));
  EXPECT_TRUE(bag);
  if (!a.friendly_name.empty())
    EXPECT_EQ(PKCS12_add_friendlyname_utf8(bag.get(), a.friendly_name.c_str(), static_cast<int>(a.friendly_name.size())), 1);
  if (!a.local_key_id.empty())
    EXPECT_EQ(PKCS12_add_localkeyid(bag.get(), const_cast<unsigned char*>(a.local_key_id.data()), static_cast<int>(a.local_key_id.size())), 1);
  if (a.java_trusted)
    EXPECT_EQ(PKCS12_add1_attr_by_txt(bag.get(), "2.16.840.1.113894.746875.1.1", V_ASN1_OBJECT,
                                      reinterpret_cast<const unsigned char*>(OBJ_nid2obj(NID_anyExtendedKeyUsage)), -1),
              1);
  return ossl::to_der(bag.get(), i2d_PKCS12_SAFEBAG);
}

class SafeBagCodec : public ::testing::TestWithParam<BagAttributes> {
 protected:
  const Certificate cert_ = certificate();
};

TEST_P(SafeBagCodec, MakesTheBytesOpenSslMakes) {
  auto ours = make_safe_bag(BagType::certificate, certificate_bag_value(cert_.der()), GetParam());
  ASSERT_TRUE(ours) << ours.error().message;
  EXPECT_EQ(*ours, openssl_cert_bag(cert_, GetParam()));
}

TEST_P(SafeBagCodec, ReadsWhatOpenSslWrote) {
  const Bytes der = openssl_cert_bag(cert_, GetParam());
  auto bag = parse_safe_bag(der);
  ASSERT_TRUE(bag) << bag.error().message;
  EXPECT_EQ(bag->type, BagType::certificate);
  EXPECT_EQ(bag->attributes, GetParam());
  auto x509 = x509_certificate(bag->value);
  ASSERT_TRUE(x509 && *x509);
  EXPECT_TRUE(std::ranges::equal(**x509, cert_.der()));
}

INSTANTIATE_TEST_SUITE_P(Attributes, SafeBagCodec,
                         ::testing::Values(BagAttributes{}, BagAttributes{"gateway", {}, false},
                                           BagAttributes{"gateway", {0x01, 0x02, 0x03}, false},
                                           BagAttributes{"root ca", {}, true},
                                           BagAttributes{"clé 証明書", {0xAA, 0xBB}, true},
                                           BagAttributes{"", {0x5A}, false}));

TEST(SafeBag, AnAliasOutsideTheBmpIsRefusedAsOpenSslRefusesIt) {
  const std::string alias = "key \xF0\x9F\x94\x91";  // U+1F511 needs a surrogate pair; a BMPString has none
  const Certificate cert = certificate();
  auto ours = make_safe_bag(BagType::certificate, certificate_bag_value(cert.der()), {alias, {}, false});
  ASSERT_FALSE(ours);
  EXPECT_EQ(ours.error().code, ErrorCode::invalid);
  ossl::UniquePtr<PKCS12_SAFEBAG> bag(PKCS12_SAFEBAG_create_cert(cert.x509()));
  EXPECT_NE(PKCS12_add_friendlyname_utf8(bag.get(), alias.c_str(), static_cast<int>(alias.size())), 1);
  ERR_clear_error();
}

TEST(SafeBag, SplitsSafeContentsAndJoinsThemBackToTheSameBytes) {
  const Certificate cert = certificate();
  const std::vector<Bytes> bags{openssl_cert_bag(cert, {"a", {1}, false}), openssl_cert_bag(cert, {"b", {}, true})};
  const std::vector<std::span<const std::uint8_t>> spans{bags[0], bags[1]};
  const Bytes contents = join_safe_contents(spans);
  auto split = split_safe_contents(contents);
  ASSERT_TRUE(split) << split.error().message;
  EXPECT_EQ(*split, bags);
}

TEST(SafeBag, SafeContentsInBerAreReadThroughOpenSsl) {
  // NSS writes indefinite lengths: SEQUENCE (0x30 0x80) ... end-of-contents (0x00 0x00).
  const Certificate cert = certificate();
  const Bytes bag = openssl_cert_bag(cert, {"nss", {7}, false});
  Bytes ber{0x30, 0x80};
  ber.insert(ber.end(), bag.begin(), bag.end());
  ber.insert(ber.end(), {0x00, 0x00});
  auto split = split_safe_contents(ber);
  ASSERT_TRUE(split) << split.error().message;
  ASSERT_EQ(split->size(), 1U);
  EXPECT_EQ(split->front(), bag);
}

TEST(SafeBag, ABagInBerIsMadeCanonical) {
  const Certificate cert = certificate();
  const Bytes bag = openssl_cert_bag(cert, {"ber", {}, false});
  auto outer = der::read_header(bag);
  ASSERT_TRUE(outer);
  Bytes ber{0x30, 0x80};
  ber.insert(ber.end(), bag.begin() + static_cast<std::ptrdiff_t>(outer->header_length), bag.end());
  ber.insert(ber.end(), {0x00, 0x00});
  EXPECT_FALSE(parse_safe_bag(ber));
  auto canonical = canonical_safe_bag(ber);
  ASSERT_TRUE(canonical) << canonical.error().message;
  EXPECT_EQ(*canonical, bag);
}

TEST(SafeBag, DamageIsNamedByOffset) {
  const Bytes bag = openssl_cert_bag(certificate(), {"cut", {}, false});
  auto cut = parse_safe_bag(std::span(bag).first(bag.size() - 10));
  ASSERT_FALSE(cut);
  EXPECT_EQ(cut.error().code, ErrorCode::malformed);
  EXPECT_NE(cut.error().message.find("truncated DER at offset"), std::string::npos) << cut.error().message;
  Bytes trailing = bag;
  trailing.push_back(0x00);
  auto extra = parse_safe_bag(trailing);
  ASSERT_FALSE(extra);
  EXPECT_NE(extra.error().message.find("unexpected data after a safe bag at offset " + std::to_string(bag.size())), std::string::npos)
      << extra.error().message;
  EXPECT_FALSE(canonical_safe_bag(std::span(bag).first(bag.size() - 10)));
  // The attribute SET declares more bytes than the bag holds (found by fuzz_pkcs12).
  auto parsed = parse_safe_bag(bag);
  ASSERT_TRUE(parsed);
  const auto set_at = static_cast<std::size_t>(parsed->value.data() + parsed->value.size() - bag.data());
  Bytes long_set = bag;
  ASSERT_EQ(long_set.at(set_at), 0x31);  // the attributes' SET follows the bag value
  long_set.at(set_at + 1) = 0x7F;
  auto overrun = parse_safe_bag(long_set);
  ASSERT_FALSE(overrun);
  EXPECT_NE(overrun.error().message.find("truncated DER"), std::string::npos) << overrun.error().message;
  EXPECT_FALSE(split_safe_contents(Bytes{0x30, 0x03, 0x02, 0x01, 0x00}));  // an INTEGER where a bag should be
}

}  // namespace
}  // namespace certkeep::pkcs12
