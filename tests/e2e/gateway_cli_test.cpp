// certkeep gateway end to end, with real peers on loopback: curl and openssl s_client as clients, python's
// http.server as the backend, openssl s_server -Verify as the upstream of an outbound endpoint. Every
// certificate and keystore is made by openssl at suite start (recipes below).
#include <gtest/gtest.h>

#include <csignal>
#include <fstream>
#include <thread>

#include "support/servers.h"
#include "support/tls_suite.h"
#include "support/tools.h"

namespace certkeep::test {
namespace {

using namespace std::chrono_literals;

// Retries `check` until it holds or `limit` passes.
template <typename Check>
bool eventually(Check check, std::chrono::milliseconds limit = 5000ms) {
  const auto until = std::chrono::steady_clock::now() + limit;
  while (std::chrono::steady_clock::now() < until) {
    if (check()) return true;
    std::this_thread::sleep_for(25ms);
  }
  return check();
}

std::string read_text(const std::string& path) {
  std::ifstream in(path);
  return {std::istreambuf_iterator<char>(in), {}};
}

class GatewayCli : public TlsSuite {
 protected:
  static void SetUpTestSuite() {
    make_pki(
        "ck_ca . Root ec:P-256\n"
        "ck_issue . Root server /CN=localhost -1 +365 ec:P-256 DNS:localhost,IP:127.0.0.1\n"
        "ck_issue . Root renewed /CN=localhost -1 +400 ec:P-256 DNS:localhost,IP:127.0.0.1\n"
        "ck_issue . Root api /CN=api.test -1 +365 rsa:2048 DNS:api.test\n"
        "ck_issue . Root expired /CN=localhost -100 -1 ec:P-256 DNS:localhost\n"
        "ck_issue . Root elsewhere /CN=elsewhere.test -1 +365 ec:P-256 DNS:elsewhere.test\n"
        "ck_issue . Root client '/CN=push client' -1 +365 ec:P-256 '' client\n"
        "ck_issue . Root client-expired '/CN=old push client' -100 -1 ec:P-256 '' client\n"
        "ck_issue . Root upstream /CN=localhost -1 +365 ec:P-256 DNS:localhost,IP:127.0.0.1\n"
        "for n in server renewed api expired elsewhere client client-expired; do\n"
        "  openssl pkcs12 -export -inkey $n.key -in $n.pem -name $n -passout pass:s3cret -out $n.p12\n"
        "done\n"
        "openssl pkcs12 -export -inkey server.key -in server.pem -passout pass:other -out wrong-password.p12\n"
        "head -c 300 server.p12 > truncated.p12\n"
        "cat api.key server.pem > mismatch.pem\n"  // a key that belongs to another certificate
        "printf s3cret > password.txt\n"
        "mkdir www && echo 'hello through the gateway' > www/hello.txt\n");
    std::ofstream(p("backend.py")) << kBackend;
  }

