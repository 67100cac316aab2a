// receive_reply on stores assembled from certificates the openssl CLI issued (tests/data/lib.sh).
#include "core/operations/receive.h"

#include <gtest/gtest.h>

#include "core/keystore/reader.h"
#include "core/x509/verify_test_fixtures.h"
#include "support/tools.h"

namespace certkeep::ops {
namespace {

class Receive : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new test::TempDir();
    const auto r = test::sh("cd " + dir_->path().string() + " && . " + test::fixture_lib() +
                            " && ck_ca . Root ec:P-256"
                            " && ck_issue . Root Inter /CN=Inter -30 +3000 ec:P-256 '' ca"
                            " && ck_issue . Inter old /CN=gw.example.test -400 -10 ec:P-256 "
                            "DNS:gw.example.test,DNS:alt.example.test"
                            " && cp old.key new.key && ck_issue . Inter new /CN=gw.example.test -1 +365 ec:P-256 DNS:gw.example.test"
                            " && cp old.key late.key && ck_issue . Inter late /CN=gw.example.test -100 -5 ec:P-256 DNS:gw.example.test"
                            " && cp old.key renamed.key && ck_issue . Inter renamed /CN=gateway.example.test -1 +365 ec:P-256 "
                            "DNS:gw.example.test,DNS:alt.example.test"
                            " && ck_issue . Inter other /CN=other.example.test -1 +365 ec:P-256 DNS:other.example.test");
    ASSERT_EQ(r.exit_code, 0) << r.err;
  }
  static void TearDownTestSuite() {
    delete dir_;
    dir_ = nullptr;
  }

  static std::vector<std::uint8_t> bytes(std::initializer_list<std::string> files) {
    std::vector<std::uint8_t> out;
    for (const auto& f : files) {
      const auto b = test::read_bytes(*dir_ / f);
      out.insert(out.end(), b.begin(), b.end());
    }
    return out;
  }

  static std::vector<Certificate> certs(std::initializer_list<std::string> files) {
    auto read = read_keystore(bytes(files), {});
    EXPECT_TRUE(read) << read.error().message;
    std::vector<Certificate> out;
    for (const auto& e : read->keystore.entries) out.insert(out.end(), e.chain.begin(), e.chain.end());
    return out;
  }

  // A store with key entry "gw" (old.key, old.pem, Inter.pem) and, when `with_root`, trusted entry "root".
  static Keystore store(bool with_root = true) {
    auto read = read_keystore(bytes({"old.key", "old.pem", "Inter.pem"}), {});
    EXPECT_TRUE(read) << read.error().message;
    Keystore ks;
    ks.format = Format::pkcs12;
    Entry gw = read->keystore.entries.front();
    gw.alias = "gw";
    gw.local_key_id = "01:02";
    ks.entries.push_back(gw);
    if (with_root) {
      Entry root;
      root.kind = EntryKind::trusted_certificate;
      root.alias = "root";
      root.chain = certs({"Root.pem"});
      ks.entries.push_back(root);
    }
    return ks;
  }

  static ReceiveRequest request(std::initializer_list<std::string> reply) {
    ReceiveRequest r;
    r.reply = certs(reply);
    r.at = system_now();
    return r;
  }

  static std::string serial(const std::string& file) { return certs({file}).front().details().serial; }

  static inline test::TempDir* dir_ = nullptr;
};

std::vector<std::string> serials(const std::vector<Certificate>& chain) {
  std::vector<std::string> out;
  for (const auto& c : chain) out.push_back(c.details().serial);
  return out;
}

TEST_F(Receive, ReplyWithItsChainReplacesOnlyThatEntrysChain) {
  Keystore ks = store();
  auto r = receive_reply(ks, request({"new.pem", "Inter.pem"}));
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->alias, "gw");
  EXPECT_TRUE(r->verification.anchored);
  EXPECT_EQ(serials(ks.entries[0].chain), (std::vector<std::string>{serial("new.pem"), serial("Inter.pem"), serial("Root.pem")}));
  ASSERT_TRUE(r->old_leaf);
  EXPECT_EQ(r->old_leaf->details().serial, serial("old.pem"));
  EXPECT_EQ(ks.entries[0].local_key_id, "01:02");
  EXPECT_TRUE(ks.entries[0].key->matches(ks.entries[0].chain.front()));
  ASSERT_EQ(ks.entries.size(), 2u);
  EXPECT_EQ(ks.entries[1].alias, "root");
  ASSERT_EQ(r->warnings.size(), 1u);
  EXPECT_EQ(r->warnings[0], "the new certificate drops the name DNS:alt.example.test");
}

// A store opened for a rewrite leaves trusted certificates undecoded (ReadOptions): one that does not
// decode but cannot be on the reply's path neither stops the receive nor changes.
TEST_F(Receive, AnUndecodableTrustedCertificateOffThePathIsKeptAsItIs) {
  Keystore ks = store();
  auto junk = Certificate::deferred(test::undecodable_copy(certs({"other.pem"}).front().der()));
  ASSERT_TRUE(junk);
  Entry bystander;
  bystander.kind = EntryKind::trusted_certificate;
  bystander.alias = "junk";
  bystander.chain = {*junk};
  ks.entries.push_back(bystander);
  auto r = receive_reply(ks, request({"new.pem"}));
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_TRUE(r->verification.anchored);
  ASSERT_EQ(ks.entries.size(), 3u);
  EXPECT_EQ(ks.entries[2].chain.front(), *junk);
  EXPECT_FALSE(ks.entries[2].chain.front().parse());
}

