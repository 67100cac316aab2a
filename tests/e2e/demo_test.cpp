// The README's first command, minus the install and build: the demo fleet as `certkeep inspect` shows it.
#include <nlohmann/json.hpp>

#include <gtest/gtest.h>

#include "support/tools.h"

namespace certkeep {
namespace {

TEST(Demo, FleetShowsEveryStatusAndTheDefaultPasswords) {
  test::TempDir dir;
  const auto made = test::sh("'" + std::string(CERTKEEP_SOURCE_DIR) + "/scripts/make-demo.sh' '" + (dir / "demo") + "'");
  ASSERT_EQ(made.exit_code, 0) << made.err;
  const auto r = test::certkeep("inspect --json '" + (dir / "demo") + "'");
  EXPECT_EQ(r.exit_code, 2) << r.err;
  const auto doc = nlohmann::json::parse(r.out);
  const auto& t = doc["totals"];
  EXPECT_EQ(t["unreadable"], 0) << r.err;
  EXPECT_GE(t["expired"], 1);
  EXPECT_GE(t["expiring"], 1);
  EXPECT_EQ(t["not_yet_valid"], 1);
  EXPECT_EQ(t["default_passwords"], 3);  // the two WebAS PKCS#12 stores and the changeit truststore

  std::map<std::string, nlohmann::json> by_name;
  for (const auto& f : doc["files"]) by_name[f["path"].get<std::string>().substr((dir / "demo/").size())] = f;
  const auto& apns = by_name.at("proxy/apns-prod.pkcs12");
  EXPECT_EQ(apns["format"], "PKCS12");
  EXPECT_EQ(apns["password"], "well_known_default");
  const auto& entry = apns["entries"][0];
  EXPECT_EQ(entry["alias"], "apns");
  EXPECT_EQ(entry["key_matches_certificate"], true);
  EXPECT_EQ(entry["chain"][0]["subject"],
            "UID=com.example.chat,CN=Apple Push Services: com.example.chat,OU=RBVH72H5WP,O=Example Corp,C=US");
  EXPECT_EQ(entry["chain"][0]["extended_key_usage"][0], "clientAuth");
  EXPECT_EQ(by_name.at("gateway/STGWKS.p12")["entries"][0]["chain"][0]["status"], "EXPIRED");
  EXPECT_EQ(by_name.at("web/api.example.com.crt")["entries"][0]["chain"][0]["status"], "EXPIRING");
  EXPECT_EQ(by_name.at("web/next.example.com.der")["entries"][0]["chain"][0]["status"], "NOT_YET_VALID");
  EXPECT_EQ(by_name.at("java/truststore.jks")["entries"][0]["kind"], "trusted_certificate");
  EXPECT_NE(r.err.find("STGWKS.p12: opened with a well-known default password"), std::string::npos) << r.err;
  EXPECT_EQ(r.err.find("WebAS"), std::string::npos) << "a password, even a default one, is never printed";
}

}  // namespace
}  // namespace certkeep