  // The backend: python's http.server on the files in www/, plus /slow, a response that takes 2 s to
  // arrive (40 lines of 100 bytes, one every 50 ms), so a connection is surely open across an event.
  static constexpr const char* kBackend = R"(import http.server, os, sys, time
class Handler(http.server.SimpleHTTPRequestHandler):
    def do_GET(self):
        if self.path != "/slow":
            return super().do_GET()
        self.send_response(200)
        self.send_header("Content-Length", "4000")
        self.end_headers()
        for _ in range(40):
            self.wfile.write(b"x" * 99 + b"\n")
            self.wfile.flush()
            time.sleep(0.05)
    def log_message(self, *args):
        pass
os.chdir(sys.argv[2])
http.server.ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), Handler).serve_forever()
)";

  void SetUp() override {
    backend_port_ = free_port();
    backend_ = std::make_unique<Process>(std::vector<std::string>{"python3", p("backend.py"), std::to_string(backend_port_), p("www")});
    ASSERT_TRUE(wait_for_port(backend_port_));
    work_ = std::make_unique<TempDir>();
  }

  // Stops the gateway (SIGTERM) and checks that, under a sanitizer build, it reported nothing.
  void TearDown() override {
    gateway_.reset();
    if (!work_) return;
    const auto text = log();
    for (const char* report : {"AddressSanitizer", "LeakSanitizer", "ThreadSanitizer", "runtime error:"})
      EXPECT_EQ(text.find(report), std::string::npos) << text;
  }

  // Copies `from` over the gateway's keystore the way tools do it: a new file renamed over the old one.
  void replace_keystore(const std::string& from) {
    const auto tmp = keystore() + ".tmp";
    write_bytes(tmp, read_bytes(from));
    std::filesystem::rename(tmp, keystore());
  }
  [[nodiscard]] std::string keystore() const { return *work_ / "gateway.p12"; }
  [[nodiscard]] std::string log() const { return read_text(*work_ / "gateway.log"); }

  // An inbound endpoint on port_ serving `keystore()` (after copying `first` there) for localhost.
  std::string inbound(const std::string& first, const std::string& extra = "", const std::string& names = "[\"localhost\"]") {
    if (!first.empty()) write_bytes(keystore(), read_bytes(p(first)));
    return "[[inbound]]\nname = \"web\"\nlisten = \"127.0.0.1:" + std::to_string(port_) + "\"\nbackend = \"127.0.0.1:" +
           std::to_string(backend_port_) + "\"\n" + extra + "[[inbound.certificate]]\nkeystore = \"" + keystore() +
           "\"\npassword_file = \"" + p("password.txt") + "\"\nca_file = \"" + p("Root.pem") + "\"\nnames = " + names + "\n";
  }
  void start_inbound(const std::string& first, const std::string& extra = "") {
    port_ = free_port();
    const auto config = inbound(first, extra);
    start_with_port(config);
  }
  // Writes the configuration and starts the gateway; waits until port_ and the admin port accept.
  void start_with_port(const std::string& endpoints) {
    admin_ = free_port();
    const auto config = *work_ / "gateway.toml";
    std::ofstream(config) << "threads = 2\nreload_delay = \"20ms\"\n[admin]\nlisten = \"127.0.0.1:" << admin_ << "\"\n" << endpoints;
    gateway_ = std::make_unique<Process>(std::vector<std::string>{CERTKEEP_BINARY, "gateway", "--config", config}, *work_ / "gateway.log");
    ASSERT_TRUE(wait_for_port(port_, 10s)) << log();
    ASSERT_TRUE(wait_for_port(admin_, 10s)) << log();
  }

  // The serial (upper-case hex) of the certificate served on port_ for `sni`; empty when no handshake.
  [[nodiscard]] std::string served_serial(const std::string& sni = "localhost") const {
    const auto r = sh("echo | openssl s_client -connect 127.0.0.1:" + std::to_string(port_) + (sni.empty() ? " -noservername" : " -servername " + sni) +
                      " 2>/dev/null | openssl x509 -noout -serial 2>/dev/null | cut -d= -f2");
    return r.out.substr(0, r.out.find('\n'));
  }
  [[nodiscard]] static std::string serial_of(const std::string& pem) {
    const auto r = sh("openssl x509 -in '" + p(pem) + "' -noout -serial | cut -d= -f2");
    return r.out.substr(0, r.out.find('\n'));
  }
  [[nodiscard]] std::string admin(const std::string& path, const std::string& method = "GET") const {
    return sh("curl -s -X " + method + " http://127.0.0.1:" + std::to_string(admin_) + path).out;
  }
  [[nodiscard]] std::string curl(const std::string& path, const std::string& extra = "") const {
    const auto r = sh("curl -sS --max-time 20 --cacert '" + p("Root.pem") + "' " + extra + " https://localhost:" + std::to_string(port_) + path);
    return r.out + r.err;
  }

  std::uint16_t backend_port_ = 0, port_ = 0, admin_ = 0;
  std::unique_ptr<Process> backend_;
  std::unique_ptr<TempDir> work_;
  std::unique_ptr<Process> gateway_;
};

TEST_F(GatewayCli, ServesTheKeystoreCertificateAndProxiesToTheBackend) {
  start_inbound("server.p12");
  EXPECT_EQ(curl("/hello.txt"), "hello through the gateway\n");
  EXPECT_EQ(served_serial(), serial_of("server.pem"));
  const auto status = admin("/status");
  EXPECT_NE(status.find("\"serial\": \"" + serial_of("server.pem") + "\""), std::string::npos) << status;
  EXPECT_NE(status.find("\"result\": \"loaded\""), std::string::npos) << status;
  const auto metrics = admin("/metrics");
  EXPECT_NE(metrics.find("certkeep_gateway_handshakes_total{endpoint=\"web\",kind=\"inbound\"} 2"), std::string::npos) << metrics;
  EXPECT_NE(metrics.find("certkeep_gateway_certificate_expiry_seconds{endpoint=\"web\""), std::string::npos) << metrics;
  EXPECT_NE(log().find("certificate_loaded endpoint=web trigger=start"), std::string::npos) << log();
}

