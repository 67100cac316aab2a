// certkeep probe against real TLS servers on loopback: openssl s_server serving
// valid, expired, not yet valid, expiring, wrong-name and self-signed
// certificates, TLS 1.2-only and 1.3-only, requiring client certificates (the
// seed's push-notification gateway), stapling OCSP responses made by `openssl
// ocsp`; closed ports and ports that never answer.

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "support/tls_suite.h"

namespace certkeep {
namespace {

using test::Process;
using test::sh;

class ProbeCli : public test::TlsSuite {
 protected:
  static void SetUpTestSuite() {
    make_pki(
        "ck_ca . Root; ck_ca . ClientRoot ec:P-256\n"
        "ck_issue . Root valid /CN=localhost -10 +365 ec:P-256 "
        "DNS:localhost,IP:127.0.0.1\n"
        "ck_issue . Root expired /CN=localhost -400 -5 ec:P-256 DNS:localhost\n"
        "ck_issue . Root future /CN=localhost +5 +400 ec:P-256 DNS:localhost\n"
        "ck_issue . Root soon /CN=localhost -300 +10 ec:P-256 DNS:localhost\n"
        "ck_issue . Root other /CN=www.example.test -1 +90 ec:P-256 "
        "DNS:www.example.test\n"
        "openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes "
        "-keyout self.key -out self.pem "
        "-subj /CN=localhost -addext subjectAltName=DNS:localhost -days 30 "
        "2>/dev/null\n"
        "ck_issue . ClientRoot apns '/CN=apns client' -10 +365 ec:P-256 '' "
        "client\n"
        "ck_issue . ClientRoot apns-expired '/CN=apns client' -400 -3 ec:P-256 "
        "'' client\n"
        "for c in apns apns-expired; do openssl pkcs12 -export -in $c.pem "
        "-inkey $c.key -out $c.p12 "
        "-name apns -passout pass:WebAS; done\n"
        "openssl pkcs12 -export -in apns.pem -inkey apns.key -out "
        "apns-secret.p12 -passout pass:s3cret-apns\n"
        "printf 'WebAS\\n' > pw\n");
  }

  struct Probe {
    int exit_code = -1;
    nlohmann::json endpoint;  // the first endpoint's object
    nlohmann::json all;
    std::string err;
  };

  static Probe probe(const std::string& args) {
    const auto r = test::certkeep("probe --json " + args);
    Probe out{r.exit_code, nullptr, nullptr, r.err};
    if (r.exit_code < 3) {
      out.all = nlohmann::json::parse(r.out);
      out.endpoint = out.all["endpoints"][0];
    }
    return out;
  }

