// certkeep keystore, run as an admin runs it, on stores keytool made: the seed's renewal (receive a CA's
// reply into an expired gateway keystore), the same with a new key (csr --new-key), and every other
// subcommand; keytool, openssl s_server and s_client judge the results.
#include <algorithm>
#include <cctype>

#include <nlohmann/json.hpp>

#include <gtest/gtest.h>

#include "support/tools.h"

namespace certkeep {
namespace {

using test::certkeep;
using test::sh;

// A well-known default, as in the seed (whose WebAS keytool refuses: it wants six characters or more).
constexpr const char* kPass = "changeit";

std::string lower(std::string s) {
  std::ranges::transform(s, s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

// keytool prints serials in lower-case hex without leading zeros.
std::string keytool_serial(std::string upper_hex) {
  upper_hex.erase(0, std::min(upper_hex.find_first_not_of('0'), upper_hex.size() - 1));
  return lower(upper_hex);
}

class KeystoreCli : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    const auto r = sh("set -e; . '" + test::fixture_lib() + "'; cd '" + dir_.path().string() + "'\n"
                      "ck_ca . Root\n"
                      "ck_gateway_store . Root gw.store " + type() + " " + kPass + "\n"
                      "ck_sign_csr . Root renewed gateway.csr -1 +365 copy\n");
    ASSERT_EQ(r.exit_code, 0) << r.err;
  }
  const std::string& type() const { return GetParam(); }
  std::string p(const std::string& name) const { return "'" + (dir_ / name) + "'"; }
  std::string store_args() const { return p("gw.store") + " --password-env CK_PASS"; }
  test::RunResult run(const std::string& args) const { return sh(std::string("CK_PASS=") + kPass + " '" + CERTKEEP_BINARY + "' " + args); }

  test::RunResult keytool_list() const {
    return sh("keytool -list -v -storetype " + type() + " -keystore " + p("gw.store") + " -storepass " + kPass);
  }

  std::string serial_of(const std::string& pem) const {
    auto r = sh("openssl x509 -noout -serial -in " + p(pem));
    return r.out.substr(r.out.find('=') + 1, r.out.find_last_not_of("\n") - r.out.find('='));
  }

  nlohmann::json inspect_json() const {
    auto r = run("inspect --json --password-env CK_PASS " + p("gw.store"));
    return nlohmann::json::parse(r.out);
  }

  // Exports the gateway's chain and key, serves them with openssl s_server on loopback and connects with
  // s_client -verify_return_error; returns s_client's output.
  std::string handshake() const {
    auto exported = run("keystore export " + store_args() + " --alias gateway --chain " + p("served-chain.pem"));
    EXPECT_EQ(exported.exit_code, 0) << exported.err;
    exported = run("keystore export " + store_args() + " --alias gateway --key " + p("served-key.pem"));
    EXPECT_EQ(exported.exit_code, 0) << exported.err;
    const auto r = sh("cd '" + dir_.path().string() + "'\n"
                      "port=$(python3 -c 'import socket; s=socket.socket(); s.bind((\"127.0.0.1\",0)); print(s.getsockname()[1])')\n"
                      "CK_PASS=" + kPass + " openssl s_server -accept 127.0.0.1:$port -cert served-chain.pem "
                      "-key served-key.pem -pass env:CK_PASS -quiet >server.log 2>&1 & pid=$!\n"
                      "for i in $(seq 100); do\n"
                      "  if openssl s_client -connect 127.0.0.1:$port -CAfile Root.pem -verify_return_error "
                      "-servername gw.example.test -verify_hostname gw.example.test </dev/null >client.log 2>&1; then break; fi\n"
                      "  sleep 0.1\n"
                      "done\n"
                      "kill $pid; cat client.log; rm -f served-chain.pem served-key.pem\n");
    return r.out;
  }

  test::TempDir dir_;
};

TEST_P(KeystoreCli, SeedScenarioReceiveInstallsTheRenewedCertificate) {
  const std::string old_serial = serial_of("gateway-expired.pem");
  const std::string new_serial = serial_of("renewed.pem");
  EXPECT_EQ(run("inspect --password-env CK_PASS " + p("gw.store")).exit_code, 2);  // expired
  const auto before = test::read_bytes(dir_ / "gw.store");

  // No password option: the well-known default opens the store, with a warning.
  const auto r = run("keystore receive " + p("gw.store") + " " + p("renewed.pem"));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find("well-known default password"), std::string::npos) << r.err;
  EXPECT_NE(r.out.find(old_serial), std::string::npos) << r.out;
  EXPECT_NE(r.out.find(new_serial), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("verified up to CN=Root,O=certkeep tests,C=US"), std::string::npos) << r.out;

