// certkeep inspect, run as a user runs it: the binary, real files made by openssl, exit codes, stderr.
#include <nlohmann/json.hpp>

#include <gtest/gtest.h>

#include "support/tools.h"

namespace certkeep {
namespace {

using test::certkeep;
using test::sh;

class InspectCli : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto r = sh("set -e; . '" + test::fixture_lib() + "'; cd '" + dir_.path().string() + "'\n"
                      "mkdir -p fleet/a fleet/b\n"
                      "ck_ca . RootCA ec:P-256\n"
                      "ck_issue . RootCA ok '/CN=ok.example.com' -10 +200 ec:P-256 DNS:ok.example.com\n"
                      "ck_issue . RootCA soon '/CN=soon.example.com' -300 +10 ec:P-256\n"
                      "ck_issue . RootCA old '/CN=old.example.com' -300 -2 ec:P-256\n"
                      "ck_issue . RootCA later '/CN=later.example.com' +5 +300 ec:P-256\n"
                      "cp ok.pem fleet/a/ok.pem; cp soon.pem fleet/a/soon.crt; cp old.pem fleet/b/old.cer\n"
                      "openssl pkcs8 -topk8 -in ok.key -passout pass:Secr3t -out fleet/b/ok.key\n");
    ASSERT_EQ(r.exit_code, 0) << r.err;
  }
  std::string p(const std::string& name) const { return "'" + (dir_ / name) + "'"; }

  test::TempDir dir_;
};

TEST_F(InspectCli, ExitStatusFollowsTheWorstCertificate) {
  EXPECT_EQ(certkeep("inspect " + p("ok.pem")).exit_code, 0);
  EXPECT_EQ(certkeep("inspect " + p("ok.pem") + " " + p("soon.pem")).exit_code, 1);
  EXPECT_EQ(certkeep("inspect " + p("ok.pem") + " " + p("soon.pem") + " " + p("old.pem")).exit_code, 2);
  EXPECT_EQ(certkeep("inspect " + p("later.pem")).exit_code, 2);
  EXPECT_EQ(certkeep("inspect " + p("ok.pem") + " " + p("missing.pem")).exit_code, 3);
}

TEST_F(InspectCli, AtAndWarnDaysMoveTheJudgement) {
  EXPECT_EQ(certkeep("inspect --at 2000-01-01 " + p("ok.pem")).exit_code, 2);  // not yet valid
  EXPECT_EQ(certkeep("inspect --warn-days 5 " + p("soon.pem")).exit_code, 0);
  EXPECT_EQ(certkeep("inspect --warn-days 400 " + p("ok.pem")).exit_code, 1);
  const auto bad = certkeep("inspect --at tomorrow " + p("ok.pem"));
  EXPECT_EQ(bad.exit_code, 64);
  EXPECT_NE(bad.err.find("--at: cannot read 'tomorrow'"), std::string::npos) << bad.err;
}

