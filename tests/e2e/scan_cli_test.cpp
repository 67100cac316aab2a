// certkeep scan over keystores and live endpoints at once: one inventory
// deduplicated by certificate, per-endpoint options from a file, dead endpoints
// among live ones, Nagios thresholds, Prometheus text checked by promtool, and
// the --listen exporter scraped by a real Prometheus server.
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <thread>

#include "support/tls_suite.h"

namespace certkeep {
namespace {

using test::Process;
using test::sh;

class ScanCli : public test::TlsSuite {
 protected:
  static void SetUpTestSuite() {
    make_pki(
        "ck_ca . Root ec:P-256\n"
        "ck_issue . Root valid /CN=localhost -10 +365 ec:P-256 "
        "DNS:localhost,IP:127.0.0.1\n"
        "ck_issue . Root soon /CN=soon.example.test -300 +10 ec:P-256 "
        "DNS:localhost\n"
        "ck_issue . Root expired /CN=localhost -400 -5 ec:P-256 DNS:localhost\n"
        "ck_issue . Root apns '/CN=apns client' -10 +365 ec:P-256 '' client\n"
        "openssl pkcs12 -export -in valid.pem -inkey valid.key -certfile "
        "Root.pem -name gateway "
        "-out gateway.p12 -passout pass:s3cret-store\n"
        "openssl pkcs12 -export -in apns.pem -inkey apns.key -out apns.p12 "
        "-name apns -passout pass:apns-pass\n"
        "openssl pkcs12 -export -in apns.pem -inkey apns.key -out seed.p12 -name apns -passout pass:WebAS\n"
        "printf 's3cret-store\\n' > store.pw; printf 'apns-pass\\n' > "
        "apns.pw\n");
  }

  static std::string trust() { return " --ca-file '" + p("Root.pem") + "'"; }

  static std::pair<int, nlohmann::json> scan_json(const std::string& args) {
    const auto r = test::certkeep("scan --json" + trust() + " " + args);
    if (r.exit_code > 3) return {r.exit_code, nlohmann::json{{"stderr", r.err}}};
    return {r.exit_code, nlohmann::json::parse(r.out)};
  }

