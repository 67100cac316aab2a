// formats::write_pkcs12: stores written from keys and certificates made by the openssl CLI, read back
// with read_keystore, in each protection the writer is asked for; the protection the reader records
// (Keystore::write_protection) for stores `openssl pkcs12 -export` writes; and the entries PKCS#12
// cannot hold. What real tools make of certkeep's stores: tests/interop/pkcs12_write_interop_test.cpp.
#include <algorithm>

#include <gtest/gtest.h>

#include "core/keystore/formats.h"
#include "core/keystore/reader.h"
#include "core/keystore/writer.h"
#include "core/keystore/writers.h"
#include "core/ossl/ptr.h"
#include "support/tools.h"

namespace certkeep {
namespace {

using test::sh;
using Bytes = std::vector<std::uint8_t>;

std::vector<PasswordCandidate> only(const std::string& pw) { return {{Secret(pw), false}}; }

const StoreProtection kLegacy{Encryption{NID_pbe_WithSHA1And3_Key_TripleDES_CBC, 0, 0, 2048},
                              Encryption{NID_pbe_WithSHA1And40BitRC2_CBC, 0, 0, 2048}, Mac{NID_sha1, 2048}};

// What identifies an entry across a round trip.
struct Summary {
  EntryKind kind;
  std::string alias;
  std::vector<std::string> chain;  // SHA-256 fingerprints, leaf first
  std::optional<std::string> local_key_id;
  std::optional<bool> key_matches;
  bool has_key;
  Bytes opaque;
  bool operator==(const Summary&) const = default;
};

std::ostream& operator<<(std::ostream& os, const Summary& s) {
  return os << to_string(s.kind) << " '" << s.alias << "' chain " << s.chain.size() << " id " << s.local_key_id.value_or("-")
            << " key " << s.has_key;
}

std::vector<Summary> summaries(const Keystore& ks) {
  std::vector<Summary> out;
  for (const auto& e : ks.entries) {
    Summary s{e.kind, e.alias, {}, e.local_key_id, e.key_matches, e.key.has_value(), e.opaque};
    for (const auto& c : e.chain) s.chain.push_back(c.details().fingerprints.sha256);
    out.push_back(std::move(s));
  }
  return out;
}

Bytes der_of(const PKCS12_SAFEBAG* bag) {
  unsigned char* out = nullptr;
  const int n = i2d_PKCS12_SAFEBAG(bag, &out);
  const ossl::OpensslBytes owned(out);
  return n > 0 ? Bytes(out, out + n) : Bytes{};
}

// A secretBag (RFC 7292 section 4.2.5) as keytool -genseckey would hold it, with a friendlyName.
Bytes secret_bag(const std::string& alias) {
  const std::vector<unsigned char> value(16, 0x5A);
  ossl::UniquePtr<PKCS12_SAFEBAG> bag(
      PKCS12_SAFEBAG_create_secret(NID_pkcs8ShroudedKeyBag, V_ASN1_OCTET_STRING, value.data(), static_cast<int>(value.size())));
  if (!bag || PKCS12_add_friendlyname_utf8(bag.get(), alias.c_str(), -1) != 1) return {};
  return der_of(bag.get());
}

class Pkcs12Write : public ::testing::Test {
 public:
  static void SetUpTestSuite() {
    dir_ = new test::TempDir();
    const std::string x = "openssl pkcs12 -export -in leaf.pem -inkey leaf.key -certfile cas.pem -name os -passout pass:s3cret ";
    const auto r = sh("set -e; . '" + test::fixture_lib() + "'; cd '" + dir_->path().string() + "'\n"
                      "ck_ca . RootCA\n"
                      "ck_issue . RootCA inter '/CN=Intermediate CA' -10 +300 rsa:2048 '' ca\n"
                      "ck_issue . inter leaf '/CN=leaf.example.com' -10 +100 ec:P-256\n"
                      "ck_issue . RootCA rsa '/CN=rsa.example.com' -10 +100 rsa:2048\n"
                      "ck_keygen lone.key ed25519\n"
                      "ck_ca . Other ec:P-384\n"
                      "openssl req -new -key rsa.key -subj /CN=request -out req.csr\n"
                      "cat inter.pem RootCA.pem > cas.pem\n" +
                      x + "-out default.p12\n" + x + "-legacy -out legacy.p12\n" +
                      "openssl pkcs12 -export -nokeys -in cas.pem -passout pass:s3cret -out certs.p12\n"
                      "openssl pkcs12 -export -nokeys -in cas.pem -passout pass:s3cret -legacy -out certs-legacy.p12\n"
                      "openssl pkcs12 -export -nocerts -inkey rsa.key -passout pass:s3cret -certpbe NONE -out key-only.p12\n");
    ASSERT_EQ(r.exit_code, 0) << r.err;
  }
  static void TearDownTestSuite() { delete dir_; }