TEST_F(InspectCli, HumanOutputShowsStatusAndDaysLeft) {
  ASSERT_EQ(sh(". '" + test::fixture_lib() + "'; cd '" + dir_.path().string() + "' && "
               "ck_issue . RootCA fixed '/CN=fixed' 20260101000000Z 20270101000000Z ec:P-256").exit_code, 0);
  const auto r = certkeep("inspect --at 2026-12-21T12:00:00Z " + p("fixed.pem") + " " + p("old.pem"));
  EXPECT_NE(r.out.find("Valid:      2026-01-01T00:00:00Z .. 2027-01-01T00:00:00Z"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("EXPIRING (10 days left)"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("EXPIRED (expired "), std::string::npos) << r.out;
  const auto after = certkeep("inspect --at 2027-01-03T00:00:00Z " + p("fixed.pem"));
  EXPECT_NE(after.out.find("EXPIRED (expired 2 days ago)"), std::string::npos) << after.out;
  EXPECT_NE(r.out.find("2 files, 2 certificates: 0 valid, 1 expiring, 1 expired, 0 not yet valid"), std::string::npos);
  EXPECT_EQ(r.out.find("\033["), std::string::npos) << "no color when not a terminal";
}

TEST_F(InspectCli, JsonIsOneDocumentWithEveryField) {
  const auto with_env = sh("CK_PW=Secr3t '" + std::string(CERTKEEP_BINARY) + "' inspect --json --password-env CK_PW " + p("fleet"));
  ASSERT_EQ(with_env.exit_code, 2) << with_env.err;
  const auto doc = nlohmann::json::parse(with_env.out);
  EXPECT_EQ(doc["schema_version"], 1);
  ASSERT_EQ(doc["files"].size(), 4U);
  EXPECT_EQ(doc["totals"]["expired"], 1);
  EXPECT_EQ(doc["totals"]["expiring"], 1);
  EXPECT_EQ(doc["exit_code"], 2);
  const auto& first = doc["files"][0];
  EXPECT_EQ(first["format"], "PEM");
  const auto& cert = first["entries"][0]["chain"][0];
  EXPECT_EQ(cert["subject"], "CN=ok.example.com");
  EXPECT_EQ(cert["status"], "VALID");
  EXPECT_EQ(cert["sans"][0]["value"], "ok.example.com");
  EXPECT_EQ(cert["fingerprints"]["sha256"], test::openssl_fingerprint(dir_ / "ok.pem"));
  const auto& key_file = doc["files"][2];  // sorted: a/ok.pem, a/soon.crt, b/ok.key, b/old.cer
  EXPECT_EQ(key_file["password"], "supplied");
  EXPECT_EQ(key_file["entries"][0]["private_key"]["curve"], "P-256");
}

// A file name is bytes: one that is not UTF-8 is written with U+FFFD in its place, the document stays
// valid JSON and every other file is still reported (this used to stop the output, and hang).
TEST_F(InspectCli, JsonSurvivesAFileNameThatIsNotUtf8) {
  ASSERT_EQ(sh("cd '" + dir_.path().string() + "' && mkdir odd && cp ok.pem \"odd/caf$(printf '\\351').pem\" && "
               "for i in $(seq 1 100); do cp soon.pem odd/z$i.pem; done").exit_code, 0);
  const auto r = certkeep("inspect --json " + p("odd"));
  EXPECT_EQ(r.exit_code, 1) << r.err;
  ASSERT_TRUE(nlohmann::json::accept(r.out)) << r.out.substr(0, 500);
  const auto doc = nlohmann::json::parse(r.out);
  ASSERT_EQ(doc["files"].size(), 101U);
  EXPECT_NE(doc["files"][0]["path"].get<std::string>().find("odd/caf\xEF\xBF\xBD.pem"), std::string::npos);
  EXPECT_EQ(doc["files"][0]["entries"][0]["chain"][0]["subject"], "CN=ok.example.com");
  EXPECT_EQ(doc["totals"]["files"], 101);
}

TEST_F(InspectCli, PasswordSources) {
  const auto key = p("fleet/b/ok.key");
  sh("printf 'Secr3t\\n' > " + p("pw.txt"));
  EXPECT_EQ(certkeep("inspect --password-file " + p("pw.txt") + " " + key).exit_code, 0);
  const auto literal = certkeep("inspect --password Secr3t " + key);
  EXPECT_EQ(literal.exit_code, 0);
  EXPECT_NE(literal.err.find("visible to other users"), std::string::npos);
  EXPECT_EQ(literal.out.find("Secr3t"), std::string::npos);
  const auto wrong = certkeep("inspect --password nope " + key);
  EXPECT_EQ(wrong.exit_code, 3);
  EXPECT_NE(wrong.err.find("ok.key: wrong password"), std::string::npos) << wrong.err;
  const auto no_file = certkeep("inspect --password-file " + p("nope.txt") + " " + key);
  EXPECT_EQ(no_file.exit_code, 3);
  EXPECT_NE(no_file.err.find("cannot read password file"), std::string::npos) << no_file.err;
}

TEST_F(InspectCli, PromptsOnceOnATerminalWithoutEcho) {
  sh("cd '" + dir_.path().string() + "' && cp fleet/b/ok.key k1.key && cp fleet/b/ok.key k2.key");
  const std::string pty = "python3 '" + std::string(CERTKEEP_SOURCE_DIR) + "/tests/support/pty_run.py' 'Password for' Secr3t -- ";
  const auto r = sh(pty + "'" + CERTKEEP_BINARY + "' inspect " + p("k1.key") + " " + p("k2.key"));
  EXPECT_EQ(r.exit_code, 0) << r.out;
  EXPECT_NE(r.out.find("Password for " + (dir_ / "k1.key") + ": "), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("Password for " + (dir_ / "k2.key")), std::string::npos) << "asked once: " << r.out;
  EXPECT_EQ(r.out.find("Secr3t"), std::string::npos) << "the password must not be echoed: " << r.out;
  EXPECT_NE(r.out.find("2 files, 0 certificates"), std::string::npos) << r.out;
}

TEST_F(InspectCli, ManyFilesWithAFewBadOnes) {
  // 10,000 files: certificates copied from one real file, and a few bad ones of each kind.
  const auto r = sh("set -e; cd '" + dir_.path().string() + "'; mkdir -p big/d1 big/d2\n"
                    "for i in $(seq 1 5000); do cp ok.pem big/d1/c$i.pem; cp soon.pem big/d2/c$i.crt; done\n"
                    "rm big/d1/c1.pem big/d1/c2.pem big/d2/c3.crt big/d2/c4.crt\n"
                    "head -c 300 ok.pem > big/d1/c1.pem\n"
                    ": > big/d1/c2.pem\n"
                    "head -c 5000 /dev/urandom > big/d2/c3.crt\n"
                    "openssl x509 -in ok.pem -outform DER | head -c 200 > big/d2/c4.crt\n"
                    "find big -type f -exec md5sum {} + | sort > before.md5\n");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto out = certkeep("inspect --json " + p("big"));
  EXPECT_EQ(out.exit_code, 3);
  const auto doc = nlohmann::json::parse(out.out);
  EXPECT_EQ(doc["totals"]["files"], 10000);
  EXPECT_EQ(doc["totals"]["unreadable"], 4);
  EXPECT_EQ(doc["totals"]["certificates"], 9996);
  // One line per bad file, each naming the file and the cause.
  std::vector<std::string> lines;
  for (std::size_t pos = 0, nl; (nl = out.err.find('\n', pos)) != std::string::npos; pos = nl + 1)
    lines.push_back(out.err.substr(pos, nl - pos));
  ASSERT_EQ(lines.size(), 4U) << out.err;
  EXPECT_NE(lines[0].find("big/d1/c1.pem: "), std::string::npos) << lines[0];
  EXPECT_NE(lines[1].find("big/d1/c2.pem: empty file"), std::string::npos) << lines[1];
  EXPECT_NE(lines[2].find("big/d2/c3.crt: not a certificate or keystore"), std::string::npos) << lines[2];
  EXPECT_NE(lines[3].find("big/d2/c4.crt: truncated DER at offset 200"), std::string::npos) << lines[3];
  const auto after = sh("cd '" + dir_.path().string() + "' && find big -type f -exec md5sum {} + | sort | diff - before.md5");
  EXPECT_EQ(after.exit_code, 0) << "inspect must not modify any file: " << after.out;
}

TEST_F(InspectCli, CaFileAddsChainVerification) {
  ASSERT_EQ(sh(". '" + test::fixture_lib() + "'; cd '" + dir_.path().string() + "' && ck_ca . OtherCA").exit_code, 0);
  const auto ok = certkeep("inspect --ca-file " + p("RootCA.pem") + " " + p("ok.pem"));
  EXPECT_EQ(ok.exit_code, 0) << ok.out << ok.err;
  EXPECT_NE(ok.out.find("Chain:      OK, 2 certificates to CN=RootCA"), std::string::npos) << ok.out;
  EXPECT_NE(ok.out.find("0 of 1 chains invalid"), std::string::npos) << ok.out;

  const auto other = certkeep("inspect --json --ca-file " + p("OtherCA.pem") + " " + p("ok.pem") + " " + p("old.pem"));
  EXPECT_EQ(other.exit_code, 2) << other.err;
  const auto doc = nlohmann::json::parse(other.out);
  const auto& v = doc["files"][0]["entries"][0]["chain_verification"];
  EXPECT_EQ(v["valid"], false);
  EXPECT_EQ(v["problems"][0]["code"], "missing_issuer") << v.dump();
  EXPECT_EQ(doc["totals"]["chains_invalid"], 2);

  const auto missing = certkeep("inspect --ca-file " + p("nope.pem") + " " + p("ok.pem"));
  EXPECT_EQ(missing.exit_code, 3);
  EXPECT_NE(missing.err.find("nope.pem: no such file"), std::string::npos) << missing.err;
  const auto without = certkeep("inspect --json " + p("ok.pem"));
  EXPECT_TRUE(nlohmann::json::parse(without.out)["files"][0]["entries"][0]["chain_verification"].is_null());
}

TEST_F(InspectCli, HelpTeaches) {
  const auto r = certkeep("inspect --help");
  EXPECT_EQ(r.exit_code, 0);
  for (const char* s : {"--password-file", "--at", "--warn-days", "--json", "Exit status", "Examples"})
    EXPECT_NE(r.out.find(s), std::string::npos) << s;
  const auto top = certkeep("--help");
  EXPECT_NE(top.out.find("inspect"), std::string::npos);
  EXPECT_EQ(certkeep("inspect").exit_code, 64);
  EXPECT_EQ(certkeep("frobnicate").exit_code, 64);
}

}  // namespace
}  // namespace certkeep
