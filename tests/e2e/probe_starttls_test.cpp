// certkeep probe --starttls against the real servers of each protocol, started on loopback: aiosmtpd
// (SMTP, RFC 3207), Prosody (XMPP client and federation streams, RFC 6120) and PostgreSQL (SSLRequest).
#include <filesystem>
#include <fstream>

#include <nlohmann/json.hpp>

#include <gtest/gtest.h>
#include <unistd.h>

#include "support/servers.h"
#include "support/tools.h"

namespace certkeep {
namespace {

using test::Process;
using test::sh;

class ProbeStarttls : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto r = sh("set -e; . '" + test::fixture_lib() + "'; cd '" + dir_.path().string() + "'\n"
                      "ck_ca . Root ec:P-256\n"
                      "for h in mail xmpp db; do ck_issue . Root $h /CN=$h.example.test -1 +90 ec:P-256 DNS:$h.example.test; done\n"
                      "chmod 755 .\n");
    ASSERT_EQ(r.exit_code, 0) << r.err;
  }

  std::string p(const std::string& name) const { return dir_ / name; }

  // The probe's JSON for the first endpoint, and its exit status.
  std::pair<int, nlohmann::json> probe(const std::string& args) const {
    const auto r = test::certkeep("probe --json --ca-file '" + p("Root.pem") + "' " + args);
    if (r.exit_code > 2) return {r.exit_code, nlohmann::json{{"stderr", r.err}}};
    return {r.exit_code, nlohmann::json::parse(r.out)["endpoints"][0]};
  }

  test::TempDir dir_;
};

TEST_F(ProbeStarttls, Smtp) {
  const auto port = test::free_port();
  const Process server({"/usr/bin/python3", "-m", "aiosmtpd", "-n", "-l", "127.0.0.1:" + std::to_string(port), "--tlscert",
                        p("mail.pem"), "--tlskey", p("mail.key"), "-c", "aiosmtpd.handlers.Sink"},
                       p("smtp.log"));
  ASSERT_TRUE(test::wait_for_port(port));
  const auto [rc, e] = probe("127.0.0.1:" + std::to_string(port) + " --starttls smtp --sni mail.example.test");
  EXPECT_EQ(rc, 0) << e.dump();
  EXPECT_EQ(e["starttls"], "smtp");
  EXPECT_EQ(e["chain"][0]["subject"], "CN=mail.example.test");
  EXPECT_TRUE(e["name_matches"].get<bool>());
  EXPECT_GT(e["timing_ms"]["starttls"].get<double>(), 0.0);
}

TEST_F(ProbeStarttls, XmppClientAndFederationStreams) {
  const auto c2s = test::free_port();
  const auto s2s = test::free_port();
  std::filesystem::create_directory(p("xmpp-data"));
  std::ofstream(p("prosody.cfg.lua")) << "run_as_root = true\n"
                                      << "pidfile = \"" << p("prosody.pid") << "\"\n"
                                      << "data_path = \"" << p("xmpp-data") << "\"\n"
                                      << "interfaces = { \"127.0.0.1\" }\n"
                                      << "c2s_ports = { " << c2s << " }\n"
                                      << "s2s_ports = { " << s2s << " }\n"
                                      << "c2s_direct_tls_ports = { }\ns2s_direct_tls_ports = { }\n"
                                      << "log = { { levels = { min = \"info\" }, to = \"file\", filename = \"" << p("prosody.log") << "\" } }\n"
                                      << "modules_enabled = { \"tls\", \"saslauth\", \"disco\", \"dialback\", \"s2s\" }\n"
                                      << "c2s_require_encryption = true\ns2s_require_encryption = true\n"
                                      << "ssl = { certificate = \"" << p("xmpp.pem") << "\", key = \"" << p("xmpp.key") << "\" }\n"
                                      << "VirtualHost \"xmpp.example.test\"\n";
  const Process server({"prosody", "-F", "--config", p("prosody.cfg.lua")}, p("prosody.out"));
  ASSERT_TRUE(test::wait_for_port(c2s) && test::wait_for_port(s2s)) << sh("cat '" + p("prosody.out") + "' '" + p("prosody.log") + "'").out;
  for (const auto& [port, kind] : {std::pair{c2s, "xmpp"}, std::pair{s2s, "xmpp-server"}}) {
    const auto [rc, e] = probe("localhost:" + std::to_string(port) + " --starttls " + kind + " --sni xmpp.example.test");
    EXPECT_EQ(rc, 0) << kind << ": " << e.dump();
    EXPECT_EQ(e["chain"][0]["subject"], "CN=xmpp.example.test") << kind;
  }
  // The stream's domain defaults to the host name, which this server does not serve: it says so.
  const auto [rc, e] = probe("localhost:" + std::to_string(c2s) + " --starttls xmpp");
  EXPECT_EQ(rc, 2);
  EXPECT_EQ(e["code"], "starttls_refused");
  EXPECT_NE(e["summary"].get<std::string>().find("host-unknown"), std::string::npos) << e["summary"];
}

TEST_F(ProbeStarttls, PostgreSql) {
  const std::string bin = sh("ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1").out.substr(0, std::string::npos);
  const auto pg = bin.substr(0, bin.find('\n'));
  ASSERT_FALSE(pg.empty()) << "PostgreSQL server binaries are missing";
  // The server refuses to run as root: drop to the postgres account when the tests run as root.
  const std::string as_user = ::geteuid() == 0 ? "setpriv --reuid=postgres --regid=postgres --init-groups " : "";
  const auto init = sh("set -e; cd '" + dir_.path().string() + "'; mkdir pg; cp db.pem db.key pg/; chmod 600 pg/db.key\n" +
                       (as_user.empty() ? "" : "chown -R postgres pg\n") + as_user + "'" + pg + "/initdb' -D pg/data -A trust >pg/initdb.log");
  ASSERT_EQ(init.exit_code, 0) << init.err;
  const auto port = test::free_port();
  std::vector<std::string> argv;
  if (!as_user.empty()) argv = {"setpriv", "--reuid=postgres", "--regid=postgres", "--init-groups"};
  for (const auto& a : {pg + "/postgres", std::string("-D"), p("pg/data"), std::string("-c"), std::string("listen_addresses=127.0.0.1"),
                        std::string("-c"), "port=" + std::to_string(port), std::string("-c"), "unix_socket_directories=" + p("pg"),
                        std::string("-c"), std::string("ssl=on"), std::string("-c"), "ssl_cert_file=" + p("pg/db.pem"),
                        std::string("-c"), "ssl_key_file=" + p("pg/db.key")})
    argv.push_back(a);
  const Process server(argv, p("pg/server.log"));
  ASSERT_TRUE(test::wait_for_port(port)) << sh("cat '" + p("pg/server.log") + "'").out;
  const auto [rc, e] = probe("127.0.0.1:" + std::to_string(port) + " --starttls postgres --sni db.example.test");
  EXPECT_EQ(rc, 0) << e.dump();
  EXPECT_EQ(e["starttls"], "postgres");
  EXPECT_EQ(e["chain"][0]["subject"], "CN=db.example.test");
}

}  // namespace
}  // namespace certkeep
