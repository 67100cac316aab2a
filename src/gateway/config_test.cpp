#include "gateway/config.h"

#include <gtest/gtest.h>

namespace certkeep::gateway {
namespace {

Result<Config> parse(const std::string& text) { return parse_config(text, "/etc/certkeep/gw.toml"); }

std::string error_of(const std::string& text) {
  auto r = parse(text);
  return r ? "(parsed)" : r.error().message;
}

constexpr const char* kMinimal = R"(
[[inbound]]
listen = "127.0.0.1:8443"
backend = "127.0.0.1:8080"
[[inbound.certificate]]
keystore = "server.p12"
)";

TEST(GatewayConfig, FullExample) {
  auto c = parse(R"(
threads = 4
log_format = "json"
ticket_rotation = "12h"
[admin]
listen = "127.0.0.1:9900"
[limits]
max_connections = 500
handshake_timeout = "3s"
drain_timeout = "1m"
[[inbound]]
name = "web"
listen = "0.0.0.0:443"
backend = "unix:/run/app.sock"
min_tls = "1.3"
client_auth = "optional"
client_ca_file = ["clients.pem", "/abs/more.pem"]
[[inbound.certificate]]
keystore = "keys/web.p12"
alias = "web"
password_env = "WEB_PW"
names = ["www.example.com", "*.example.com"]
ca_file = "ca.pem"
system_store = true
[[outbound]]
name = "push"
listen = "127.0.0.1:2195"
upstream = "api.push.example:443"
[outbound.client_certificate]
keystore = "/secure/apns.p12"
password_file = "apns.pw"
)");
  ASSERT_TRUE(c) << c.error().message;
  EXPECT_EQ(c->threads, 4U);
  EXPECT_EQ(c->log_format, LogFormat::json);
  EXPECT_EQ(c->ticket_rotation, std::chrono::hours(12));
  ASSERT_TRUE(c->admin);
  EXPECT_EQ(c->admin->port, 9900);
  EXPECT_EQ(c->limits.max_connections, 500U);
  EXPECT_EQ(c->limits.handshake_timeout, std::chrono::seconds(3));
  EXPECT_EQ(c->limits.drain_timeout, std::chrono::minutes(1));
  ASSERT_EQ(c->inbound.size(), 1U);
  const auto& in = c->inbound[0];
  EXPECT_EQ(in.backend.unix_path, "/run/app.sock");
  EXPECT_EQ(in.tls.min_version, 0x0304);
  EXPECT_EQ(in.client_auth, ClientAuth::optional);
  EXPECT_EQ(in.client_ca_files, (std::vector<std::string>{"/etc/certkeep/clients.pem", "/abs/more.pem"}));
  ASSERT_EQ(in.certificates.size(), 1U);
  EXPECT_EQ(in.certificates[0].keystore, "/etc/certkeep/keys/web.p12");  // relative to the configuration
  EXPECT_EQ(in.certificates[0].password.env, "WEB_PW");
  EXPECT_EQ(in.certificates[0].names.size(), 2U);
  EXPECT_TRUE(in.certificates[0].system_store);
  ASSERT_EQ(c->outbound.size(), 1U);
  EXPECT_EQ(c->outbound[0].sni, "api.push.example");
  EXPECT_EQ(c->outbound[0].verify_name, "api.push.example");
  ASSERT_TRUE(c->outbound[0].client_certificate);
  EXPECT_EQ(c->outbound[0].client_certificate->password.file, "/etc/certkeep/apns.pw");
}

TEST(GatewayConfig, Defaults) {
  auto c = parse(kMinimal);
  ASSERT_TRUE(c) << c.error().message;
  EXPECT_EQ(c->threads, 0U);
  EXPECT_FALSE(c->admin);
  EXPECT_EQ(c->inbound[0].name, "inbound");
  EXPECT_EQ(c->inbound[0].client_auth, ClientAuth::none);
  EXPECT_EQ(c->limits.max_connections, 10000U);
}

// Each mistake names the place in the file and what is wrong.
TEST(GatewayConfig, Mistakes) {
  struct Case {
    std::string text;
    std::string error;
  };
  const std::vector<Case> cases = {
      {"threads = \"two\"\n", "gw.toml:1:11: threads must be a whole number from 0 to 256"},
      {"[limits]\nhandshake_timeout = \"soon\"\n", "gw.toml:2:21: limits.handshake_timeout must be a duration"},
      {"colour = 1\n", "gw.toml:1:10: unknown setting colour"},
      {"[[inbound]]\nlisten = \"x\"\n", "gw.toml:2:10: inbound[1].listen: "},
      {"[[inbound]]\nlisten = \"127.0.0.1:1\"\n", "gw.toml:1:1: inbound[1].backend is required"},
      {"[[inbound]]\nlisten = \"127.0.0.1:1\"\nbackend = \"127.0.0.1:2\"\n", "needs at least one [[inbound.certificate]]"},
      {std::string(kMinimal) + "password = \"x\"\n", "a password is never written in the configuration"},
      {std::string(kMinimal) + "password_file = \"a\"\npassword_env = \"B\"\n", "password_file and password_env are alternatives"},
      {std::string(kMinimal) + "[[inbound]]\nlisten = \"127.0.0.1:8443\"\nbackend = \"127.0.0.1:1\"\n[[inbound.certificate]]\nkeystore = \"a\"\n",
       "two endpoints are named \"inbound\""},
      {"[[inbound]]\nlisten = \"127.0.0.1:1\"\nbackend = \"127.0.0.1:2\"\nclient_auth = \"yes\"\n", "client_auth: \"yes\" is not one of none, optional, required"},
      {"[[inbound]]\nlisten = \"127.0.0.1:1\"\nbackend = \"127.0.0.1:2\"\nclient_auth = \"required\"\n[[inbound.certificate]]\nkeystore = \"a\"\n",
       "needs client_ca_file"},
      {"[[inbound]]\nlisten = \"127.0.0.1:1\"\nbackend = \"127.0.0.1:2\"\nmin_tls = \"1.3\"\nmax_tls = \"1.2\"\n[[inbound.certificate]]\nkeystore = \"a\"\n",
       "min_tls is above max_tls"},
      {"", "nothing to serve"},
      {"threads = ", "gw.toml:1:"},  // TOML syntax: the parser's own words, with the place
  };
  for (const auto& c : cases) {
    const auto e = error_of(c.text);
    EXPECT_NE(e.find(c.error), std::string::npos) << "config:\n" << c.text << "\nerror: " << e;
  }
}

}  // namespace
}  // namespace certkeep::gateway
