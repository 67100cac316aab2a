// certkeep keystore under bad input and faults: every refusal is one line naming the file and the cause,
// with its own exit status, and leaves every file byte-identical; a SIGKILL at any point of a write
// leaves the old store or the new one, never anything else.
#include <nlohmann/json.hpp>

#include <gtest/gtest.h>

#include "support/tools.h"

namespace certkeep {
namespace {

using test::sh;

constexpr const char* kPass = "Secr3t-store";

class KeystoreFaults : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    const auto r = sh("set -e; . '" + test::fixture_lib() + "'; cd '" + dir_.path().string() + "'\n"
                      "ck_ca . Root; ck_ca . Stranger\n"
                      "ck_gateway_store . Root gw.store " + GetParam() + " " + kPass + "\n"
                      "ck_sign_csr . Root renewed gateway.csr -1 +365 copy\n"
                      "ck_sign_csr . Root late gateway.csr -100 -1 copy\n"
                      "ck_sign_csr . Stranger foreign gateway.csr -1 +365 copy\n"
                      "ck_issue . Root other /CN=other.example.test -1 +365\n"
                      "head -c 700 gw.store > corrupt.store\n"
                      "cp gw.store ro.store; chmod 0444 ro.store\n"
                      "rm -f gateway.csr keytool.log\n");
    ASSERT_EQ(r.exit_code, 0) << r.err;
  }

  std::string p(const std::string& name) const { return "'" + (dir_ / name) + "'"; }

  test::RunResult run(const std::string& args) const {
    return sh(std::string("cd '") + dir_.path().string() + "' && CK_PASS=" + kPass + " WRONG=nope '" + CERTKEEP_BINARY +
              "' keystore " + args);
  }

  // Every file in the directory with its checksum.
  std::string checksums() const { return sh("cd '" + dir_.path().string() + "' && ls -A | sort | xargs md5sum").out; }

  test::TempDir dir_;
};

struct Refusal {
  std::string args;
  int exit_code;
  std::string file;   // the stderr line names it
  std::string cause;  // and says this
};

TEST_P(KeystoreFaults, EveryRefusalIsOneLineWithItsOwnStatusAndChangesNoByte) {
  const std::string pw = " --password-env CK_PASS";
  const std::vector<Refusal> refusals = {
      {"receive gw.store renewed.pem --password-env WRONG", 4, "gw.store", "wrong password"},
      {"receive corrupt.store renewed.pem" + pw, 3, "corrupt.store", ""},
      {"receive gw.store other.pem" + pw, 6, "gw.store", "the reply is for another key"},
      {"receive gw.store late.pem" + pw, 7, "gw.store", "the reply's certificate expired on"},
      {"receive gw.store foreign.pem" + pw, 7, "gw.store", "the reply's chain does not verify"},
      {"receive gw.store renewed.pem --alias nope" + pw, 5, "gw.store", "no entry 'nope'"},
      {"receive gw.store missing.pem" + pw, 5, "missing.pem", ""},
      {"delete gw.store --alias nope" + pw, 5, "gw.store", "no entry 'nope'"},
      {"import gw.store Root.pem --alias root" + pw, 6, "gw.store", "duplicate alias"},
      {"genkey gw.store --alias GATEWAY --subject CN=x" + pw, 6, "gw.store", "duplicate alias"},
      {"genkey gw.store --alias x --subject 'XX=bad'" + pw, 6, "gw.store", "XX"},
      {"rename gw.store --alias gateway --to root" + pw, 6, "gw.store", "duplicate alias"},
      {"export gw.store --alias gateway --cert Root.pem" + pw, 6, "Root.pem", "already exists"},
      {"delete ro.store --alias root" + pw, 8, "ro.store", "read-only (mode 0444)"},
      {"create gw.store" + pw, 6, "gw.store", "already exists"},
  };
  const std::string before = checksums();
  for (const auto& r : refusals) {
    const auto got = run(r.args);
    EXPECT_EQ(got.exit_code, r.exit_code) << r.args << "\n" << got.err;
    EXPECT_EQ(std::count(got.err.begin(), got.err.end(), '\n'), 1) << r.args << "\n" << got.err;
    EXPECT_TRUE(got.err.starts_with("certkeep: " + r.file + ": ")) << r.args << "\n" << got.err;
    EXPECT_NE(got.err.find(r.cause), std::string::npos) << r.args << "\n" << got.err;
    EXPECT_EQ(checksums(), before) << r.args;
    EXPECT_EQ((got.out + got.err).find(kPass), std::string::npos) << r.args << ": the password was printed";
  }
}

