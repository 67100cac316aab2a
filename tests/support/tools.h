// Helpers for tests that drive real tools (openssl, keytool, certtool, pk12util) and the certkeep binary.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace certkeep::test {

struct RunResult {
  int exit_code = -1;
  std::string out;  // stdout
  std::string err;  // stderr
};

// Runs `command` through /bin/sh, capturing stdout and stderr. Never throws.
RunResult sh(const std::string& command);

// Runs the certkeep binary built beside the tests with `args` (already shell-quoted as needed).
RunResult certkeep(const std::string& args);

// True when `tool` is on PATH; tests that need a missing tool fail loudly (CI installs them all).
bool have_tool(const std::string& tool);

// A fresh directory under the system temp dir, removed when the object dies.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }
  std::string operator/(const std::string& name) const { return (path_ / name).string(); }

 private:
  std::filesystem::path path_;
};

// tests/data/lib.sh: shell functions that make CAs and certificates with the openssl CLI.
std::string fixture_lib();

std::vector<std::uint8_t> read_bytes(const std::string& path);
void write_bytes(const std::string& path, const std::vector<std::uint8_t>& data);

// Upper-case colon hex fingerprint as `openssl x509 -fingerprint -<digest>` prints it for a PEM/DER file.
std::string openssl_fingerprint(const std::string& cert_path, const std::string& digest = "sha256");

}  // namespace certkeep::test
