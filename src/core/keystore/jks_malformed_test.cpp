// JKS and JCEKS bytes assembled by hand, for the cases keytool never writes: every malformed field
// yields its exact error. keytool itself checks that the assembler writes what the JDK reads.
#include <gtest/gtest.h>

#include "core/keystore/formats.h"
#include "core/keystore/jks_integrity.h"
#include "support/tools.h"

namespace certkeep {
namespace {

using test::sh;

constexpr const char* kStorePw = "st0re-pw";
constexpr std::uint32_t kJks = 0xFEEDFEED;
constexpr std::uint32_t kJceks = 0xCECECECE;

class Assembler {
 public:
  Assembler& u8(std::uint8_t v) {
    out_.push_back(v);
    return *this;
  }
  Assembler& u16(std::uint16_t v) { return u8(static_cast<std::uint8_t>(v >> 8)).u8(static_cast<std::uint8_t>(v)); }
  Assembler& u32(std::uint32_t v) { return u16(static_cast<std::uint16_t>(v >> 16)).u16(static_cast<std::uint16_t>(v)); }
  Assembler& i64(std::int64_t v) {
    const auto u = static_cast<std::uint64_t>(v);
    return u32(static_cast<std::uint32_t>(u >> 32)).u32(static_cast<std::uint32_t>(u));
  }
  Assembler& bytes(std::span<const std::uint8_t> b) {
    out_.insert(out_.end(), b.begin(), b.end());
    return *this;
  }
  Assembler& utf(std::string_view ascii) {
    u16(static_cast<std::uint16_t>(ascii.size()));
    return bytes({reinterpret_cast<const std::uint8_t*>(ascii.data()), ascii.size()});
  }
  Assembler& header(std::uint32_t magic, std::uint32_t version, std::uint32_t count) {
    return u32(magic).u32(version).u32(count);
  }
  // A trustedCertEntry created at 2026-01-01T00:00:00Z.
  Assembler& trusted(std::string_view alias, std::span<const std::uint8_t> der, std::uint32_t version = 2) {
    u32(2).utf(alias).i64(1767225600000);
    if (version == 2) utf("X.509");
    return u32(static_cast<std::uint32_t>(der.size())).bytes(der);
  }
  std::size_t size() const { return out_.size(); }
  std::vector<std::uint8_t> unsigned_bytes() const { return out_; }
  std::vector<std::uint8_t> signed_with(const char* password) const {
    auto out = out_;
    auto digest = jks::store_digest(out, Secret(password));
    EXPECT_TRUE(digest);
    if (digest) out.insert(out.end(), digest->begin(), digest->end());
    return out;
  }

 private:
  std::vector<std::uint8_t> out_;
};

class JksMalformed : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new test::TempDir();
    const auto r = sh("set -e; . '" + test::fixture_lib() + "'; cd '" + dir_->path().string() + "'\n"
                      "ck_ca . RootCA ec:P-256\n"
                      "openssl x509 -in RootCA.pem -outform DER -out RootCA.der\n");
    ASSERT_EQ(r.exit_code, 0) << r.err;
    der_ = new std::vector<std::uint8_t>(test::read_bytes(*dir_ / "RootCA.der"));
  }
  static void TearDownTestSuite() {
    delete der_;
    delete dir_;
  }

  static Result<ReadResult> read(const std::vector<std::uint8_t>& bytes) {
    const std::vector<PasswordCandidate> candidates = {{Secret(kStorePw), false}};
    return formats::read_jks(bytes, candidates);
  }
  static void expect_error(const std::vector<std::uint8_t>& bytes, ErrorCode code, const std::string& message) {
    auto r = read(bytes);
    ASSERT_FALSE(r) << message;
    EXPECT_EQ(r.error().code, code) << r.error().message;
    EXPECT_EQ(r.error().message, message);
  }

  static test::TempDir* dir_;
  static std::vector<std::uint8_t>* der_;
};
test::TempDir* JksMalformed::dir_ = nullptr;
std::vector<std::uint8_t>* JksMalformed::der_ = nullptr;

TEST_F(JksMalformed, AssembledStoresOfBothVersionsOpenInKeytoolAndHere) {
  for (const std::uint32_t version : {1U, 2U}) {
    const auto bytes = Assembler().header(kJks, version, 1).trusted("root", *der_, version).signed_with(kStorePw);
    const auto file = *dir_ / ("v" + std::to_string(version) + ".jks");
    test::write_bytes(file, bytes);
    const auto listed = sh("TZ=UTC LC_ALL=C keytool -list -storetype JKS -storepass " + std::string(kStorePw) + " -keystore '" + file + "'");
    EXPECT_EQ(listed.exit_code, 0) << listed.out << listed.err;
    EXPECT_NE(listed.out.find("root, Jan 1, 2026, trustedCertEntry"), std::string::npos) << listed.out;
    auto r = read(bytes);
    ASSERT_TRUE(r) << r.error().message;
    ASSERT_EQ(r->keystore.entries.size(), 1U);
    EXPECT_EQ(r->keystore.entries[0].created, 1767225600);
    EXPECT_EQ(r->keystore.entries[0].chain.at(0).der().size(), der_->size());
  }
}