TEST_F(GatewayCli, SniChoosesTheCertificate) {
  port_ = free_port();
  auto config = inbound("server.p12");
  config += "[[inbound.certificate]]\nkeystore = \"" + p("api.p12") + "\"\npassword_file = \"" + p("password.txt") + "\"\nca_file = \"" +
            p("Root.pem") + "\"\n";  // names: its SANs (api.test)
  start_with_port(config);
  EXPECT_EQ(served_serial("api.test"), serial_of("api.pem"));
  EXPECT_EQ(served_serial("API.TEST"), serial_of("api.pem"));
  EXPECT_EQ(served_serial("localhost"), serial_of("server.pem"));
  EXPECT_EQ(served_serial(""), serial_of("server.pem"));  // no SNI: the first certificate
}

// The renewed keystore is renamed over the old one: new handshakes get it, a download that started
// before the swap completes.
TEST_F(GatewayCli, ReloadsARenamedKeystoreWithoutDroppingConnections) {
  start_inbound("server.p12");
  const auto out = *work_ / "slow.txt";
  Process download({"curl", "-sS", "--no-buffer", "--cacert", p("Root.pem"), "-o", out, "-w", "%{size_download}",
                    "https://localhost:" + std::to_string(port_) + "/slow"},
                   *work_ / "download.log");
  ASSERT_TRUE(eventually([&] { return std::filesystem::exists(out) && std::filesystem::file_size(out) > 0; }));
  replace_keystore(p("renewed.p12"));
  EXPECT_TRUE(eventually([&] { return served_serial() == serial_of("renewed.pem"); })) << log();
  EXPECT_LT(std::filesystem::file_size(out), 4000U);  // still downloading when the new certificate was served
  ASSERT_TRUE(eventually([&] { return read_text(*work_ / "download.log") == "4000"; }, 20s)) << read_text(*work_ / "download.log");
  EXPECT_EQ(std::filesystem::file_size(out), 4000U);
  EXPECT_NE(log().find("certificate_loaded endpoint=web trigger=file"), std::string::npos) << log();
  EXPECT_NE(admin("/metrics").find("certkeep_gateway_reloads_total{endpoint=\"web\",result=\"ok\"} 1"), std::string::npos);
}

// Each bad candidate is refused with its cause, counted, shown in /status, and the old certificate keeps
// serving.
TEST_F(GatewayCli, RefusesABadKeystoreAndKeepsServingTheOldCertificate) {
  struct Case {
    std::string file;
    std::string reason;
  };
  const std::vector<Case> cases = {
      {"expired.p12", "chain does not verify: the certificate expired on"},
      {"wrong-password.p12", "wrong password or corrupt MAC"},
      {"truncated.p12", "truncated"},
      {"mismatch.pem", "key and certificate mismatch"},
      {"elsewhere.p12", "does not cover the name localhost"},
  };
  start_inbound("server.p12");
  const auto serial = serial_of("server.pem");
  int refused = 0;
  for (const auto& c : cases) {
    SCOPED_TRACE(c.file);
    replace_keystore(p(c.file));
    ++refused;
    const auto count = "certkeep_gateway_reloads_total{endpoint=\"web\",result=\"refused\"} " + std::to_string(refused);
    ASSERT_TRUE(eventually([&] { return admin("/metrics").find(count) != std::string::npos; })) << log();
    EXPECT_NE(log().find(c.reason), std::string::npos) << log();
    EXPECT_NE(admin("/status").find(c.reason), std::string::npos);
    EXPECT_EQ(served_serial(), serial);
    EXPECT_EQ(curl("/hello.txt"), "hello through the gateway\n");
  }
  EXPECT_EQ(log().find("s3cret"), std::string::npos);  // no password in the log
  replace_keystore(p("renewed.p12"));  // a good one after the bad ones is taken
  EXPECT_TRUE(eventually([&] { return served_serial() == serial_of("renewed.pem"); })) << log();
}

