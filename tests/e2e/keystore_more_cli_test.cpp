// certkeep keystore on the forms replies and stores come in: PKCS#7 and DER replies, a legacy PKCS#12
// that must stay legacy (and --upgrade-protection), PEM key + chain imports, PKCS#12 export, JSON views.
#include <nlohmann/json.hpp>

#include <gtest/gtest.h>

#include "support/tools.h"

namespace certkeep {
namespace {

using test::sh;

class KeystoreMoreCli : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto r = sh("set -e; . '" + test::fixture_lib() + "'; cd '" + dir_.path().string() + "'\n"
                      "ck_ca . Root\n"
                      "ck_issue . Root Inter /CN=Inter -30 +3000 rsa:2048 '' ca\n"
                      "ck_issue . Inter api /CN=api.example.test -400 -1 ec:P-256 DNS:api.example.test\n"
                      "cp api.key api2.key; ck_issue . Inter api2 /CN=api.example.test -1 +200 ec:P-256 DNS:api.example.test\n"
                      "cat api.pem Inter.pem > api-chain.pem\n"
                      "openssl pkcs12 -export -legacy -inkey api.key -in api-chain.pem -name api -passout pass:Legacy-pw -out legacy.p12\n"
                      "openssl crl2pkcs7 -nocrl -certfile api2.pem -certfile Inter.pem -outform DER -out reply.p7b\n"
                      "openssl x509 -in api2.pem -outform DER -out reply.der\n"
                      "echo Legacy-pw > pw\n");
    ASSERT_EQ(r.exit_code, 0) << r.err;
  }
  std::string p(const std::string& name) const { return "'" + (dir_ / name) + "'"; }
  test::RunResult run(const std::string& args) const {
    return sh("cd '" + dir_.path().string() + "' && '" + CERTKEEP_BINARY + "' " + args);
  }
  std::string info(const std::string& file, const std::string& extra = "") const {
    return sh("openssl pkcs12 -info -noout -passin pass:Legacy-pw " + extra + " -in " + p(file) + " 2>&1").out;
  }
  nlohmann::json listed(const std::string& file) const {
    return nlohmann::json::parse(run("keystore list " + file + " --password-file pw --json").out);
  }

  test::TempDir dir_;
};

TEST_F(KeystoreMoreCli, LegacyStoreStaysLegacyAndKeepsItsLocalKeyIdThroughAPkcs7Reply) {
  const std::string before = info("legacy.p12", "-legacy");
  ASSERT_NE(before.find("pbeWithSHA1And3-KeyTripleDES-CBC"), std::string::npos) << before;
  const auto id_before = listed("legacy.p12")["entries"][0]["local_key_id"];
  ASSERT_TRUE(id_before.is_string());

  const auto r = run("keystore receive legacy.p12 reply.p7b --password-file pw --ca-file Root.pem");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::string after = info("legacy.p12", "-legacy");
  EXPECT_NE(after.find("pbeWithSHA1And3-KeyTripleDES-CBC"), std::string::npos) << after;
  EXPECT_NE(after.find("pbeWithSHA1And40BitRC2-CBC"), std::string::npos) << after;
  EXPECT_NE(after.find("MAC: sha1"), std::string::npos) << after;
  const auto json = listed("legacy.p12");
  EXPECT_EQ(json["entries"][0]["alias"], "api");
  EXPECT_EQ(json["entries"][0]["local_key_id"], id_before);
  EXPECT_EQ(json["entries"][0]["chain"].size(), 3u);  // api2, Inter, Root from --ca-file
  EXPECT_EQ(json["entries"][0]["chain"][0]["status"], "VALID");

  const auto upgraded = run("keystore rename legacy.p12 --alias api --to api --password-file pw --upgrade-protection");
  ASSERT_EQ(upgraded.exit_code, 0) << upgraded.err;
  const std::string modern = info("legacy.p12");
  EXPECT_NE(modern.find("PBES2, PBKDF2, AES-256-CBC, Iteration 10000, PRF hmacWithSHA256"), std::string::npos) << modern;
  EXPECT_NE(modern.find("MAC: sha256, Iteration 10000"), std::string::npos) << modern;
}