TEST_F(Receive, TheSameReplyTwiceChangesNothingTheSecondTime) {
  Keystore ks = store();
  auto first = receive_reply(ks, request({"new.pem", "Inter.pem"}));
  ASSERT_TRUE(first) << first.error().message;
  EXPECT_FALSE(first->unchanged);
  auto second = receive_reply(ks, request({"new.pem"}));
  ASSERT_TRUE(second) << second.error().message;
  EXPECT_TRUE(second->unchanged);
  EXPECT_EQ(second->alias, "gw");
}

TEST_F(Receive, BareLeafIsCompletedFromTheOldChainAndTheTrustedEntries) {
  Keystore ks = store();
  auto r = receive_reply(ks, request({"new.pem"}));
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(ks.entries[0].chain.size(), 3u);
  EXPECT_TRUE(r->verification.anchored);
}

TEST_F(Receive, ChangedSubjectIsInstalledWithAWarning) {
  Keystore ks = store();
  auto r = receive_reply(ks, request({"renamed.pem"}));
  ASSERT_TRUE(r) << r.error().message;
  ASSERT_EQ(r->warnings.size(), 1u);
  EXPECT_NE(r->warnings[0].find("the subject changes from 'CN=gw.example.test' to 'CN=gateway.example.test'"), std::string::npos);
}

TEST_F(Receive, ReplyForAnotherKeyIsAConflictAndChangesNothing) {
  Keystore ks = store();
  const auto before = serials(ks.entries[0].chain);
  auto r = receive_reply(ks, request({"other.pem", "Inter.pem"}));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::conflict);
  EXPECT_EQ(r.error().message, "the reply is for another key: no certificate in it matches the public key of key entry 'gw'");
  EXPECT_EQ(serials(ks.entries[0].chain), before);
}

TEST_F(Receive, ExpiredReplyIsRefusedUnlessForced) {
  Keystore ks = store();
  auto refused = receive_reply(ks, request({"late.pem"}));
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::untrusted);
  EXPECT_TRUE(refused.error().message.starts_with("the reply's certificate expired on ")) << refused.error().message;
  EXPECT_EQ(ks.entries[0].chain.front().details().serial, serial("old.pem"));
  auto req = request({"late.pem"});
  req.force = true;
  auto forced = receive_reply(ks, req);
  ASSERT_TRUE(forced) << forced.error().message;
  EXPECT_EQ(ks.entries[0].chain.front().details().serial, serial("late.pem"));
  EXPECT_NE(forced->warnings.front().find("(installed anyway: --force)"), std::string::npos);
}

TEST_F(Receive, ChainThatReachesNoTrustAnchorIsRefusedUntilTheCaIsGiven) {
  Keystore ks = store(false);
  auto refused = receive_reply(ks, request({"new.pem"}));
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::untrusted);
  EXPECT_TRUE(refused.error().message.starts_with("the reply's chain does not verify: ")) << refused.error().message;
  EXPECT_NE(refused.error().message.find("--ca-file"), std::string::npos);
  auto req = request({"new.pem"});
  req.anchors = certs({"Root.pem"});
  auto ok = receive_reply(ks, req);
  ASSERT_TRUE(ok) << ok.error().message;
  EXPECT_EQ(ks.entries[0].chain.size(), 3u);
}

TEST_F(Receive, UnknownAliasIsNotFound) {
  Keystore ks = store();
  auto req = request({"new.pem"});
  req.alias = "nope";
  auto r = receive_reply(ks, req);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::not_found);
  EXPECT_EQ(r.error().message, "no entry 'nope' (the store has 'gw', 'root')");
}

TEST_F(Receive, AliasOfAnEntryWhoseKeyDoesNotMatchIsAConflict) {
  Keystore ks = store();
  auto req = request({"new.pem"});
  req.alias = "root";
  auto r = receive_reply(ks, req);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::conflict);
}

TEST_F(Receive, PendingKeyReplacesTheOldKeyAndThePendingEntryGoes) {
  Keystore ks = store();
  auto other = read_keystore(bytes({"other.key", "other.pem"}), {});
  ASSERT_TRUE(other);
  Entry pending = other->keystore.entries.front();
  pending.alias = "gw.pending";
  ks.entries.push_back(pending);
  auto r = receive_reply(ks, request({"other.pem", "Inter.pem"}));
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->alias, "gw");
  EXPECT_EQ(r->pending_used, "gw.pending");
  ASSERT_EQ(ks.entries.size(), 2u);
  EXPECT_EQ(ks.entries[0].alias, "gw");
  EXPECT_EQ(ks.entries[0].chain.front().details().serial, serial("other.pem"));
  EXPECT_TRUE(ks.entries[0].key->matches(ks.entries[0].chain.front()));
}

}  // namespace
}  // namespace certkeep::ops