  static void write(const std::string& name, const std::string& text) { std::ofstream(p(name)) << text; }
};

TEST_F(ScanCli, OneInventoryOfFilesAndEndpointsSortedByTimeLeftEachCertificateOnce) {
  const auto valid = serve("valid");
  const auto expired = serve("expired");
  const auto [rc, j] = scan_json("'" + p("gateway.p12") + "' '" + p("valid.pem") + "' " + at(valid) + " " + at(expired) +
                                 " --password-file '" + p("store.pw") + "'");
  EXPECT_EQ(rc, 2) << j.dump();
  const auto& certs = j["certificates"];
  ASSERT_EQ(certs.size(), 3U) << certs.dump();  // expired leaf, valid leaf, root
  EXPECT_EQ(certs[0]["status"], "EXPIRED");
  EXPECT_EQ(certs[0]["locations"][0]["location"], at(expired));
  // The valid leaf: in the keystore, in the PEM file and served by the
  // endpoint, listed once.
  const auto leaf =
      std::find_if(certs.begin(), certs.end(), [](const auto& c) { return c["subject"] == "CN=localhost" && c["status"] == "VALID"; });
  ASSERT_NE(leaf, certs.end());
  ASSERT_EQ((*leaf)["locations"].size(), 3U) << leaf->dump();
  EXPECT_EQ((*leaf)["locations"][0]["source"], "file");
  EXPECT_EQ((*leaf)["locations"][0]["alias"], "gateway");
  EXPECT_EQ((*leaf)["locations"][2]["source"], "endpoint");
  EXPECT_EQ((*leaf)["fingerprints"]["sha256"], test::openssl_fingerprint(p("valid.pem")));
  ASSERT_EQ(j["problems"].size(), 1U);
  EXPECT_EQ(j["problems"][0]["code"], "certificate_expired");
  EXPECT_EQ(j["totals"]["files"], 2);
  EXPECT_EQ(j["totals"]["endpoints"], 2);
}

TEST_F(ScanCli, EndpointsFileWithOptionsPerLineAndDeadEndpointsAmongLiveOnes) {
  const auto mtls = serve("valid", {"-Verify", "1", "-verify_return_error", "-CAfile", p("Root.pem")});
  const auto plain = serve("valid");
  std::vector<std::unique_ptr<test::SilentListener>> dead;
  std::string file = "# the fleet\n\n" + at(plain) + "\n" + at(mtls) + " --client-keystore " + p("apns.p12") + " --client-password-file " +
                     p("apns.pw") + "\n" + at(mtls) + " --sni localhost\n";
  for (int i = 0; i < 6; ++i) {
    dead.push_back(std::make_unique<test::SilentListener>());
    file += "127.0.0.1:" + std::to_string(dead.back()->port()) + "\n";
  }
  file += "localhost:" + std::to_string(test::free_port()) + "\n";
  write("fleet.txt", file);
  const auto [rc, j] = scan_json("--endpoints '" + p("fleet.txt") + "' --timeout 1s --concurrency 4");
  EXPECT_EQ(rc, 2);
  const auto& endpoints = j["endpoints"];
  ASSERT_EQ(endpoints.size(), 10U);
  EXPECT_TRUE(endpoints[0]["success"].get<bool>());
  EXPECT_TRUE(endpoints[1]["success"].get<bool>()) << "the client certificate of its own line was presented";
  EXPECT_EQ(endpoints[2]["code"], "client_certificate_required");
  for (int i = 3; i < 9; ++i) EXPECT_EQ(endpoints[i]["code"], "handshake_timeout") << i;
  EXPECT_EQ(endpoints[9]["code"], "connection_refused");
  // Three live endpoints serve one leaf (the mutual-TLS server adds its CA to
  // the chain).
  EXPECT_EQ(j["certificates"].size(), 2U) << j["certificates"].dump();
}

TEST_F(ScanCli, AMistakeInTheEndpointsFileNamesFileAndLine) {
  write("bad-fleet.txt", "localhost:443\nlocalhost:443 --starttls gopher\n");
  const auto r = test::certkeep("scan --endpoints '" + p("bad-fleet.txt") + "'");
  EXPECT_EQ(r.exit_code, 64);
  EXPECT_NE(r.err.find(p("bad-fleet.txt") + ":2: --starttls"), std::string::npos) << r.err;
}

TEST_F(ScanCli, NagiosThresholds) {
  const auto soon = serve("soon");
  const auto base = "scan --format nagios --no-name-check" + trust() + " " + at(soon);
  auto r = test::certkeep(base);
  EXPECT_EQ(r.exit_code, 1) << r.out;
  EXPECT_EQ(r.out.rfind("CERTKEEP WARNING - 1 certificates, 1 expiring", 0), 0U) << r.out;
  EXPECT_NE(r.out.find("| certificates=1 expiring=1 critical=0"), std::string::npos) << r.out;
  r = test::certkeep(base + " --crit-days 14");
  EXPECT_EQ(r.exit_code, 2) << r.out;
  EXPECT_EQ(r.out.rfind("CERTKEEP CRITICAL", 0), 0U) << r.out;
  r = test::certkeep(base + " --warn-days 5");
  EXPECT_EQ(r.exit_code, 0) << r.out;
  EXPECT_EQ(r.out.rfind("CERTKEEP OK", 0), 0U) << r.out;
  // A keystore that cannot be opened is UNKNOWN.
  r = test::certkeep("scan --format nagios --password wrong-password '" + p("gateway.p12") + "'");
  EXPECT_EQ(r.exit_code, 3) << r.out;
}

TEST_F(ScanCli, WarnsAboutKeystoresThatOpenWithADefaultPassword) {
  const auto text = test::certkeep("scan '" + p("seed.p12") + "'");
  EXPECT_EQ(text.exit_code, 0) << text.err;
  EXPECT_NE(text.out.find("warning: " + p("seed.p12") + " opens with a well-known default password"), std::string::npos) << text.out;
  const auto [rc, j] = scan_json("'" + p("seed.p12") + "'");
  EXPECT_EQ(j["default_passwords"], nlohmann::json::array({p("seed.p12")}));
  const auto prom = test::certkeep("scan --format prometheus '" + p("seed.p12") + "'");
  EXPECT_NE(prom.out.find("certkeep_file_default_password{path=\"" + p("seed.p12") + "\"} 1"), std::string::npos) << prom.out;
}

TEST_F(ScanCli, PrometheusTextPassesPromtool) {
  const auto valid = serve("valid");
  const auto r = test::certkeep("scan --format prometheus" + trust() + " " + at(valid) + " '" + p("gateway.p12") + "' --password-file '" +
                                p("store.pw") + "'");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  write("metrics.prom", r.out);
  const auto lint = sh("promtool check metrics < '" + p("metrics.prom") + "'");
  EXPECT_EQ(lint.exit_code, 0) << lint.out << lint.err;
  const auto not_after = sh("date -u -d \"$(openssl x509 -noout -enddate -in '" + p("valid.pem") + "' | cut -d= -f2)\" +%s").out;
  EXPECT_NE(r.out.find("certkeep_certificate_not_after_timestamp_seconds{source="
                       "\"endpoint\",location=\"" +
                       at(valid) + "\",alias=\"localhost\",depth=\"0\",subject=\"CN=localhost\""),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("} " + not_after.substr(0, not_after.find('\n')) + "\n"), std::string::npos);
  EXPECT_NE(r.out.find("certkeep_probe_success{endpoint=\"" + at(valid) + "\",code=\"ok\"} 1"), std::string::npos);
  EXPECT_NE(r.out.find("certkeep_file_read_success{path=\"" + p("gateway.p12") + "\"} 1"), std::string::npos);
}

TEST_F(ScanCli, ProgressOnATerminalOnlyNeverWhenPiped) {
  const auto valid = serve("valid");
  const auto args = std::string(CERTKEEP_BINARY) + " scan " + at(valid) + trust();
  const auto piped = sh("'" + std::string(CERTKEEP_BINARY) + "' scan " + at(valid) + trust());
  EXPECT_EQ(piped.err.find("scanned"), std::string::npos) << piped.err;
  const auto tty = sh("python3 '" + std::string(CERTKEEP_SOURCE_DIR) + "/tests/support/pty_run.py' never-asked none -- " + args);
  EXPECT_NE(tty.out.find("scanned 1/1"), std::string::npos) << tty.out;
}

TEST_F(ScanCli, PrometheusScrapesTheExporterAndQueriesTheExpirySeries) {
  const auto valid = serve("valid");
  const auto metrics_port = test::free_port();
  const Process exporter({CERTKEEP_BINARY, "scan", "--listen", "127.0.0.1:" + std::to_string(metrics_port), "--interval", "2s", "--ca-file",
                          p("Root.pem"), at(valid)},
                         p("exporter.log"));
  ASSERT_TRUE(test::wait_for_port(metrics_port)) << sh("cat '" + p("exporter.log") + "'").out;
  EXPECT_EQ(sh("curl -fsS http://127.0.0.1:" + std::to_string(metrics_port) + "/healthz").out, "ok\n");
  EXPECT_EQ(sh("curl -s -o /dev/null -w '%{http_code}' http://127.0.0.1:" + std::to_string(metrics_port) + "/nothing").out, "404");

  const auto prom_port = test::free_port();
  write("prometheus.yml",
        "global:\n  scrape_interval: 1s\nscrape_configs:\n  - job_name: "
        "certkeep\n    static_configs:\n      - targets: ['127.0.0.1:" +
            std::to_string(metrics_port) + "']\n");
  const Process prometheus({"prometheus", "--config.file=" + p("prometheus.yml"), "--storage.tsdb.path=" + p("tsdb"),
                            "--web.listen-address=127.0.0.1:" + std::to_string(prom_port)},
                           p("prometheus.log"));
  ASSERT_TRUE(test::wait_for_port(prom_port)) << sh("tail -5 '" + p("prometheus.log") + "'").out;
  const auto not_after = sh("date -u -d \"$(openssl x509 -noout -enddate -in '" + p("valid.pem") + "' | cut -d= -f2)\" +%s").out;
  nlohmann::json answer;
  for (int i = 0; i < 60; ++i) {
    const auto q = sh("curl -fsS 'http://127.0.0.1:" + std::to_string(prom_port) +
                      "/api/v1/"
                      "query?query=certkeep_certificate_not_after_timestamp_seconds%"
                      "7Bsource%3D%22endpoint%22%7D'");
    if (q.exit_code == 0) {
      answer = nlohmann::json::parse(q.out);
      if (!answer["data"]["result"].empty()) break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
  }
  ASSERT_FALSE(answer.is_null());
  ASSERT_EQ(answer["data"]["result"].size(), 1U) << answer.dump() << sh("tail -5 '" + p("prometheus.log") + "'").out;
  const auto& series = answer["data"]["result"][0];
  EXPECT_EQ(series["metric"]["location"], at(valid));
  EXPECT_EQ(series["metric"]["job"], "certkeep");
  EXPECT_EQ(series["value"][1], not_after.substr(0, not_after.find('\n')));
}

}  // namespace
}  // namespace certkeep