TEST_F(KeystoreMoreCli, DerReplyIsCompletedFromTheOldChainAndCaFile) {
  const auto r = run("keystore receive legacy.p12 reply.der --alias api --password-file pw --ca-file Root.pem");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("chain: 3 certificates, verified up to CN=Root,O=certkeep tests,C=US"), std::string::npos) << r.out;
  const auto again = run("keystore receive legacy.p12 reply.der --password-file pw --ca-file Root.pem --json");
  ASSERT_EQ(again.exit_code, 0) << again.err;
  const auto json = nlohmann::json::parse(again.out);
  EXPECT_EQ(json["alias"], "api");
  EXPECT_EQ(json["changed"], false);
  EXPECT_EQ(json["old"]["serial"], json["new"]["serial"]);
  EXPECT_EQ(json["chain"].size(), 3u);
  EXPECT_EQ(json["anchored"], true);
  EXPECT_TRUE(json["backup"].is_null());
}

TEST_F(KeystoreMoreCli, PemKeyAndChainImportAndPkcs12Export) {
  ASSERT_EQ(run("keystore create new.p12 --password-file pw").exit_code, 0);
  ASSERT_EQ(sh("cd '" + dir_.path().string() + "' && cat api2.key api2.pem Inter.pem > bundle.pem").exit_code, 0);
  auto r = run("keystore import new.p12 bundle.pem --alias api --password-file pw");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto json = listed("new.p12");
  ASSERT_EQ(json["entries"].size(), 1u);
  EXPECT_EQ(json["entries"][0]["kind"], "key");
  EXPECT_EQ(json["entries"][0]["chain"].size(), 2u);

  r = run("keystore export new.p12 --alias api --pkcs12 out.p12 --password-file pw");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto certs = sh("openssl pkcs12 -in " + p("out.p12") + " -passin pass:Legacy-pw -nokeys | openssl x509 -noout -subject");
  EXPECT_NE(certs.out.find("CN = api.example.test"), std::string::npos) << certs.out << certs.err;
  const auto key = sh("openssl pkcs12 -in " + p("out.p12") + " -passin pass:Legacy-pw -nocerts -nodes | openssl pkey -pubout");
  const auto expected = sh("openssl pkey -pubout -in " + p("api2.key"));
  EXPECT_EQ(key.out, expected.out);
  EXPECT_EQ(sh("stat -c %a " + p("out.p12")).out, "600\n");

  r = run("keystore export new.p12 --alias api --key plain.key --unencrypted --password-file pw");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(sh("openssl pkey -pubout -in " + p("plain.key")).out, expected.out);
}

TEST_F(KeystoreMoreCli, ShowAndListJsonFollowTheInspectSchema) {
  const auto shown = run("keystore show legacy.p12 --alias api --password-file pw --json");
  EXPECT_EQ(shown.exit_code, 2) << shown.err;  // the certificate expired yesterday
  const auto json = nlohmann::json::parse(shown.out);
  EXPECT_EQ(json["format"], "PKCS12");
  EXPECT_EQ(json["entries"].size(), 1u);
  const auto text = run("keystore list legacy.p12 --password-file pw");
  EXPECT_NE(text.out.find("api"), std::string::npos);
  EXPECT_NE(text.out.find("EXPIRED"), std::string::npos) << text.out;
  EXPECT_EQ(run("keystore show legacy.p12 --alias nope --password-file pw").exit_code, 5);
}