TEST_F(GatewayCli, SighupAndPostReloadReloadEveryKeystore) {
  start_inbound("server.p12");
  ::kill(gateway_->pid(), SIGHUP);
  EXPECT_TRUE(eventually([&] { return log().find("trigger=signal") != std::string::npos; })) << log();
  EXPECT_NE(admin("/reload", "POST").find("\"schema\": \"certkeep.gateway.status/1\""), std::string::npos);
  EXPECT_NE(log().find("trigger=admin"), std::string::npos) << log();
  EXPECT_NE(admin("/reload").find("POST /reload"), std::string::npos);  // GET is refused
}

TEST_F(GatewayCli, RequiredClientCertificates) {
  start_inbound("server.p12", "client_auth = \"required\"\nclient_ca_file = \"" + p("Root.pem") + "\"\n");
  EXPECT_EQ(curl("/hello.txt", "--cert '" + p("client.pem") + "' --key '" + p("client.key") + "'"), "hello through the gateway\n");
  // The alert certificate_expired, as TLS 1.3 and TLS 1.2 clients see it.
  EXPECT_NE(curl("/hello.txt", "--cert '" + p("client-expired.pem") + "' --key '" + p("client-expired.key") + "'").find("alert certificate expired"),
            std::string::npos);
  const auto tls12 = sh("echo | openssl s_client -tls1_2 -connect 127.0.0.1:" + std::to_string(port_) + " -servername localhost -cert '" +
                        p("client-expired.pem") + "' -key '" + p("client-expired.key") + "' 2>&1");
  EXPECT_NE(tls12.out.find("alert certificate expired"), std::string::npos) << tls12.out;
  EXPECT_NE(curl("/hello.txt").find("alert"), std::string::npos);                       // no certificate at all
  const auto metrics = admin("/metrics");
  EXPECT_NE(metrics.find("reason=\"certificate_expired\"} 2"), std::string::npos) << metrics;
  EXPECT_NE(metrics.find("reason=\"client_certificate_required\"} 1"), std::string::npos) << metrics;
}

TEST_F(GatewayCli, OptionalClientCertificates) {
  start_inbound("server.p12", "client_auth = \"optional\"\nclient_ca_file = \"" + p("Root.pem") + "\"\n");
  EXPECT_EQ(curl("/hello.txt"), "hello through the gateway\n");  // none: welcome
  EXPECT_EQ(curl("/hello.txt", "--cert '" + p("client.pem") + "' --key '" + p("client.key") + "'"), "hello through the gateway\n");
  EXPECT_NE(curl("/hello.txt", "--cert '" + p("client-expired.pem") + "' --key '" + p("client-expired.key") + "'").find("alert certificate expired"),
            std::string::npos);  // one that does not verify: refused all the same
}

// The push-notification proxy: a plain local connection goes out over TLS with the gateway's client
// certificate to an upstream that requires one, and the upstream is verified.
TEST_F(GatewayCli, OutboundPresentsTheClientCertificate) {
  const auto upstream = serve("upstream", {"-Verify", "1", "-verify_return_error", "-CAfile", p("Root.pem")});
  port_ = free_port();
  start_with_port("[[outbound]]\nname = \"push\"\nlisten = \"127.0.0.1:" + std::to_string(port_) + "\"\nupstream = \"localhost:" +
                  std::to_string(upstream) + "\"\nca_file = \"" + p("Root.pem") + "\"\n[outbound.client_certificate]\nkeystore = \"" +
                  p("client.p12") + "\"\npassword_file = \"" + p("password.txt") + "\"\nca_file = \"" + p("Root.pem") + "\"\n");
  const auto page = sh("curl -sS --max-time 10 http://127.0.0.1:" + std::to_string(port_) + "/");
  EXPECT_NE(page.out.find("push client"), std::string::npos) << page.out << page.err;  // s_server -www shows our certificate
  const auto metrics = admin("/metrics");
  // (wait_for_port's own connection may have made a handshake too)
  EXPECT_NE(metrics.find("certkeep_gateway_handshakes_total{endpoint=\"push\",kind=\"outbound\"} "), std::string::npos) << metrics;
  EXPECT_EQ(metrics.find("certkeep_gateway_handshakes_total{endpoint=\"push\",kind=\"outbound\"} 0"), std::string::npos) << metrics;
  EXPECT_EQ(metrics.find("certkeep_gateway_handshake_failures_total{endpoint=\"push\""), std::string::npos) << metrics;
}

