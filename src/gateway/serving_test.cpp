#include "gateway/serving.h"

#include <gtest/gtest.h>

namespace certkeep::gateway {
namespace {

TEST(ServingNames, ExactAndWildcard) {
  EXPECT_TRUE(name_matches("www.example.com", "WWW.Example.com"));
  EXPECT_TRUE(name_matches("*.example.com", "api.example.com"));
  EXPECT_FALSE(name_matches("*.example.com", "example.com"));
  EXPECT_FALSE(name_matches("*.example.com", "a.b.example.com"));  // one label only (RFC 6125 6.4.3)
  EXPECT_FALSE(name_matches("*.example.com", ".example.com"));
  EXPECT_FALSE(name_matches("www.example.com", "www.example.org"));
}

}  // namespace
}  // namespace certkeep::gateway