  static std::string trust() { return " --ca-file '" + p("Root.pem") + "'"; }
  static std::string client(const std::string& name) {
    return " --client-keystore '" + p(name + ".p12") + "' --password-file '" + p("pw") + "'";
  }
};

TEST_F(ProbeCli, ReportsWhatAValidServerNegotiatesAndServes) {
  const auto port = serve("valid", {"-alpn", "h2"});
  const auto r = probe(at(port) + trust() + " --alpn h2,http/1.1");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto& e = r.endpoint;
  EXPECT_EQ(e["result"], "passed");
  EXPECT_EQ(e["address"], "127.0.0.1");
  EXPECT_EQ(e["sni"], "localhost");
  EXPECT_EQ(e["tls"]["protocol"], "TLSv1.3");
  EXPECT_FALSE(e["tls"]["cipher"].get<std::string>().empty());
  EXPECT_FALSE(e["tls"]["group"].is_null());
  EXPECT_EQ(e["tls"]["alpn"], "h2");
  EXPECT_TRUE(e["name_matches"].get<bool>());
  EXPECT_TRUE(e["verification"]["valid"].get<bool>());
  EXPECT_TRUE(e["ocsp"].is_null());
  EXPECT_GT(e["timing_ms"]["handshake"].get<double>(), 0.0);
  ASSERT_EQ(e["chain"].size(), 1U);
  EXPECT_EQ(e["chain"][0]["fingerprints"]["sha256"], test::openssl_fingerprint(p("valid.pem")));

  const auto text = test::certkeep("probe " + at(port) + trust());
  EXPECT_EQ(text.exit_code, 0);
  EXPECT_NE(text.out.find("testing connection to " + at(port) + " ... passed"), std::string::npos) << text.out;
  EXPECT_NE(text.out.find("TLSv1.3"), std::string::npos) << text.out;
}

struct BadCertificate {
  const char* cert;
  const char* code;
  const char* words;
};

class ProbeBadCertificate : public ProbeCli, public ::testing::WithParamInterface<BadCertificate> {};

TEST_P(ProbeBadCertificate, FailsNamingTheProblem) {
  const auto port = serve(GetParam().cert);
  const auto r = probe(at(port) + trust());
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_EQ(r.endpoint["code"], GetParam().code);
  const std::string summary = r.endpoint["summary"];
  EXPECT_EQ(summary.rfind("FAILED: ", 0), 0U) << summary;
  EXPECT_NE(summary.find(GetParam().words), std::string::npos) << summary;
  EXPECT_EQ(r.endpoint["chain"].size(), 1U) << "the served chain is reported even when it fails";
}

INSTANTIATE_TEST_SUITE_P(Certificates, ProbeBadCertificate,
                         ::testing::Values(BadCertificate{"expired", "certificate_expired", "server certificate expired 5 days ago"},
                                           BadCertificate{"future", "certificate_not_yet_valid", "server certificate is not valid until"},
                                           BadCertificate{"other", "name_mismatch",
                                                          "not valid for \"localhost\" (it covers DNS:www.example.test)"},
                                           BadCertificate{"self", "untrusted", "server certificate is not trusted"}),
                         [](const auto& info) { return std::string(info.param.cert); });

TEST_F(ProbeCli, SendsTheServerNameAskedForOrNone) {
  // s_server answers the name www.example.test with its second certificate, anything else with the first.
  const auto port = serve("valid", {"-servername", "www.example.test", "-cert2", p("other.pem"), "-key2", p("other.key")});
  auto r = probe(at(port) + trust() + " --sni www.example.test");
  EXPECT_EQ(r.exit_code, 0) << r.endpoint["summary"];
  EXPECT_EQ(r.endpoint["sni"], "www.example.test");
  EXPECT_EQ(r.endpoint["chain"][0]["subject"], "CN=www.example.test");
  EXPECT_EQ(r.endpoint["name"], "www.example.test");
  r = probe(at(port) + trust() + " --no-sni");
  EXPECT_EQ(r.exit_code, 0) << r.endpoint["summary"];
  EXPECT_TRUE(r.endpoint["sni"].is_null());
  EXPECT_EQ(r.endpoint["chain"][0]["subject"], "CN=localhost");
  // An IP address is never sent as a server name (RFC 6066), but is checked against the IP SANs.
  r = probe("127.0.0.1:" + std::to_string(port) + trust());
  EXPECT_EQ(r.exit_code, 0) << r.endpoint["summary"];
  EXPECT_TRUE(r.endpoint["sni"].is_null());
  EXPECT_TRUE(r.endpoint["name_matches"].get<bool>());
}

TEST_F(ProbeCli, WarnsWhenTheServerCertificateExpiresSoon) {
  const auto port = serve("soon");
  const auto r = probe(at(port) + trust());
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_EQ(r.endpoint["result"], "warning");
  EXPECT_EQ(r.endpoint["code"], "certificate_expiring");
}

TEST_F(ProbeCli, JudgesAtAnotherMoment) {
  const auto port = serve("valid");
  const auto later = sh("date -u -d '+400 days' +%Y-%m-%d").out.substr(0, 10);
  const auto r = probe(at(port) + trust() + " --at " + later);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.endpoint["code"], "certificate_expired");
}

TEST_F(ProbeCli, NamesProtocolVersionMismatches) {
  const auto only13 = serve("valid", {"-tls1_3"});
  const auto only12 = serve("valid", {"-tls1_2"});
  auto r = probe(at(only13) + trust() + " --max-tls 1.2");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.endpoint["code"], "protocol_version") << r.endpoint["summary"];
  EXPECT_NE(r.endpoint["summary"].get<std::string>().find("protocol version mismatch"), std::string::npos);
  r = probe(at(only12) + trust());
  EXPECT_EQ(r.exit_code, 0) << r.endpoint["summary"];
  EXPECT_EQ(r.endpoint["tls"]["protocol"], "TLSv1.2");
  r = probe(at(only12) + trust() + " --min-tls 1.3");
  EXPECT_EQ(r.endpoint["code"], "protocol_version") << r.endpoint["summary"];
}

