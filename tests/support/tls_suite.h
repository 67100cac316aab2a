// A test suite of network tests: one directory of certificates made once for
// the whole suite by a shell script (tests/data/lib.sh sourced), and openssl
// s_server instances per test.
#pragma once

#include <gtest/gtest.h>

#include <string>

#include "support/servers.h"
#include "support/tools.h"

namespace certkeep::test {

class TlsSuite : public ::testing::Test {
 protected:
  // Call from SetUpTestSuite: makes the directory and runs `script` in it.
  static void make_pki(const std::string& script) {
    dir_ = new TempDir();  // NOLINT(cppcoreguidelines-owning-memory): one per
                           // suite, freed in TearDownTestSuite
    const auto r = sh("set -e; . '" + fixture_lib() + "'; cd '" + dir_->path().string() + "'\n" + script);
    ASSERT_EQ(r.exit_code, 0) << r.err;
  }
  static void TearDownTestSuite() {
    delete dir_;  // NOLINT(cppcoreguidelines-owning-memory)
    dir_ = nullptr;
  }

  static std::string p(const std::string& name) { return *dir_ / name; }
  static std::string at(std::uint16_t port) { return "localhost:" + std::to_string(port); }
  std::uint16_t serve(const std::string& cert, const std::vector<std::string>& extra = {}) { return servers_.serve(cert, extra); }

  static inline TempDir* dir_ = nullptr;
  TlsServers servers_{dir_->path()};
};

}  // namespace certkeep::test