// A full disk, made real with a 64 KiB tmpfs in a private mount namespace: the write fails, the store
// and its directory are as before.
TEST_P(KeystoreFaults, FullDiskLeavesTheStoreAsItWas) {
  const auto r = sh("cd '" + dir_.path().string() + "' && mkdir mnt && CK_PASS=" + kPass +
                    " unshare -Urm sh -c '"
                    "mount -t tmpfs -o size=64k tmpfs mnt && cp gw.store renewed.pem mnt/ && "
                    "dd if=/dev/zero of=mnt/fill bs=1k count=100 2>/dev/null; "
                    "md5sum mnt/gw.store > before; ls -A mnt > listing-before; "
                    "\"$0\" keystore receive mnt/gw.store mnt/renewed.pem --password-env CK_PASS 2>err; echo $? > rc; "
                    "md5sum mnt/gw.store > after; ls -A mnt > listing-after' '" + std::string(CERTKEEP_BINARY) +
                    "' && cat rc err && cmp before after && cmp listing-before listing-after");
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_TRUE(r.out.starts_with("8\ncertkeep: mnt/gw.store: ")) << r.out;
  EXPECT_NE(r.out.find("the disk is full; nothing was changed"), std::string::npos) << r.out;
}

// Kills certkeep with SIGKILL at each crash point (core/util/crash_point.h) of a receive and of an
// import, and checks the store after each: the old bytes exactly, or the new store, readable, key intact.
TEST_P(KeystoreFaults, SigkillAtEveryWriteStepLeavesTheOldOrTheNewStore) {
  struct Operation {
    std::string args;
    std::string new_marker;  // found in `keystore list` output of the new store only
  };
  const std::vector<Operation> operations = {
      {"receive work.store renewed.pem --password-env CK_PASS", "renewed"},
      {"import work.store Stranger.pem --alias stranger --password-env CK_PASS", "stranger"},
  };
  const auto renewed = sh("openssl x509 -noout -serial -in " + p("renewed.pem")).out;
  const std::string renewed_serial = renewed.substr(7, renewed.size() - 8);
  const auto original = test::read_bytes(dir_ / "gw.store");
  int survived = 0;
  for (const auto& op : operations) {
    const auto traced = sh("cd '" + dir_.path().string() + "' && cp gw.store work.store && CK_PASS=" + kPass +
                           " CERTKEEP_CRASH_TRACE=1 '" + CERTKEEP_BINARY + "' keystore " + op.args);
    ASSERT_EQ(traced.exit_code, 0) << traced.err;
    const auto points = std::count_if(traced.err.begin(), traced.err.end(), [](char c) { return c == '\n'; });
    ASSERT_GE(points, 7) << traced.err;
    for (long k = 1; k <= points; ++k) {
      const auto crashed = sh("cd '" + dir_.path().string() + "' && rm -f work.store* .work.store* && cp gw.store work.store && CK_PASS=" +
                              kPass + " CERTKEEP_CRASH_AT=" + std::to_string(k) + " '" + CERTKEEP_BINARY + "' keystore " + op.args);
      ASSERT_EQ(crashed.exit_code, 128 + 9) << op.args << " at point " << k << ": " << crashed.err;
      const auto now = test::read_bytes(dir_ / "work.store");
      if (now == original) {
        ++survived;
        continue;
      }
      const auto listed = run("list work.store --password-env CK_PASS --json");
      ASSERT_NE(listed.exit_code, 3) << op.args << " at point " << k << ": " << listed.err;
      const auto json = nlohmann::json::parse(listed.out);
      bool key_intact = false;
      for (const auto& e : json["entries"])
        if (e["alias"] == "gateway") key_intact = e["key_matches_certificate"] == true;
      EXPECT_TRUE(key_intact) << op.args << " at point " << k;
      const bool is_new = op.new_marker == "renewed" ? listed.out.find(renewed_serial) != std::string::npos
                                                     : listed.out.find("\"stranger\"") != std::string::npos;
      EXPECT_TRUE(is_new) << op.args << " at point " << k << ": neither the old nor the new store";
      if (is_new && key_intact) ++survived;
    }
  }
  std::cout << "[ crash-safety ] " << GetParam() << ": " << survived << " injected crashes survived\n";
  EXPECT_GE(survived, 14);
}

INSTANTIATE_TEST_SUITE_P(Formats, KeystoreFaults, ::testing::Values("pkcs12", "jks", "jceks"));

}  // namespace
}  // namespace certkeep