  // The one entry read_keystore finds in a PEM file made above.
  static Entry pem(const std::string& name) {
    auto r = read_keystore(test::read_bytes(*dir_ / name), {});
    EXPECT_TRUE(r && r->keystore.entries.size() == 1) << name;
    return r && !r->keystore.entries.empty() ? r->keystore.entries.front() : Entry{};
  }
  static Certificate cert(const std::string& name) { return pem(name).chain.front(); }
  static PrivateKey key(const std::string& name) { return *pem(name).key; }

  static Entry key_entry(const std::string& alias, const std::vector<std::string>& chain, const std::string& key_file,
                         std::optional<std::string> id = std::nullopt) {
    Entry e;
    e.kind = EntryKind::key;
    e.alias = alias;
    for (const auto& c : chain) e.chain.push_back(cert(c));
    e.key = key(key_file);
    e.key_matches = true;
    e.local_key_id = std::move(id);
    return e;
  }
  static Entry cert_entry(EntryKind kind, const std::string& alias, const std::string& file) {
    Entry e;
    e.kind = kind;
    e.alias = alias;
    e.chain.push_back(cert(file));
    return e;
  }

  // Every kind of entry PKCS#12 holds, in an order that needs more than one pair of safes.
  static Keystore everything() {
    Keystore ks;
    ks.format = Format::pkcs12;
    ks.entries.push_back(key_entry("web server", {"leaf.pem", "inter.pem", "RootCA.pem"}, "leaf.key", "01:02:03:04"));
    ks.entries.push_back(cert_entry(EntryKind::trusted_certificate, "root", "RootCA.pem"));
    Entry lone;
    lone.kind = EntryKind::private_key;
    lone.alias = "lone";
    lone.key = key("lone.key");
    ks.entries.push_back(std::move(lone));
    ks.entries.push_back(cert_entry(EntryKind::certificate, "other", "Other.pem"));
    ks.entries.push_back(key_entry("rsa", {"rsa.pem", "RootCA.pem"}, "rsa.key"));
    Entry secret;
    secret.kind = EntryKind::secret_key;
    secret.alias = "aes";
    secret.opaque = secret_bag("aes");
    ks.entries.push_back(std::move(secret));
    return ks;
  }

  static WriteOptions options(const std::string& password, const StoreProtection& p) { return {Secret(password), {}, p, 0}; }

  static std::string sha1_id(const std::string& pem_file) {
    const auto r = sh("openssl x509 -in '" + *dir_ / pem_file + "' -outform DER | openssl dgst -sha1 -r | cut -c1-40");
    std::string hex = r.out.substr(0, 40), out;
    for (std::size_t i = 0; i < hex.size(); i += 2) out += (out.empty() ? "" : ":") + hex.substr(i, 2);
    std::ranges::transform(out, out.begin(), ::toupper);
    return out;
  }

