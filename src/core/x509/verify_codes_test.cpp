#include "core/x509/verify_codes.h"

#include <algorithm>

#include <openssl/x509_vfy.h>

#include <gtest/gtest.h>

namespace certkeep::x509 {
namespace {

bool registered(const std::string& code) {
  return std::ranges::find(problem_codes(), code) != problem_codes().end();
}

TEST(VerifyCodes, EveryOpensslErrorMapsToARegisteredCode) {
  const VerifyOptions options(0);
  for (int e = X509_V_ERR_UNSPECIFIED; e <= X509_V_ERR_EC_KEY_EXPLICIT_PARAMS; ++e) {
    const auto p = openssl_problem({e, 3}, {}, options);
    EXPECT_TRUE(registered(p.code)) << e << " -> " << p.code;
    EXPECT_EQ(p.depth, 3U);
    EXPECT_EQ(p.severity, Severity::error);
    EXPECT_FALSE(p.message.empty());
  }
}

TEST(VerifyCodes, UnknownErrorsKeepOpensslsText) {
  const auto p = openssl_problem({X509_V_ERR_NO_EXPLICIT_POLICY, 0}, {}, VerifyOptions(0));
  EXPECT_EQ(p.code, "openssl_error");
  EXPECT_NE(p.message.find("no explicit policy"), std::string::npos) << p.message;
}

TEST(VerifyCodes, CodesAreUniqueLowerSnakeCase) {
  const auto codes = problem_codes();
  for (const auto c : codes) {
    EXPECT_EQ(std::ranges::count(codes, c), 1) << c;
    EXPECT_TRUE(std::ranges::all_of(c, [](char ch) { return (ch >= 'a' && ch <= 'z') || ch == '_'; })) << c;
  }
}

}  // namespace
}  // namespace certkeep::x509