TEST_F(GatewayCli, OutboundVerifiesTheUpstream) {
  const auto upstream = serve("elsewhere");
  port_ = free_port();
  start_with_port("[[outbound]]\nname = \"push\"\nlisten = \"127.0.0.1:" + std::to_string(port_) + "\"\nupstream = \"localhost:" +
                  std::to_string(upstream) + "\"\nca_file = \"" + p("Root.pem") + "\"\n");
  (void)sh("curl -sS --max-time 10 http://127.0.0.1:" + std::to_string(port_) + "/");
  EXPECT_TRUE(eventually([&] { return log().find("upstream_handshake_failed endpoint=push") != std::string::npos; })) << log();
  EXPECT_NE(log().find("reason=name_mismatch"), std::string::npos) << log();
}

TEST_F(GatewayCli, SigtermDrainsOpenConnections) {
  start_inbound("server.p12");
  const auto out = *work_ / "slow.txt";
  Process download({"curl", "-sS", "--no-buffer", "--cacert", p("Root.pem"), "-o", out, "-w", "%{size_download}",
                    "https://localhost:" + std::to_string(port_) + "/slow"},
                   *work_ / "download.log");
  ASSERT_TRUE(eventually([&] { return std::filesystem::exists(out) && std::filesystem::file_size(out) > 0; }));
  ::kill(gateway_->pid(), SIGTERM);
  EXPECT_TRUE(eventually([&] { return log().find("draining") != std::string::npos; })) << log();
  EXPECT_NE(sh("curl -s --max-time 2 --cacert '" + p("Root.pem") + "' https://localhost:" + std::to_string(port_) + "/hello.txt").exit_code, 0);
  ASSERT_TRUE(eventually([&] { return read_text(*work_ / "download.log") == "4000"; }, 20s)) << read_text(*work_ / "download.log");
  EXPECT_TRUE(eventually([&] { return log().find("stopped signal=SIGTERM connections_cut=0") != std::string::npos; })) << log();
}

TEST_F(GatewayCli, SessionsResumeWithTickets) {
  start_inbound("server.p12");
  const auto session = *work_ / "session.pem";
  // A request, so that the client reads the server's TLS 1.3 session tickets before the connection closes.
  const auto connect = "(sleep 0.2; printf 'GET /hello.txt HTTP/1.0\\r\\n\\r\\n') | openssl s_client -ign_eof -connect 127.0.0.1:" +
                       std::to_string(port_) + " -servername localhost ";
  (void)sh(connect + "-sess_out '" + session + "' >/dev/null 2>&1");
  ASSERT_TRUE(std::filesystem::exists(session));
  const auto again = sh(connect + "-sess_in '" + session + "' 2>&1");
  EXPECT_NE(again.out.find("Reused, TLSv1.3"), std::string::npos) << again.out;
  EXPECT_NE(admin("/metrics").find("certkeep_gateway_handshakes_resumed_total{endpoint=\"web\",kind=\"inbound\"} 1"), std::string::npos);
}

TEST_F(GatewayCli, VersionPolicyAndHandshakeTimeout) {
  port_ = free_port();
  start_with_port("[limits]\nhandshake_timeout = \"300ms\"\n" + inbound("server.p12", "min_tls = \"1.3\"\n"));
  const auto old = sh("echo | openssl s_client -tls1_2 -connect 127.0.0.1:" + std::to_string(port_) + " -servername localhost 2>&1");
  EXPECT_NE(old.exit_code, 0);
  EXPECT_NE(old.out.find("alert protocol version"), std::string::npos) << old.out;
  // A client that connects and says nothing is cut off at the handshake timeout.
  const auto silent = sh("python3 -c \"import socket,time; s=socket.create_connection(('127.0.0.1'," + std::to_string(port_) +
                         ")); t=time.time(); s.settimeout(5); print(s.recv(1) == b'', round(time.time()-t, 1))\"");
  EXPECT_EQ(silent.out.substr(0, 4), "True") << silent.out << silent.err;
  const auto metrics = admin("/metrics");
  EXPECT_NE(metrics.find("reason=\"protocol_version\"} 1"), std::string::npos) << metrics;
  EXPECT_NE(metrics.find("reason=\"timeout\"} 1"), std::string::npos) << metrics;
}

