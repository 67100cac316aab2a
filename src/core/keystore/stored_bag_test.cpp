// StoredBag: a PKCS#12 rewrite copies a certificate entry's bag back byte for byte, attributes certkeep
// does not know included, while the entry keeps its kind, alias, localKeyId and certificate; a changed
// entry gets a new bag. The store is made by OpenSSL's own PKCS#12 functions and checked with them.
#include <gtest/gtest.h>
#include <openssl/err.h>
#include <openssl/pkcs12.h>

#include "core/keystore/reader.h"
#include "core/keystore/writer.h"
#include "core/ossl/bio.h"
#include "core/ossl/ptr.h"
#include "core/x509/issue.h"

namespace certkeep {
namespace {

using Bytes = std::vector<std::uint8_t>;
constexpr UnixTime kNow = 1'800'000'000;
constexpr const char* kPassword = "stored-bag";
constexpr const char* kVendorAttribute = "1.3.6.1.4.1.99999.1";  // an attribute certkeep does not know

Certificate certificate(const char* dn) {
  auto key = generate_key(KeySpec{"EC", 0, "P-256"});
  auto name = parse_distinguished_name(dn);
  EXPECT_TRUE(key && name);
  auto cert = self_signed(*key, SelfSignedSpec{name->get(), {}, kNow, 30});
  EXPECT_TRUE(cert);
  return *cert;
}

// Trusted certificate bags as keytool marks them, plus a vendor attribute; one AES-256 safe; SHA-256 MAC.
Bytes openssl_store(const std::vector<Certificate>& certs) {
  STACK_OF(PKCS12_SAFEBAG)* bags = nullptr;
  for (const auto& c : certs) {
    PKCS12_SAFEBAG* bag = PKCS12_add_cert(&bags, c.x509());
    EXPECT_EQ(PKCS12_add_friendlyname_utf8(bag, "root", -1), 1);
    EXPECT_EQ(PKCS12_add1_attr_by_txt(bag, "2.16.840.1.113894.746875.1.1", V_ASN1_OBJECT,
                                      reinterpret_cast<const unsigned char*>(OBJ_nid2obj(NID_anyExtendedKeyUsage)), -1),
              1);
    EXPECT_EQ(PKCS12_add1_attr_by_txt(bag, kVendorAttribute, MBSTRING_UTF8, reinterpret_cast<const unsigned char*>("kept"), -1), 1);
  }
  const ossl::SafeBagStack owned_bags(bags);
  STACK_OF(PKCS7)* safes = nullptr;
  EXPECT_NE(PKCS12_add_safe(&safes, bags, NID_aes_256_cbc, 1000, kPassword), 0);
  const ossl::Pkcs7Stack owned_safes(safes);
  const ossl::UniquePtr<PKCS12> p12(PKCS12_add_safes(safes, 0));
  EXPECT_EQ(PKCS12_set_mac(p12.get(), kPassword, -1, nullptr, 0, 1000, EVP_sha256()), 1);
  return ossl::to_der(p12.get(), i2d_PKCS12);
}

// The certificate bags of a store as OpenSSL decrypts and encodes them.
std::vector<Bytes> openssl_bags(const Bytes& store) {
  const unsigned char* p = store.data();
  const ossl::UniquePtr<PKCS12> p12(d2i_PKCS12(nullptr, &p, static_cast<long>(store.size())));
  const ossl::Pkcs7Stack safes(p12 ? PKCS12_unpack_authsafes(p12.get()) : nullptr);
  std::vector<Bytes> out;
  for (int i = 0; safes && i < sk_PKCS7_num(safes.get()); ++i) {
    PKCS7* p7 = sk_PKCS7_value(safes.get(), i);
    const ossl::SafeBagStack bags(PKCS7_type_is_encrypted(p7) ? PKCS12_unpack_p7encdata(p7, kPassword, -1) : PKCS12_unpack_p7data(p7));
    for (int j = 0; bags && j < sk_PKCS12_SAFEBAG_num(bags.get()); ++j)
      if (PKCS12_SAFEBAG_get_nid(sk_PKCS12_SAFEBAG_value(bags.get(), j)) == NID_certBag)
        out.push_back(ossl::to_der(sk_PKCS12_SAFEBAG_value(bags.get(), j), i2d_PKCS12_SAFEBAG));
  }
  ERR_clear_error();
  return out;
}

bool has_vendor_attribute(const Bytes& bag) {
  const unsigned char* p = bag.data();
  const ossl::UniquePtr<PKCS12_SAFEBAG> decoded(d2i_PKCS12_SAFEBAG(nullptr, &p, static_cast<long>(bag.size())));
  const ossl::UniquePtr<ASN1_OBJECT> oid(OBJ_txt2obj(kVendorAttribute, 1));
  return decoded && X509at_get_attr_by_OBJ(PKCS12_SAFEBAG_get0_attrs(decoded.get()), oid.get(), -1) >= 0;
}

Keystore read(const Bytes& bytes) {
  const std::vector<PasswordCandidate> pw{{Secret(kPassword), false}};
  auto r = read_keystore(bytes, pw, ReadOptions{.defer_certificates = true, .known_keys = {}});
  EXPECT_TRUE(r) << r.error().message;
  return r ? r->keystore : Keystore{};
}

Bytes write(const Keystore& ks) {
  auto bytes = write_keystore(ks, Format::pkcs12, WriteOptions{Secret(kPassword), std::nullopt, *ks.write_protection, kNow});
  EXPECT_TRUE(bytes) << bytes.error().message;
  return bytes ? *bytes : Bytes{};
}

TEST(StoredBags, AnUnchangedCertificateEntryKeepsItsBagByteForByte) {
  const Bytes store = openssl_store({certificate("CN=Root One"), certificate("CN=Root Two")});
  Keystore ks = read(store);
  ASSERT_EQ(ks.entries.size(), 2U);
  ASSERT_TRUE(ks.entries[0].stored_bag);
  EXPECT_EQ(ks.entries[0].kind, EntryKind::trusted_certificate);
  const Bytes rewritten = write(ks);
  EXPECT_EQ(openssl_bags(rewritten), openssl_bags(store));
  for (const auto& bag : openssl_bags(rewritten)) EXPECT_TRUE(has_vendor_attribute(bag));
}

TEST(StoredBags, ARenamedOrReplacedEntryGetsANewBag) {
  const Bytes store = openssl_store({certificate("CN=Root One"), certificate("CN=Root Two")});
  Keystore ks = read(store);
  ASSERT_EQ(ks.entries.size(), 2U);
  ks.entries[0].alias = "renamed";
  ks.entries[1].chain = {certificate("CN=Root Three")};
  const auto bags = openssl_bags(write(ks));
  ASSERT_EQ(bags.size(), 2U);
  for (const auto& bag : bags) EXPECT_FALSE(has_vendor_attribute(bag));
  const Keystore back = read(write(ks));
  ASSERT_EQ(back.entries.size(), 2U);
  EXPECT_EQ(back.entries[0].alias, "renamed");
  EXPECT_EQ(back.entries[0].kind, EntryKind::trusted_certificate);
  EXPECT_EQ(back.entries[1].chain.front(), ks.entries[1].chain.front());
}

TEST(StoredBags, AnEntryThatIsNoLongerTrustedLosesTheTrustAttribute) {
  Keystore ks = read(openssl_store({certificate("CN=Root One")}));
  ASSERT_EQ(ks.entries.size(), 1U);
  ks.entries[0].kind = EntryKind::certificate;
  const Keystore back = read(write(ks));
  ASSERT_EQ(back.entries.size(), 1U);
  EXPECT_EQ(back.entries[0].kind, EntryKind::certificate);
}

}  // namespace
}  // namespace certkeep
