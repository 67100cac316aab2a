#include "support/tools.h"

#include <array>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <random>
#include <sys/wait.h>
#include <unistd.h>

namespace certkeep::test {
namespace fs = std::filesystem;

namespace {

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

}  // namespace

RunResult sh(const std::string& command) {
  TempDir tmp;
  const auto out = tmp / "out";
  const auto err = tmp / "err";
  const std::string full = "(" + command + ") </dev/null >'" + out + "' 2>'" + err + "'";
  const int status = std::system(full.c_str());
  RunResult r;
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  r.out = slurp(out);
  r.err = slurp(err);
  return r;
}

RunResult certkeep(const std::string& args) { return sh(std::string("'") + CERTKEEP_BINARY + "' " + args); }

bool have_tool(const std::string& tool) { return sh("command -v " + tool).exit_code == 0; }

TempDir::TempDir() {
  std::random_device rd;
  for (;;) {
    path_ = fs::temp_directory_path() / ("certkeep-test-" + std::to_string(rd()));
    if (fs::create_directory(path_)) break;
  }
}

TempDir::~TempDir() {
  std::error_code ec;
  fs::remove_all(path_, ec);
}

std::string fixture_lib() { return std::string(CERTKEEP_SOURCE_DIR) + "/tests/data/lib.sh"; }

std::vector<std::uint8_t> read_bytes(const std::string& path) {
  const auto s = slurp(path);
  return {s.begin(), s.end()};
}

void write_bytes(const std::string& path, const std::vector<std::uint8_t>& data) {
  std::ofstream out(path, std::ios::binary);
  out.write(reinterpret_cast<const char*>(data.data()), static_cast<std::streamsize>(data.size()));
}

std::string openssl_fingerprint(const std::string& cert_path, const std::string& digest) {
  auto r = sh("openssl x509 -in '" + cert_path + "' -noout -fingerprint -" + digest);
  const auto eq = r.out.find('=');
  if (eq == std::string::npos) return {};
  auto fp = r.out.substr(eq + 1);
  while (!fp.empty() && (fp.back() == '\n' || fp.back() == '\r')) fp.pop_back();
  return fp;
}

}  // namespace certkeep::test
