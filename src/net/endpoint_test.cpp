#include "net/endpoint.h"

#include <gtest/gtest.h>

#include "net/probe.h"
#include "net/tls_names.h"

namespace certkeep::net {
namespace {

TEST(Endpoint, ParsesHostsAddressesAndPorts) {
  auto e = parse_endpoint("gw.example.test:8443");
  ASSERT_TRUE(e);
  EXPECT_EQ(e->host, "gw.example.test");
  EXPECT_EQ(e->port, 8443);
  EXPECT_FALSE(e->host_is_ip());
  e = parse_endpoint("[2001:db8::1]:443");
  ASSERT_TRUE(e);
  EXPECT_EQ(e->host, "2001:db8::1");
  EXPECT_TRUE(e->host_is_ip());
  EXPECT_EQ(e->text(), "[2001:db8::1]:443");
  e = parse_endpoint("10.0.0.5", 5432);
  ASSERT_TRUE(e);
  EXPECT_EQ(e->port, 5432);
  EXPECT_TRUE(e->host_is_ip());
}

TEST(Endpoint, RefusesWhatIsNotAnEndpoint) {
  for (const char* bad : {"host", "host:", ":443", "host:0", "host:65536", "host:https", "2001:db8::1:443", "[2001:db8::1",
                          "[not-v6]:443", "[::1]443", "a b:443"}) {
    const auto e = parse_endpoint(bad);
    ASSERT_FALSE(e) << bad;
    EXPECT_EQ(e.error().code, ErrorCode::invalid);
    EXPECT_NE(e.error().message.find(bad), std::string::npos) << e.error().message;
  }
}

TEST(TlsNames, AlertsAndVersions) {
  EXPECT_EQ(alert_name(45), "certificate_expired");
  EXPECT_EQ(alert_name(116), "certificate_required");
  EXPECT_EQ(alert_name(250), "alert_250");
  EXPECT_TRUE(is_client_certificate_rejection(48));
  EXPECT_FALSE(is_client_certificate_rejection(70));
  EXPECT_EQ(parse_tls_version("1.2"), parse_tls_version("TLSv1.2"));
  EXPECT_EQ(tls_version_name(*parse_tls_version("tls1.3")), "TLSv1.3");
  EXPECT_EQ(parse_tls_version("1.4"), std::nullopt);
}

TEST(Starttls, NamesAndDefaultPorts) {
  for (const auto kind : {Starttls::smtp, Starttls::xmpp, Starttls::xmpp_server, Starttls::postgres})
    EXPECT_EQ(parse_starttls(to_string(kind)), kind);
  EXPECT_EQ(default_port(Starttls::xmpp_server), 5269);
  EXPECT_EQ(parse_starttls("ftp"), std::nullopt);
}

}  // namespace
}  // namespace certkeep::net