TEST_F(JksMalformed, HeaderFields) {
  expect_error(Assembler().header(kJks, 3, 0).signed_with(kStorePw), ErrorCode::unsupported,
               "JKS version 3 is not supported (only 1 and 2 exist)");
  expect_error(Assembler().header(kJceks, 0, 0).signed_with(kStorePw), ErrorCode::unsupported,
               "JCEKS version 0 is not supported (only 1 and 2 exist)");
  expect_error(Assembler().header(kJks, 2, 0x80000000).signed_with(kStorePw), ErrorCode::malformed,
               "negative entry count at offset 8");
  expect_error(Assembler().header(kJks, 2, 0x7FFFFFFF).trusted("root", *der_).unsigned_bytes(), ErrorCode::malformed,
               "truncated JKS at offset " + std::to_string(Assembler().header(kJks, 2, 1).trusted("root", *der_).size()));
  expect_error(Assembler().header(kJks, 2, 0).unsigned_bytes(), ErrorCode::malformed,
               "truncated JKS at offset 12: keystore digest of 20 bytes, 0 left");
}

TEST_F(JksMalformed, EntryTags) {
  expect_error(Assembler().header(kJks, 2, 1).u32(7).signed_with(kStorePw), ErrorCode::malformed,
               "unknown entry tag 7 at offset 12");
  // Secret keys exist only in JCEKS.
  expect_error(Assembler().header(kJks, 2, 1).u32(3).signed_with(kStorePw), ErrorCode::malformed,
               "unknown entry tag 3 at offset 12");
}

TEST_F(JksMalformed, AliasAndCertificateFields) {
  expect_error(Assembler().header(kJks, 2, 1).u32(2).u16(1).u8(0xFF).signed_with(kStorePw), ErrorCode::malformed,
               "bad modified UTF-8 string at offset 16");
  const auto prefix = [] { return Assembler().header(kJks, 2, 1).u32(2).utf("root").i64(0); };
  const std::size_t type_at = prefix().size();
  expect_error(prefix().utf("X.510").u32(1).u8(0).signed_with(kStorePw), ErrorCode::unsupported,
               "certificate of a type other than X.509 at offset " + std::to_string(type_at));
  expect_error(prefix().utf("X.509").u32(0xFFFFFFF0).signed_with(kStorePw), ErrorCode::malformed,
               "negative certificate length at offset " + std::to_string(type_at + 7));
  expect_error(prefix().utf("X.509").u32(0x7FFFFFF0).bytes(*der_).signed_with(kStorePw), ErrorCode::malformed,
               "truncated JKS at offset " + std::to_string(type_at + 11) + ": certificate of 2147483632 bytes, " +
                   std::to_string(der_->size() + 20) + " left");
}

TEST_F(JksMalformed, BadCertificateUnderAValidDigest) {
  auto der = *der_;
  der[0] = 0x31;  // a SET, not a SEQUENCE
  const auto bytes = Assembler().header(kJks, 2, 1).trusted("root", der).signed_with(kStorePw);
  auto r = read(bytes);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::malformed);
  const std::size_t der_at = bytes.size() - 20 - der.size();
  EXPECT_EQ(r.error().message.rfind("bad certificate at offset " + std::to_string(der_at) + ": ", 0), 0U)
      << r.error().message;
}