TEST_F(ProbeCli, NamesConnectionFailures) {
  const test::SilentListener silent;
  const test::SilentListener full(true);
  const auto closed = test::free_port();
  auto r = probe(at(closed));
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.endpoint["code"], "connection_refused");
  EXPECT_EQ(r.endpoint["failure"]["stage"], "connect");
  r = probe("127.0.0.1:" + std::to_string(silent.port()) + " --timeout 1s");
  EXPECT_EQ(r.endpoint["code"], "handshake_timeout") << r.endpoint["summary"];
  EXPECT_NE(r.endpoint["summary"].get<std::string>().find("accepted the connection but did not answer"), std::string::npos);
  r = probe("127.0.0.1:" + std::to_string(full.port()) + " --timeout 1s");
  EXPECT_EQ(r.endpoint["code"], "connect_timeout") << r.endpoint["summary"];
  r = probe("no-such-host.invalid:443");
  EXPECT_EQ(r.endpoint["code"], "dns_failure") << r.endpoint["summary"];
  EXPECT_EQ(r.endpoint["failure"]["stage"], "resolve");
}

TEST_F(ProbeCli, NamesAPlainTextServiceAndAMissingStarttls) {
  const auto smtp_port = test::free_port();
  const Process smtp(
      {"/usr/bin/python3", "-m", "aiosmtpd", "-n", "-l", "127.0.0.1:" + std::to_string(smtp_port), "-c", "aiosmtpd.handlers.Sink"},
      p("smtp-plain.log"));
  ASSERT_TRUE(test::wait_for_port(smtp_port));
  auto r = probe("127.0.0.1:" + std::to_string(smtp_port) + " --timeout 2s");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_TRUE(r.endpoint["code"] == "not_tls" || r.endpoint["code"] == "handshake_timeout") << r.endpoint["summary"];
  r = probe("127.0.0.1:" + std::to_string(smtp_port) + " --starttls smtp");
  EXPECT_EQ(r.endpoint["code"], "starttls_not_offered") << r.endpoint["summary"];
}

TEST_F(ProbeCli, ApnsStyleClientCertificateAcceptedOrRejectedWithTheAlertSent) {
  for (const std::string version : {"-tls1_3", "-tls1_2"}) {
    SCOPED_TRACE(version);
    const auto port = serve("valid", {"-Verify", "1", "-verify_return_error", "-CAfile", p("ClientRoot.pem"), version});
    auto r = probe(at(port) + trust() + client("apns"));
    EXPECT_EQ(r.exit_code, 0) << r.endpoint["summary"] << r.err;
    EXPECT_TRUE(r.endpoint["client_certificate"]["requested"].get<bool>());
    EXPECT_TRUE(r.endpoint["client_certificate"]["accepted"].get<bool>());
    EXPECT_EQ(r.endpoint["client_certificate"]["subject"], "CN=apns client");
    EXPECT_NE(r.err.find("well-known default password"), std::string::npos) << "the seed's WebAS earns a warning";

    r = probe(at(port) + trust() + client("apns-expired"));
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_EQ(r.endpoint["code"], "client_certificate_rejected");
    EXPECT_EQ(r.endpoint["summary"], "FAILED: server rejected our client certificate: certificate_expired");
    EXPECT_EQ(r.endpoint["client_certificate"]["alert"], "certificate_expired");
    EXPECT_FALSE(r.endpoint["client_certificate"]["accepted"].get<bool>());
    EXPECT_EQ(r.endpoint["client_certificate"]["status"], "EXPIRED");

    r = probe(at(port) + trust());
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_EQ(r.endpoint["code"], "client_certificate_required") << r.endpoint["summary"];
  }
}

TEST_F(ProbeCli, ClientKeystoreProblemsAreLocalErrors) {
  const auto port = serve("valid");
  auto r = test::certkeep("probe " + at(port) + " --client-keystore '" + p("apns-secret.p12") + "' --password wrong-one");
  EXPECT_EQ(r.exit_code, 3) << r.out;
  EXPECT_NE(r.err.find("client keystore " + p("apns-secret.p12") + ": "), std::string::npos) << r.err;
  // A PEM file whose key belongs to another certificate.
  sh("cat '" + p("apns.pem") + "' '" + p("valid.key") + "' > '" + p("mismatch.pem") + "'");
  r = test::certkeep("probe " + at(port) + " --client-keystore '" + p("mismatch.pem") + "'");
  EXPECT_EQ(r.exit_code, 3) << r.out;
  EXPECT_NE(r.err.find("client key and certificate mismatch"), std::string::npos) << r.err;
  r = test::certkeep("probe " + at(port) + " --client-keystore '" + p("missing.p12") + "'");
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_NE(r.err.find("missing.p12"), std::string::npos) << r.err;
}