TEST_F(KeystoreMoreCli, CreateOnATerminalAsksForThePasswordTwiceWithoutEcho) {
  const std::string pty = "python3 '" + std::string(CERTKEEP_SOURCE_DIR) + "/tests/support/pty_run.py' 'password' N3w-store-pw -- ";
  const auto r = sh(pty + "'" + CERTKEEP_BINARY + "' keystore create " + p("tty.p12"));
  ASSERT_EQ(r.exit_code, 0) << r.out;
  EXPECT_NE(r.out.find("New password for " + (dir_ / "tty.p12") + ": "), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("Repeat the new password: "), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("N3w-store-pw"), std::string::npos) << "the password must not be echoed: " << r.out;
  const auto listed = sh("N=N3w-store-pw '" + std::string(CERTKEEP_BINARY) + "' keystore list " + p("tty.p12") + " --password-env N");
  EXPECT_EQ(listed.exit_code, 0) << listed.err;
  EXPECT_NE(listed.out.find("PKCS12  0 entries"), std::string::npos) << listed.out;
  EXPECT_EQ(sh("stat -c %a " + p("tty.p12")).out, "600\n");
}

// keytool lets a JKS key have its own password: certkeep needs it to rewrite the store, and keeps it.
TEST_F(KeystoreMoreCli, JksKeyWithItsOwnPasswordIsKeptWhenTheStoreIsRewritten) {
  const std::string kt = "keytool -storetype jks -keystore " + p("kp.jks") + " -storepass Store-pw1 ";
  ASSERT_EQ(sh(kt + "-genkeypair -alias a -keyalg EC -groupname secp256r1 -keypass Key-pw-22 -dname CN=a").exit_code, 0);
  const auto before = test::read_bytes(dir_ / "kp.jks");
  const std::string env = "S=Store-pw1 K=Key-pw-22 '" + std::string(CERTKEEP_BINARY) + "' keystore ";
  auto r = sh(env + "rename " + p("kp.jks") + " --alias a --to b --password-env S");
  EXPECT_EQ(r.exit_code, 4) << r.err;
  EXPECT_NE(r.err.find("--key-password-file"), std::string::npos) << r.err;
  EXPECT_EQ(test::read_bytes(dir_ / "kp.jks"), before);
  r = sh(env + "rename " + p("kp.jks") + " --alias a --to b --password-env S --key-password-env K");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto moved = sh("keytool -importkeystore -noprompt -srcstoretype jks -srckeystore " + p("kp.jks") +
                        " -srcstorepass Store-pw1 -srcalias b -srckeypass Key-pw-22 -destkeystore " + p("kp.p12") +
                        " -deststoretype pkcs12 -deststorepass Dest-pw1 -destkeypass Dest-pw1");
  EXPECT_EQ(moved.exit_code, 0) << moved.out << moved.err;
}

TEST_F(KeystoreMoreCli, PasswdOnJceksKeepsSecretKeysAndSaysTheyKeepTheirPassword) {
  const std::string kt = "keytool -storetype jceks -keystore " + p("s.jceks") + " -storepass Store-pw1 ";
  ASSERT_EQ(sh(kt + "-genseckey -alias aes -keyalg AES -keysize 128 -keypass Store-pw1").exit_code, 0);
  ASSERT_EQ(sh(kt + "-importcert -noprompt -alias root -file " + p("Root.pem")).exit_code, 0);
  const auto r = sh("S=Store-pw1 N=New-pw-2 '" + std::string(CERTKEEP_BINARY) + "' keystore passwd " + p("s.jceks") +
                    " --password-env S --new-password-env N");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find("secret key 'aes' keeps the password it was sealed with"), std::string::npos) << r.err;
  const auto listed = sh("keytool -list -storetype jceks -keystore " + p("s.jceks") + " -storepass New-pw-2");
  EXPECT_EQ(listed.exit_code, 0) << listed.out;
  EXPECT_NE(listed.out.find("aes, "), std::string::npos) << listed.out;
  EXPECT_NE(listed.out.find("SecretKeyEntry"), std::string::npos) << listed.out;
}

}  // namespace
}  // namespace certkeep