 protected:
  static test::TempDir* dir_;
};
test::TempDir* Pkcs12Write::dir_ = nullptr;

// Writes everything() with `password` and `protection`, reads it back and compares.
void round_trip(const std::string& password, const StoreProtection& protection) {
  const Keystore ks = Pkcs12Write::everything();
  auto bytes = write_keystore(ks, Format::pkcs12, Pkcs12Write::options(password, protection));
  ASSERT_TRUE(bytes) << bytes.error().message;
  auto r = read_keystore(*bytes, only(password));
  ASSERT_TRUE(r) << r.error().message;
  auto expected = summaries(ks);
  expected[2].key_matches = false;  // the reader's verdict on a key among certificates it matches none of
  expected[4].local_key_id = Pkcs12Write::sha1_id("rsa.pem");  // none given: the SHA-1 of the leaf
  EXPECT_EQ(summaries(r->keystore), expected);
  EXPECT_EQ(r->keystore.write_protection, protection);
  EXPECT_EQ(r->keystore.integrity_verified, protection.mac.digest_nid != NID_undef);
  const auto& lone = r->keystore.entries[2];
  ASSERT_TRUE(lone.key);
  EXPECT_EQ(lone.key->info().algorithm, "Ed25519");
}

TEST_F(Pkcs12Write, RoundTripDefaultProtection) { round_trip("s3cret", default_protection()); }

TEST_F(Pkcs12Write, RoundTripLegacyProtection) { round_trip("s3cret", kLegacy); }

TEST_F(Pkcs12Write, RoundTripPbes2HonoursCipherAndPrf) {
  const Encryption sha1_aes128{NID_pbes2, NID_aes_128_cbc, NID_hmacWithSHA1, 1000};
  const Encryption sha512_aes192{NID_pbes2, NID_aes_192_cbc, NID_hmacWithSHA512, 3000};
  round_trip("s3cret", StoreProtection{sha1_aes128, sha512_aes192, Mac{NID_sha512, 1500}});
  round_trip("s3cret", StoreProtection{sha512_aes192, sha1_aes128, Mac{NID_sha1, 1}});
}

TEST_F(Pkcs12Write, RoundTripWithoutMac) {
  auto p = default_protection();
  p.mac = {};
  round_trip("s3cret", p);
}

TEST_F(Pkcs12Write, RoundTripUnencryptedCertificates) {
  auto p = default_protection();
  p.certificates = {};
  round_trip("s3cret", p);
}

TEST_F(Pkcs12Write, RoundTripUnencryptedKeysAndCertificates) { round_trip("s3cret", StoreProtection{{}, {}, Mac{NID_sha256, 2048}}); }

TEST_F(Pkcs12Write, RoundTripEmptyPassword) {
  round_trip("", default_protection());
  round_trip("", kLegacy);
}

TEST_F(Pkcs12Write, RoundTripUtf8Password) {
  round_trip("p\xC3\xA4ssw\xC3\xB6rd", default_protection());
  round_trip("p\xC3\xA4ssw\xC3\xB6rd", kLegacy);
}

// Aliases whose last character is not ASCII (bmp_string.h: OpenSSL's own decoder loses them). One with a
// character outside the BMP is refused in words (OpenSSL's encoder writes no surrogate pairs).
TEST_F(Pkcs12Write, NonAsciiAliasesSurviveRoundTrip) {
  Keystore ks;
  ks.format = Format::pkcs12;
  for (const char* alias : {"cl\xC3\xA9", "\xE8\xA8\xBC\xE6\x98\x8E\xE6\x9B\xB8"})
    ks.entries.push_back(cert_entry(EntryKind::trusted_certificate, alias, "Other.pem"));
  auto bytes = write_keystore(ks, Format::pkcs12, options("s3cret", default_protection()));
  ASSERT_TRUE(bytes) << bytes.error().message;
  auto r = read_keystore(*bytes, only("s3cret"));
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(summaries(r->keystore), summaries(ks));

  ks.entries.push_back(cert_entry(EntryKind::trusted_certificate, "key \xF0\x9F\x94\x91", "Other.pem"));
  bytes = write_keystore(ks, Format::pkcs12, options("s3cret", default_protection()));
  ASSERT_FALSE(bytes);
  EXPECT_EQ(bytes.error().code, ErrorCode::invalid);
  EXPECT_NE(bytes.error().message.find("cannot be stored as a PKCS#12 friendlyName"), std::string::npos);
}

// A certificate whose outer SEQUENCE length is not minimal (OpenSSL reads it; its encoder would make it
// minimal): the store keeps its exact bytes, so its fingerprint does not change on a rewrite.
TEST_F(Pkcs12Write, CertificateBytesAreKeptAsRead) {
  const Certificate other = cert("Other.pem");
  const auto der = other.der();
  ASSERT_TRUE(der.size() > 4 && der[0] == 0x30 && der[1] == 0x82);
  Bytes long_form = {0x30, 0x83, 0x00, der[2], der[3]};
  long_form.insert(long_form.end(), der.begin() + 4, der.end());
  auto odd = Certificate::from_der(long_form);
  ASSERT_TRUE(odd) << odd.error().message;
  Keystore ks;
  ks.format = Format::pkcs12;
  Entry e;
  e.kind = EntryKind::trusted_certificate;
  e.alias = "odd";
  e.chain.push_back(*odd);
  ks.entries.push_back(e);
  auto bytes = write_keystore(ks, Format::pkcs12, options("s3cret", default_protection()));
  ASSERT_TRUE(bytes) << bytes.error().message;
  auto r = read_keystore(*bytes, only("s3cret"));
  ASSERT_TRUE(r) << r.error().message;
  ASSERT_EQ(r->keystore.entries.size(), 1U);
  EXPECT_TRUE(std::ranges::equal(r->keystore.entries[0].chain.at(0).der(), long_form));
}

// `openssl pkcs12 -passout pass:` keys the MAC with the empty BMPString (two zero bytes), not with no
// password at all; so must certkeep, and OpenSSL 3 keys non-ASCII passwords as UTF-8.
TEST_F(Pkcs12Write, PasswordsAreKeyedAsOpensslDoes) {
  const auto mac_opens = [](const Bytes& der, const char* pw, int len) {
    const unsigned char* p = der.data();
    ossl::UniquePtr<PKCS12> p12(d2i_PKCS12(nullptr, &p, static_cast<long>(der.size())));
    return p12 && PKCS12_verify_mac(p12.get(), pw, len) == 1;
  };
  Keystore ks;
  ks.entries.push_back(key_entry("rsa", {"rsa.pem"}, "rsa.key"));
  auto empty = write_keystore(ks, Format::pkcs12, options("", default_protection()));
  ASSERT_TRUE(empty);
  ASSERT_EQ(sh("cd '" + dir_->path().string() + "' && openssl pkcs12 -export -in rsa.pem -inkey rsa.key -passout pass: -out os-empty.p12").exit_code, 0);
  const Bytes theirs = test::read_bytes(*dir_ / "os-empty.p12");
  EXPECT_TRUE(mac_opens(theirs, "", 0));
  EXPECT_FALSE(mac_opens(theirs, nullptr, 0));
  EXPECT_TRUE(mac_opens(*empty, "", 0));
  EXPECT_FALSE(mac_opens(*empty, nullptr, 0));
  const std::string utf8 = "p\xC3\xA4ssw\xC3\xB6rd";
  auto non_ascii = write_keystore(ks, Format::pkcs12, options(utf8, default_protection()));
  ASSERT_TRUE(non_ascii);
  EXPECT_TRUE(mac_opens(*non_ascii, utf8.c_str(), static_cast<int>(utf8.size())));
}

TEST_F(Pkcs12Write, EmptyKeystore) {
  auto bytes = write_keystore(Keystore{}, Format::pkcs12, options("s3cret", default_protection()));
  ASSERT_TRUE(bytes) << bytes.error().message;
  auto r = read_keystore(*bytes, only("s3cret"));
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_TRUE(r->keystore.entries.empty());
  EXPECT_EQ(r->keystore.integrity_verified, true);
}

// What the reader records for stores openssl wrote; a part the store has nothing of follows the other.
TEST_F(Pkcs12Write, ReaderRecordsTheProtectionFound) {
  const Encryption pbes2{NID_pbes2, NID_aes_256_cbc, NID_hmacWithSHA256, 2048};
  const Encryption triple_des{NID_pbe_WithSHA1And3_Key_TripleDES_CBC, 0, 0, 2048};
  const Encryption rc2{NID_pbe_WithSHA1And40BitRC2_CBC, 0, 0, 2048};
  const struct {
    std::string file;
    StoreProtection expected;
  } cases[] = {{"default.p12", {pbes2, pbes2, Mac{NID_sha256, 2048}}},
               {"legacy.p12", {triple_des, rc2, Mac{NID_sha1, 2048}}},
               {"certs.p12", {pbes2, pbes2, Mac{NID_sha256, 2048}}},
               {"certs-legacy.p12", {triple_des, rc2, Mac{NID_sha1, 2048}}},
               {"key-only.p12", {pbes2, pbes2, Mac{NID_sha256, 2048}}}};
  for (const auto& c : cases) {
    auto r = read_keystore(test::read_bytes(*dir_ / c.file), only("s3cret"));
    ASSERT_TRUE(r) << c.file << ": " << r.error().message;
    EXPECT_EQ(r->keystore.write_protection, c.expected) << c.file;
  }
}

TEST_F(Pkcs12Write, RewritingAnOpensslStoreKeepsEntriesAndProtection) {
  for (const char* file : {"default.p12", "legacy.p12"}) {
    auto first = read_keystore(test::read_bytes(*dir_ / file), only("s3cret"));
    ASSERT_TRUE(first) << first.error().message;
    auto bytes = write_keystore(first->keystore, Format::pkcs12, options("s3cret", *first->keystore.write_protection));
    ASSERT_TRUE(bytes) << bytes.error().message;
    auto second = read_keystore(*bytes, only("s3cret"));
    ASSERT_TRUE(second) << second.error().message;
    EXPECT_EQ(summaries(second->keystore), summaries(first->keystore)) << file;
    EXPECT_EQ(second->keystore.protection, first->keystore.protection) << file;
    EXPECT_EQ(second->keystore.write_protection, first->keystore.write_protection) << file;
  }
}

TEST_F(Pkcs12Write, SecretBagIsCopiedBackUnchanged) {
  Keystore ks;
  Entry secret;
  secret.kind = EntryKind::secret_key;
  secret.alias = "aes";
  secret.opaque = secret_bag("aes");
  ASSERT_FALSE(secret.opaque.empty());
  ks.entries.push_back(secret);
  auto bytes = write_keystore(ks, Format::pkcs12, options("s3cret", default_protection()));
  ASSERT_TRUE(bytes) << bytes.error().message;
  auto r = read_keystore(*bytes, only("s3cret"));
  ASSERT_TRUE(r) << r.error().message;
  ASSERT_EQ(r->keystore.entries.size(), 1U);
  EXPECT_EQ(r->keystore.entries[0].kind, EntryKind::secret_key);
  EXPECT_EQ(r->keystore.entries[0].alias, "aes");
  EXPECT_EQ(r->keystore.entries[0].opaque, secret.opaque);
}

struct Refusal {
  std::string name;
  ErrorCode code;
  std::string message;
};

TEST_F(Pkcs12Write, RefusesWhatPkcs12CannotHold) {
  Entry csr = pem("req.csr");
  csr.alias = "request";
  Entry no_key = key_entry("web", {"leaf.pem"}, "leaf.key");
  no_key.key.reset();
  Entry no_chain = key_entry("bare", {}, "leaf.key");
  Entry jceks_secret;
  jceks_secret.kind = EntryKind::secret_key;
  jceks_secret.alias = "from-jceks";
  Entry unnamed_csr = pem("req.csr");
  const std::vector<std::pair<Entry, Refusal>> cases = {
      {csr, {"csr", ErrorCode::unsupported, "entry 'request' is a certificate request, which PKCS#12 cannot hold"}},
      {unnamed_csr, {"unnamed csr", ErrorCode::unsupported, "entry number 2 is a certificate request, which PKCS#12 cannot hold"}},
      {no_key, {"key without key", ErrorCode::invalid, "key entry 'web' has no decrypted private key"}},
      {no_chain, {"key without chain", ErrorCode::invalid, "key entry 'bare' has no certificate chain"}},
      {jceks_secret,
       {"secret without opaque", ErrorCode::unsupported,
        "secret key 'from-jceks' was not read from a PKCS#12 store; certkeep cannot convert secret keys"}}};
  for (const auto& [entry, want] : cases) {
    Keystore ks;
    ks.entries.push_back(cert_entry(EntryKind::certificate, "ok", "Other.pem"));
    ks.entries.push_back(entry);
    auto r = write_keystore(ks, Format::pkcs12, options("s3cret", default_protection()));
    ASSERT_FALSE(r) << want.name;
    EXPECT_EQ(r.error().code, want.code) << want.name;
    EXPECT_EQ(r.error().message, want.message) << want.name;
  }
}

TEST_F(Pkcs12Write, RefusesProtectionItCannotApply) {
  Keystore ks;
  ks.entries.push_back(key_entry("rsa", {"rsa.pem"}, "rsa.key"));
  const auto with = [](auto change) {
    auto p = default_protection();
    change(p);
    return p;
  };
  const std::vector<std::pair<StoreProtection, Refusal>> cases = {
      {with([](auto& p) { p.keys.iterations = 0; }),
       {"zero iterations", ErrorCode::invalid, "iteration count 0 for the private keys is out of range (1 to 10,000,000)"}},
      {with([](auto& p) { p.mac.iterations = 20'000'000; }),
       {"MAC iterations", ErrorCode::invalid, "iteration count 20000000 for the MAC is out of range (1 to 10,000,000)"}},
      {with([](auto& p) { p.certificates.prf_nid = NID_sha256; }),
       {"PRF", ErrorCode::invalid, "the certificates: sha256 is not a PBKDF2 pseudo-random function"}},
      {with([](auto& p) { p.keys.scheme_nid = NID_aes_256_cbc; }),
       {"scheme", ErrorCode::invalid, "the private keys: aes-256-cbc is not a password-based encryption scheme"}}};
  for (const auto& [protection, want] : cases) {
    auto r = write_keystore(ks, Format::pkcs12, options("s3cret", protection));
    ASSERT_FALSE(r) << want.name;
    EXPECT_EQ(r.error().code, want.code) << want.name;
    EXPECT_EQ(r.error().message, want.message) << want.name;
  }
}

}  // namespace
}  // namespace certkeep