TEST_F(ProbeCli, ClientCertificateFromAJksStoreKeytoolMade) {
  const auto port = serve("valid", {"-Verify", "1", "-verify_return_error", "-CAfile", p("ClientRoot.pem")});
  const auto made = sh("keytool -importkeystore -srckeystore '" + p("apns.p12") +
                       "' -srcstoretype pkcs12 -srcstorepass WebAS "
                       "-destkeystore '" +
                       p("apns.jks") + "' -deststoretype jks -deststorepass changeit -noprompt");
  ASSERT_EQ(made.exit_code, 0) << made.err;
  const auto r = probe(at(port) + trust() + " --client-keystore '" + p("apns.jks") + "' --password changeit --alias apns");
  EXPECT_EQ(r.exit_code, 0) << r.endpoint["summary"] << r.err;
  EXPECT_TRUE(r.endpoint["client_certificate"]["accepted"].get<bool>());
}

TEST_F(ProbeCli, ChecksTheStapledOcspResponse) {
  // index.txt as `openssl ca` keeps it: V(alid) or R(evoked), expiry,
  // revocation time, serial, file, subject.
  const auto made = sh("set -e; cd '" + dir_->path().string() +
                       "'\n"
                       "serial=$(openssl x509 -noout -serial -in valid.pem | cut -d= -f2)\n"
                       "expiry=$(date -u -d '+300 days' +%y%m%d%H%M%SZ); revoked=$(date -u "
                       "-d '-1 day' +%y%m%d%H%M%SZ)\n"
                       "printf 'V\\t%s\\t\\t%s\\tunknown\\t/CN=localhost\\n' $expiry $serial "
                       "> good.idx\n"
                       "printf 'R\\t%s\\t%s,keyCompromise\\t%s\\tunknown\\t/CN=localhost\\n' "
                       "$expiry $revoked $serial > revoked.idx\n"
                       "openssl ocsp -issuer Root.pem -cert valid.pem -no_nonce -reqout "
                       "ocsp.req\n"
                       "for s in good revoked; do openssl ocsp -index $s.idx -rsigner "
                       "Root.pem -rkey Root.key -CA Root.pem "
                       "-reqin ocsp.req -respout $s.ocsp -ndays 7 >/dev/null 2>&1; done\n");
  ASSERT_EQ(made.exit_code, 0) << made.err;
  auto r = probe(at(serve("valid", {"-status_file", p("good.ocsp"), "-cert_chain", p("Root.pem")})) + trust());
  EXPECT_EQ(r.exit_code, 0) << r.endpoint["summary"];
  EXPECT_EQ(r.endpoint["ocsp"]["status"], "good");
  EXPECT_TRUE(r.endpoint["ocsp"]["signature_verified"].get<bool>());
  r = probe(at(serve("valid", {"-status_file", p("revoked.ocsp"), "-cert_chain", p("Root.pem")})) + trust());
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.endpoint["code"], "revoked") << r.endpoint["summary"];
  EXPECT_EQ(r.endpoint["ocsp"]["revocation_reason"], "keyCompromise");
}

TEST_F(ProbeCli, ProbesSeveralEndpointsAtOnceAndExitsWithTheWorst) {
  const auto good = serve("valid");
  const auto bad = serve("expired");
  const auto r = probe(at(good) + " " + at(bad) + trust());
  EXPECT_EQ(r.exit_code, 2);
  ASSERT_EQ(r.all["endpoints"].size(), 2U);
  EXPECT_EQ(r.all["endpoints"][0]["result"], "passed");
  EXPECT_EQ(r.all["endpoints"][1]["result"], "failed");
  EXPECT_EQ(r.all["totals"]["failed"], 1);
}

TEST_F(ProbeCli, RefusesBadArgumentsWithUsageStatus) {
  for (const std::string args : {"localhost:99999", "localhost:443 --min-tls 1.4", "localhost:443 --starttls ftp",
                                 "localhost:443 --timeout soon", "2001:db8::1:443"}) {
    const auto r = test::certkeep("probe " + args);
    EXPECT_EQ(r.exit_code, 64) << args;
    EXPECT_EQ(r.err.find('\n'), r.err.size() - 1) << "one line: " << r.err;
  }
}

}  // namespace
}  // namespace certkeep
