// Key specs: the accepted spellings, the key each one makes, and the replacement spec of an existing key.
#include <gtest/gtest.h>

#include "core/x509/issue.h"

namespace certkeep {
namespace {

struct SpecCase {
  const char* text;
  const char* algorithm;
  int bits;  // of the generated key
  const char* curve;
};

class KeySpecs : public ::testing::TestWithParam<SpecCase> {};

TEST_P(KeySpecs, GeneratesTheKeyTheSpecNames) {
  const auto& c = GetParam();
  const auto spec = parse_key_spec(c.text);
  ASSERT_TRUE(spec) << spec.error().message;
  EXPECT_EQ(spec->algorithm, c.algorithm);
  const auto key = generate_key(*spec);
  ASSERT_TRUE(key) << key.error().message;
  EXPECT_EQ(key->info().algorithm, c.algorithm);
  EXPECT_EQ(key->info().bits, c.bits);
  EXPECT_EQ(key->info().curve.value_or(""), c.curve);
  const auto again = key_spec_of(key->info());
  ASSERT_TRUE(again) << again.error().message;
  EXPECT_EQ(again->algorithm, spec->algorithm);
  EXPECT_EQ(again->bits, spec->bits);
  EXPECT_EQ(again->curve, spec->curve);
}

INSTANTIATE_TEST_SUITE_P(All, KeySpecs,
                         ::testing::Values(SpecCase{"rsa:2048", "RSA", 2048, ""}, SpecCase{"RSA:3072", "RSA", 3072, ""},
                                           SpecCase{"rsa:4096", "RSA", 4096, ""}, SpecCase{"ec:P-256", "EC", 256, "P-256"},
                                           SpecCase{"EC:p-384", "EC", 384, "P-384"},
                                           SpecCase{"Ed25519", "Ed25519", 256, ""}));

TEST(KeySpec, UnknownSpellingsAreInvalidAndNameTheAcceptedOnes) {
  for (const char* text : {"", "rsa", "rsa:1024", "rsa:2047", "ec:P-521", "ec:secp256k1", "ed448", "dsa:2048"}) {
    const auto spec = parse_key_spec(text);
    ASSERT_FALSE(spec) << text;
    EXPECT_EQ(spec.error().code, ErrorCode::invalid);
    EXPECT_NE(spec.error().message.find("rsa:2048, rsa:3072"), std::string::npos) << spec.error().message;
  }
}

TEST(KeySpec, NoReplacementForKeysCertkeepDoesNotMake) {
  for (const PublicKeyInfo& info : {PublicKeyInfo{"RSA", 1024, std::nullopt}, PublicKeyInfo{"EC", 521, "P-521"},
                                    PublicKeyInfo{"DSA", 2048, std::nullopt}, PublicKeyInfo{"Ed448", 456, std::nullopt}}) {
    const auto spec = key_spec_of(info);
    ASSERT_FALSE(spec) << info.algorithm;
    EXPECT_EQ(spec.error().code, ErrorCode::unsupported);
  }
  EXPECT_NE(key_spec_of({"RSA", 1024, std::nullopt}).error().message.find("RSA 1024-bit key"), std::string::npos);
}

TEST(KeySpec, GenerateRefusesSpecsOutsideTheTable) {
  for (const KeySpec& spec : {KeySpec{"RSA", 1024, std::nullopt}, KeySpec{"EC", 0, "P-521"}, KeySpec{"EC", 0, std::nullopt},
                              KeySpec{"Ed25519", 0, "P-256"}, KeySpec{"", 0, std::nullopt}}) {
    const auto key = generate_key(spec);
    ASSERT_FALSE(key) << spec.algorithm;
    EXPECT_EQ(key.error().code, ErrorCode::invalid);
  }
}

}  // namespace
}  // namespace certkeep