  const auto listed = keytool_list();
  ASSERT_EQ(listed.exit_code, 0) << listed.out << listed.err;
  EXPECT_NE(listed.out.find("Serial number: " + keytool_serial(new_serial)), std::string::npos) << listed.out;
  EXPECT_EQ(listed.out.find("Serial number: " + keytool_serial(old_serial)), std::string::npos) << listed.out;
  EXPECT_NE(listed.out.find("Certificate chain length: 2"), std::string::npos);
  EXPECT_NE(listed.out.find("Alias name: root"), std::string::npos);

  const auto json = inspect_json();
  const auto& entries = json["files"][0]["entries"];
  ASSERT_EQ(entries.size(), 2u);
  for (const auto& e : entries) {
    if (e["alias"] != "gateway") continue;
    EXPECT_EQ(e["kind"], "key");
    EXPECT_EQ(e["key_matches_certificate"], true);
    EXPECT_EQ(e["chain"][0]["serial"], new_serial);
    EXPECT_EQ(e["chain"][0]["status"], "VALID");
  }
  EXPECT_EQ(run("inspect --password-env CK_PASS " + p("gw.store")).exit_code, 0);

  // The previous store is kept, byte for byte, beside it; a directory walk does not list it.
  const auto backups = sh("ls '" + dir_.path().string() + "' | grep '^gw.store.*certkeep.bak$'");
  ASSERT_EQ(backups.exit_code, 0);
  EXPECT_EQ(test::read_bytes(dir_ / backups.out.substr(0, backups.out.find('\n'))), before);

  EXPECT_NE(handshake().find("Verify return code: 0 (ok)"), std::string::npos);
}

TEST_P(KeystoreCli, NewKeyWaitsAsPendingUntilItsReplyIsReceived) {
  const auto old_key = sh("cd '" + dir_.path().string() + "' && openssl x509 -noout -pubkey -in gateway-expired.pem");
  const auto csr = run("keystore csr " + store_args() + " --alias gateway --new-key --out " + p("new.csr"));
  ASSERT_EQ(csr.exit_code, 0) << csr.err;
  const auto req = sh("openssl req -verify -noout -subject -in " + p("new.csr"));
  EXPECT_EQ(req.exit_code, 0) << req.err;
  EXPECT_NE(req.out.find("CN = gw.example.test"), std::string::npos) << req.out;
  EXPECT_NE(sh("openssl req -noout -text -in " + p("new.csr")).out.find("DNS:gw.example.test"), std::string::npos);
  const auto pending = run("keystore list " + store_args());
  EXPECT_NE(pending.out.find("gateway.pending"), std::string::npos) << pending.out;

  // The old key still serves meanwhile: the store still opens in keytool with all three entries.
  EXPECT_NE(keytool_list().out.find("Your keystore contains 3 entries"), std::string::npos);

  ASSERT_EQ(sh(". '" + test::fixture_lib() + "'; cd '" + dir_.path().string() + "' && ck_sign_csr . Root newkey new.csr -1 +365 copy").exit_code, 0);
  const auto r = run("keystore receive " + store_args() + " " + p("newkey.pem"));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("key from 'gateway.pending'"), std::string::npos) << r.out;
  const auto listed = keytool_list();
  EXPECT_NE(listed.out.find("Your keystore contains 2 entries"), std::string::npos) << listed.out;
  EXPECT_NE(listed.out.find("Serial number: " + keytool_serial(serial_of("newkey.pem"))), std::string::npos);
  const auto new_key = sh("cd '" + dir_.path().string() + "' && openssl x509 -noout -pubkey -in newkey.pem");
  EXPECT_NE(old_key.out, new_key.out);
  EXPECT_NE(handshake().find("Verify return code: 0 (ok)"), std::string::npos);
}