TEST_F(GatewayCli, ConnectionsBeyondTheLimitAreClosed) {
  port_ = free_port();
  start_with_port("[limits]\nmax_connections = 1\n" + inbound("server.p12"));
  // One client holds its connection open (a slow response); the next is closed at once.
  const auto active = [&](int n) {
    return admin("/metrics").find("certkeep_gateway_connections_active{endpoint=\"web\",kind=\"inbound\"} " + std::to_string(n)) != std::string::npos;
  };
  ASSERT_TRUE(eventually([&] { return active(0); }));  // wait_for_port's own connection has gone
  Process download({"curl", "-sS", "--cacert", p("Root.pem"), "-o", "/dev/null", "https://localhost:" + std::to_string(port_) + "/slow"});
  ASSERT_TRUE(eventually([&] { return active(1); })) << admin("/metrics");
  EXPECT_NE(curl("/hello.txt"), "hello through the gateway\n");
  EXPECT_NE(admin("/metrics").find("certkeep_gateway_connections_refused_total{endpoint=\"web\",kind=\"inbound\"} 1"), std::string::npos);
}

// A backend on a unix socket (python's http.server on a UnixStreamServer).
TEST_F(GatewayCli, UnixSocketBackend) {
  const auto sock = *work_ / "app.sock";
  Process app({"python3", "-c",
               "import http.server, socketserver, os, sys\n"
               "os.chdir(sys.argv[2])\n"
               "class H(http.server.SimpleHTTPRequestHandler):\n"
               "  def address_string(self): return 'unix'\n"
               "socketserver.UnixStreamServer(sys.argv[1], H).serve_forever()\n",
               sock, p("www")});
  ASSERT_TRUE(eventually([&] { return std::filesystem::exists(sock); }));
  port_ = free_port();
  auto config = inbound("server.p12");
  config.replace(config.find("backend = \"127.0.0.1:"), config.find('\n', config.find("backend = ")) - config.find("backend = \"127.0.0.1:"),
                 "backend = \"unix:" + sock + "\"");
  start_with_port(config);
  EXPECT_EQ(curl("/hello.txt"), "hello through the gateway\n");
}

// A client that reads to the end of the stream (HTTP/1.0: the backend closes after the response) sees a
// clean TLS end: the gateway sends close_notify before it closes (Python raises SSLEOFError otherwise).
TEST_F(GatewayCli, BackendEndIsACleanTlsEnd) {
  start_inbound("server.p12");
  const auto r = sh("python3 -c \"import socket, ssl, sys\n"
                    "ctx = ssl.create_default_context(cafile='" + p("Root.pem") + "')\n"
                    "s = ctx.wrap_socket(socket.create_connection(('127.0.0.1', " + std::to_string(port_) + ")), server_hostname='localhost',"
                    " suppress_ragged_eofs=False)\n"
                    "s.sendall(b'GET /hello.txt HTTP/1.0\\r\\n\\r\\n')\n"
                    "data = b''\n"
                    "while True:\n"
                    "    chunk = s.recv(65536)\n"
                    "    if not chunk: break\n"
                    "    data += chunk\n"
                    "print(data.split(b'\\r\\n\\r\\n', 1)[1].decode(), end='')\"");
  EXPECT_EQ(r.out, "hello through the gateway\n") << r.err;
}

// A backend named by host name is resolved on each connection (within connect_timeout).
TEST_F(GatewayCli, BackendByHostName) {
  port_ = free_port();
  auto config = inbound("server.p12");
  const std::string numeric = "backend = \"127.0.0.1:";
  config.replace(config.find(numeric), numeric.size(), "backend = \"localhost:");
  start_with_port(config);
  EXPECT_EQ(curl("/hello.txt"), "hello through the gateway\n");
}

