// ReadOptions::defer_certificates on stores certkeep writes in each format: trusted certificates are
// framed, not decoded, and come back byte for byte; key chains are decoded as always.
#include <algorithm>

#include <gtest/gtest.h>

#include "core/keystore/reader.h"
#include "core/keystore/writer.h"
#include "core/x509/issue.h"
#include "core/x509/verify_test_fixtures.h"

namespace certkeep {
namespace {

using Bytes = std::vector<std::uint8_t>;
constexpr const char* kPassword = "deferred-pw";
constexpr UnixTime kNow = 1'800'000'000;

struct Made {
  PrivateKey key;
  Certificate cert;
};

Made make(const std::string& cn) {
  auto key = generate_key(KeySpec{"EC", 0, "P-256"});
  EXPECT_TRUE(key);
  auto name = parse_distinguished_name("CN=" + cn);
  EXPECT_TRUE(name);
  auto cert = self_signed(*key, SelfSignedSpec{name->get(), {}, kNow - 86400, 365});
  EXPECT_TRUE(cert);
  return {*key, *cert};
}

Certificate undecodable(const Certificate& c) {
  auto d = Certificate::deferred(test::undecodable_copy(c.der()));
  EXPECT_TRUE(d);
  return *d;
}

Entry trusted(const std::string& alias, const Certificate& c) {
  Entry e;
  e.kind = EntryKind::trusted_certificate;
  e.alias = alias;
  e.chain = {c};
  return e;
}

Entry key_entry(const std::string& alias, const Made& m) {
  Entry e;
  e.kind = EntryKind::key;
  e.alias = alias;
  e.key = m.key;
  e.chain = {m.cert};
  return e;
}

Bytes written(const Keystore& ks, Format format) {
  WriteOptions o;
  o.password = Secret(kPassword);
  o.protection = default_protection(format == Format::jceks);
  o.protection.keys.iterations = 1000;
  o.now = kNow;
  auto bytes = write_keystore(ks, format, o);
  EXPECT_TRUE(bytes) << bytes.error().message;
  return bytes ? *bytes : Bytes{};
}

Result<ReadResult> read(const Bytes& bytes, bool defer) {
  const std::vector<PasswordCandidate> pw{{Secret(kPassword), false}};
  return read_keystore(bytes, pw, ReadOptions{.defer_certificates = defer});
}

Bytes bytes_of(const Certificate& c) { return {c.der().begin(), c.der().end()}; }

class DeferredRead : public ::testing::TestWithParam<Format> {};

TEST_P(DeferredRead, TrustedCertificatesComeBackAsTheyWereEvenWhenTheyDoNotDecode) {
  const Made gw = make("gw.example.test");
  const Certificate good = make("root.example.test").cert;
  const Certificate bad = undecodable(make("bad.example.test").cert);
  Keystore ks;
  ks.format = GetParam();
  ks.entries = {key_entry("gw", gw), trusted("good", good), trusted("bad", bad)};
  const Bytes store = written(ks, GetParam());

  auto eager = read(store, false);
  ASSERT_FALSE(eager);
  EXPECT_EQ(eager.error().code, ErrorCode::malformed);
  EXPECT_NE(eager.error().message.find("certificate version 6 is not 1, 2 or 3"), std::string::npos) << eager.error().message;

  auto lazy = read(store, true);
  ASSERT_TRUE(lazy) << lazy.error().message;
  const auto& entries = lazy->keystore.entries;
  ASSERT_EQ(entries.size(), 3U);
  EXPECT_EQ(entries[0].kind, EntryKind::key);
  EXPECT_EQ(entries[0].key_matches, true);
  EXPECT_EQ(entries[2].alias, "bad");
  EXPECT_FALSE(entries[2].chain.at(0).parse());
  EXPECT_EQ(entries[1].chain.at(0).details().subject, "CN=root.example.test");

  auto again = read(written(lazy->keystore, GetParam()), true);
  ASSERT_TRUE(again) << again.error().message;
  ASSERT_EQ(again->keystore.entries.size(), 3U);
  EXPECT_EQ(bytes_of(again->keystore.entries[2].chain.at(0)), bytes_of(bad));
  EXPECT_EQ(bytes_of(again->keystore.entries[1].chain.at(0)), bytes_of(good));
}

TEST_P(DeferredRead, AKeyEntryWhoseCertificateDoesNotDecodeIsAnError) {
  Made gw = make("gw.example.test");
  gw.cert = undecodable(gw.cert);
  Keystore ks;
  ks.format = GetParam();
  ks.entries = {key_entry("gw", gw)};
  auto lazy = read(written(ks, GetParam()), true);
  ASSERT_FALSE(lazy);
  EXPECT_EQ(lazy.error().code, ErrorCode::malformed);
  EXPECT_NE(lazy.error().message.find("certificate version 6 is not 1, 2 or 3"), std::string::npos) << lazy.error().message;
}

INSTANTIATE_TEST_SUITE_P(Formats, DeferredRead, ::testing::Values(Format::pkcs12, Format::jks, Format::jceks),
                         [](const auto& info) { return std::string(to_string(info.param)); });

}  // namespace
}  // namespace certkeep