TEST_P(KeystoreCli, GenkeyCsrDeleteRenameAndPasswdKeepTheStoreOpenInKeytool) {
  auto r = run("keystore genkey " + store_args() + " --alias api --subject 'CN=api.example.test,O=certkeep tests' "
               "--san DNS:api.example.test,IP:127.0.0.1 --key ec:P-256 --days 30");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto listed = keytool_list();
  EXPECT_NE(listed.out.find("Alias name: api"), std::string::npos) << listed.out;
  EXPECT_NE(listed.out.find("Owner: CN=api.example.test, O=certkeep tests"), std::string::npos) << listed.out;

  r = run("keystore csr " + store_args() + " --alias api");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(sh("echo '" + r.out + "' | openssl req -verify -noout").exit_code, 0);

  r = run("keystore rename " + store_args() + " --alias api --to api2");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  r = run("keystore delete " + store_args() + " --alias root");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  listed = keytool_list();
  EXPECT_NE(listed.out.find("Alias name: api2"), std::string::npos) << listed.out;
  EXPECT_EQ(listed.out.find("Alias name: root"), std::string::npos);

  r = sh("CK_PASS=" + std::string(kPass) + " CK_NEW=n3w-Secret '" + CERTKEEP_BINARY + "' keystore passwd " + store_args() +
         " --new-password-env CK_NEW");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(keytool_list().exit_code, 1);  // the old password no longer opens it
  listed = sh("keytool -list -storetype " + type() + " -keystore " + p("gw.store") + " -storepass n3w-Secret");
  EXPECT_EQ(listed.exit_code, 0) << listed.out;
  EXPECT_NE(listed.out.find("Your keystore contains 2 entries"), std::string::npos) << listed.out;
}

TEST_P(KeystoreCli, ImportConvertsTheWholeStoreToEveryOtherFormat) {
  for (const std::string to : {"pkcs12", "jks", "jceks"}) {
    const std::string out = "converted." + to;
    const auto r = sh("CK_PASS=" + std::string(kPass) + " CK_NEW=Conv3rt '" + CERTKEEP_BINARY + "' keystore import " + p(out) +
                      " " + p("gw.store") + " --type " + to + " --password-env CK_NEW --source-password-env CK_PASS");
    ASSERT_EQ(r.exit_code, 0) << to << ": " << r.err;
    const auto listed = sh("keytool -list -v -storetype " + to + " -keystore " + p(out) + " -storepass Conv3rt");
    ASSERT_EQ(listed.exit_code, 0) << to << ": " << listed.out;
    EXPECT_NE(listed.out.find("Alias name: gateway"), std::string::npos) << to;
    EXPECT_NE(listed.out.find("Entry type: PrivateKeyEntry"), std::string::npos) << to;
    EXPECT_NE(listed.out.find("Alias name: root"), std::string::npos) << to;
    EXPECT_NE(listed.out.find("Entry type: trustedCertEntry"), std::string::npos) << to;
  }
}

TEST_P(KeystoreCli, ImportACertificateAsTrustedAndExportIt) {
  ASSERT_EQ(sh(". '" + test::fixture_lib() + "'; cd '" + dir_.path().string() + "' && ck_ca . Partner ec:P-256").exit_code, 0);
  auto r = run("keystore import " + store_args() + " " + p("Partner.pem") + " --alias partner");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto listed = keytool_list();
  EXPECT_NE(listed.out.find("Alias name: partner"), std::string::npos) << listed.out;
  r = run("keystore export " + store_args() + " --alias partner --cert " + p("partner-out.pem"));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(test::openssl_fingerprint(dir_ / "partner-out.pem"), test::openssl_fingerprint(dir_ / "Partner.pem"));
}

INSTANTIATE_TEST_SUITE_P(Formats, KeystoreCli, ::testing::Values("pkcs12", "jks", "jceks"));

}  // namespace
}  // namespace certkeep