// A probe that checks the certificate and leaves (its Finished and close_notify in one segment, as a
// monitoring check does) costs the backend no connection; a client that sends a request to a dead backend
// is closed, and the failure is counted and logged. The gateway keeps serving handshakes throughout.
TEST_F(GatewayCli, DeadBackendAndProbesThatLeave) {
  backend_.reset();  // nothing listens on backend_port_ any more
  start_inbound("server.p12");
  const auto probe = *work_ / "probe.py";
  std::ofstream(probe) << "import socket, ssl, sys\n"
                          "ctx = ssl.create_default_context(cafile=sys.argv[2])\n"
                          "incoming, outgoing = ssl.MemoryBIO(), ssl.MemoryBIO()\n"
                          "tls = ctx.wrap_bio(incoming, outgoing, server_hostname='localhost')\n"
                          "s = socket.create_connection(('127.0.0.1', int(sys.argv[1])))\n"
                          "while True:\n"
                          "    try:\n"
                          "        tls.do_handshake()\n"
                          "        break\n"
                          "    except ssl.SSLWantReadError:\n"
                          "        s.sendall(outgoing.read())\n"
                          "        data = s.recv(65536)\n"
                          "        if not data: sys.exit('closed during the handshake')\n"
                          "        incoming.write(data)\n"
                          "try:\n"
                          "    tls.unwrap()\n"
                          "except ssl.SSLWantReadError:\n"
                          "    pass\n"
                          "s.sendall(outgoing.read())\n"
                          "s.close()\n"
                          "print(tls.version())\n";
  for (int i = 0; i < 5; ++i) {
    const auto r = sh("python3 '" + std::string(probe) + "' " + std::to_string(port_) + " '" + p("Root.pem") + "'");
    ASSERT_EQ(r.out, "TLSv1.3\n") << r.err;
  }
  const auto handshakes = [&](int n) {
    return admin("/metrics").find("certkeep_gateway_handshakes_total{endpoint=\"web\",kind=\"inbound\"} " + std::to_string(n)) != std::string::npos;
  };
  ASSERT_TRUE(eventually([&] { return handshakes(5); })) << admin("/metrics");
  const std::string failures = "certkeep_gateway_backend_failures_total{endpoint=\"web\",kind=\"inbound\"} ";
  EXPECT_NE(admin("/metrics").find(failures + "0"), std::string::npos) << admin("/metrics");

  EXPECT_NE(curl("/hello.txt"), "hello through the gateway\n");
  EXPECT_TRUE(eventually([&] { return admin("/metrics").find(failures + "1") != std::string::npos; })) << admin("/metrics");
  EXPECT_NE(log().find("backend_unreachable endpoint=web backend=127.0.0.1:" + std::to_string(backend_port_)), std::string::npos) << log();
  EXPECT_EQ(served_serial(), serial_of("server.pem"));
}

// wrk through the gateway while the keystore is replaced ten times: not one failed request, and the
// last certificate is the one served.
TEST_F(GatewayCli, NoFailedRequestWhileReloadingUnderLoad) {
  start_inbound("server.p12");
  const auto wrk_out = *work_ / "wrk.txt";
  Process wrk({"sh", "-c", "wrk -t2 -c16 -d4s --timeout 10s https://localhost:" + std::to_string(port_) + "/hello.txt > '" + wrk_out + "' 2>&1"});
  for (int i = 0; i < 10; ++i) {
    std::this_thread::sleep_for(250ms);
    replace_keystore(p(i % 2 == 0 ? "renewed.p12" : "server.p12"));
  }
  ASSERT_TRUE(eventually([&] { return read_text(wrk_out).find("Requests/sec") != std::string::npos; }, 15s)) << read_text(wrk_out);
  const auto report = read_text(wrk_out);
  EXPECT_EQ(report.find("Socket errors"), std::string::npos) << report;
  EXPECT_EQ(report.find("Non-2xx"), std::string::npos) << report;
  EXPECT_TRUE(eventually([&] { return served_serial() == serial_of("server.pem"); })) << log();
  // Two replacements that land before the gateway looks are one change to it: on a loaded machine the
  // count can be below ten, but every change it saw was swapped in and none was refused.
  const auto metrics = admin("/metrics");
  EXPECT_NE(metrics.find("certkeep_gateway_reloads_total{endpoint=\"web\",result=\"refused\"} 0"), std::string::npos) << metrics;
  const std::string ok = "certkeep_gateway_reloads_total{endpoint=\"web\",result=\"ok\"} ";
  const auto at = metrics.find(ok);
  ASSERT_NE(at, std::string::npos) << metrics;
  const int reloads = std::stoi(metrics.substr(at + ok.size()));
  EXPECT_GE(reloads, 2) << log();
  EXPECT_LE(reloads, 10) << log();
  const auto text = log();
  std::size_t loaded = 0;
  for (std::size_t pos = 0; (pos = text.find("trigger=file", pos)) != std::string::npos; ++pos) ++loaded;
  EXPECT_EQ(loaded, static_cast<std::size_t>(reloads)) << text;
}