TEST_F(JksMalformed, KeyEntries) {
  const auto key_entry = [&](std::span<const std::uint8_t> protected_key) {
    return Assembler()
        .header(kJks, 2, 1)
        .u32(1).utf("k").i64(0)
        .u32(static_cast<std::uint32_t>(protected_key.size())).bytes(protected_key)
        .u32(1).utf("X.509").u32(static_cast<std::uint32_t>(der_->size())).bytes(*der_);
  };
  const auto warning_of = [&](const std::vector<std::uint8_t>& bytes) {
    auto r = read(bytes);
    EXPECT_TRUE(r) << r.error().message;
    if (!r || r->keystore.entries.size() != 1) return std::string("?");
    const auto& e = r->keystore.entries[0];
    EXPECT_EQ(e.kind, EntryKind::key);
    EXPECT_EQ(e.chain.size(), 1U);
    EXPECT_FALSE(e.key);
    return e.warnings.size() == 1 ? e.warnings[0] : std::string("?");
  };
  const std::vector<std::uint8_t> garbage = {1, 2, 3};
  EXPECT_EQ(warning_of(key_entry(garbage).signed_with(kStorePw))
                .rfind("private key could not be decrypted: protected key is not a valid EncryptedPrivateKeyInfo", 0),
            0U);
  // EncryptedPrivateKeyInfo { { 1.2.3.4, NULL }, OCTET STRING (40 zero bytes) }
  std::vector<std::uint8_t> unknown = {0x30, 0x33, 0x30, 0x07, 0x06, 0x03, 0x2A, 0x03, 0x04, 0x05, 0x00, 0x04, 0x28};
  unknown.resize(unknown.size() + 40);
  EXPECT_EQ(warning_of(key_entry(unknown).signed_with(kStorePw)),
            "private key could not be decrypted: private key protected with an unknown algorithm (OID 1.2.3.4)");
  // Sun's key protector with only 39 bytes: shorter than salt and check.
  std::vector<std::uint8_t> short_sun = {0x30, 0x39, 0x30, 0x0E, 0x06, 0x0A, 0x2B, 0x06, 0x01, 0x04, 0x01,
                                         0x2A, 0x02, 0x11, 0x01, 0x01, 0x05, 0x00, 0x04, 0x27};
  short_sun.resize(short_sun.size() + 39);
  EXPECT_EQ(warning_of(key_entry(short_sun).signed_with(kStorePw)),
            "private key could not be decrypted: protected key is too short for Sun's key protection");
  // PBEWithMD5AndTripleDES { salt 8 bytes, 5000001 iterations }, one block: refused before any work.
  const std::vector<std::uint8_t> greedy = {0x30, 0x28, 0x30, 0x1C, 0x06, 0x09, 0x2B, 0x06, 0x01, 0x04, 0x01, 0x2A,
                                            0x02, 0x13, 0x01, 0x30, 0x0F, 0x04, 0x08, 1, 2, 3, 4, 5, 6, 7, 8,
                                            0x02, 0x03, 0x4C, 0x4B, 0x41, 0x04, 0x08, 0, 0, 0, 0, 0, 0, 0, 0};
  EXPECT_EQ(warning_of(key_entry(greedy).signed_with(kStorePw)),
            "private key could not be decrypted: key protection asks for more than 5000000 PBE iterations");
  expect_error(Assembler().header(kJks, 2, 1).u32(1).utf("k").i64(0).u32(0).u32(0x7FFFFFFF).unsigned_bytes(),
               ErrorCode::malformed, "truncated JKS at offset 35");
}

TEST_F(JksMalformed, SealedSecretKeys) {
  const auto secret = [] { return Assembler().header(kJceks, 2, 1).u32(3).utf("s").i64(0); };
  const std::size_t at = secret().size();
  expect_error(secret().u16(0xACED).u16(6).signed_with(kStorePw), ErrorCode::malformed,
               "secret key entry is not a Java serialization stream at offset " + std::to_string(at));
  // An object whose class names itself as its superclass.
  const auto cyclic =
      secret().u16(0xACED).u16(5).u8(0x73).u8(0x72).utf("A").i64(1).u8(0x02).u16(0).u8(0x78).u8(0x71).u32(0x7E0000);
  expect_error(cyclic.signed_with(kStorePw), ErrorCode::malformed,
               "secret key entry: expected a finite class hierarchy in the sealed key at offset " +
                   std::to_string(cyclic.size()));
  // A serializable object of another class, with no fields.
  const auto other = secret().u16(0xACED).u16(5).u8(0x73).u8(0x72).utf("B").i64(1).u8(0x02).u16(0).u8(0x78).u8(0x70);
  expect_error(other.signed_with(kStorePw), ErrorCode::malformed,
               "secret key entry: expected a javax.crypto.SealedObject in the sealed key at offset " +
                   std::to_string(other.size()));
  // A field holding a nested object, which the JDK's filter rejects too.
  auto nested = secret().u16(0xACED).u16(5).u8(0x73).u8(0x72).utf("javax.crypto.SealedObject").i64(1).u8(0x02)
                          .u16(1).u8('L').utf("o").u8(0x74).utf("Ljava/lang/Object;").u8(0x78).u8(0x70);
  const std::size_t field_at = nested.size();
  expect_error(nested.u8(0x73).signed_with(kStorePw), ErrorCode::malformed,
               "secret key entry: expected a string or byte array in the sealed key at offset " +
                   std::to_string(field_at));
}

}  // namespace
}  // namespace certkeep