// Problems found at start stop it with one line naming the file, exit 3.
TEST_F(GatewayCli, StartRefusesWhatItCannotServe) {
  const auto config = *work_ / "bad.toml";
  const auto run = [&](const std::string& text) {
    std::ofstream(config) << text;
    return certkeep("gateway --config '" + config + "' --check");
  };
  port_ = free_port();
  auto r = run(inbound("expired.p12"));
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_NE(r.err.find("inbound web: keystore " + keystore() + ": chain does not verify: the certificate expired on"), std::string::npos) << r.err;
  r = run("[[inbound]]\nname = \"web\"\nlisten = \"127.0.0.1:1\"\nbackend = \"127.0.0.1:2\"\ncertficate = 1\n");
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_NE(r.err.find(config + ":5:"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("unknown setting inbound[1].certficate"), std::string::npos) << r.err;
  r = run(inbound("server.p12") + "password = \"s3cret\"\n");
  EXPECT_NE(r.err.find("a password is never written in the configuration"), std::string::npos) << r.err;
  EXPECT_EQ(r.err.find("s3cret"), std::string::npos);
  // An outbound endpoint without a client certificate still builds its TLS context at start.
  r = run("[[outbound]]\nname = \"push\"\nlisten = \"127.0.0.1:1\"\nupstream = \"localhost:2\"\nciphers = \"NO-SUCH-CIPHER\"\nca_file = \"" +
          p("Root.pem") + "\"\n");
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_NE(r.err.find("outbound push: ciphers \"NO-SUCH-CIPHER\" selects no cipher OpenSSL knows"), std::string::npos) << r.err;
  r = run("threads = \n");
  EXPECT_NE(r.err.find(config + ":1:"), std::string::npos) << r.err;
  r = run(inbound("server.p12"));
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("\"serial\": \"" + serial_of("server.pem") + "\""), std::string::npos) << r.out;
}

TEST_F(GatewayCli, MetricsPassPromtool) {
  start_inbound("server.p12");
  (void)curl("/hello.txt");
  const auto r = sh("curl -s http://127.0.0.1:" + std::to_string(admin_) + "/metrics | promtool check metrics");
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
}

}  // namespace
}  // namespace certkeep::test

namespace certkeep::test {
namespace {

// examples/gateway.toml runs as is against the demo fleet: --check judges its certificates and passes.
TEST(GatewayExample, ChecksAgainstTheDemoFleet) {
  const TempDir dir;
  ASSERT_EQ(sh("'" + std::string(CERTKEEP_SOURCE_DIR) + "/scripts/make-demo.sh' '" + (dir / "demo") + "'").exit_code, 0);
  std::filesystem::create_directory(dir / "examples");
  std::filesystem::copy_file(std::string(CERTKEEP_SOURCE_DIR) + "/examples/gateway.toml", dir / "examples/gateway.toml");
  const auto r = certkeep("gateway --config '" + (dir / "examples/gateway.toml") + "' --check");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("\"subject\": \"O=Example Corp,CN=www.example.com\""), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("Apple Push Services"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("\"default_password\": true"), std::string::npos) << r.out;  // the demo's WebAS
  EXPECT_NE(r.err.find("default_password endpoint=push"), std::string::npos) << r.err;
  // The same events as JSON lines.
  const auto json = certkeep("gateway --config '" + (dir / "examples/gateway.toml") + "' --check --log-format json");
  EXPECT_EQ(json.exit_code, 0) << json.err;
  EXPECT_NE(json.err.find("\"level\":\"warning\",\"event\":\"default_password\",\"endpoint\":\"push\""), std::string::npos) << json.err;
  EXPECT_NE(json.err.find("\"event\":\"certificate_loaded\",\"endpoint\":\"web\",\"trigger\":\"start\""), std::string::npos) << json.err;
}

}  // namespace
}  // namespace certkeep::test
