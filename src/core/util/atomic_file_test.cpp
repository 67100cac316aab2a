#include "core/util/atomic_file.h"

#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <iterator>

#include <gtest/gtest.h>

#include "support/tools.h"

namespace certkeep {
namespace {
namespace fs = std::filesystem;
using test::TempDir;

constexpr UnixTime kNow = 1'795'000'000;  // 2026-11-18T11:06:40Z

std::vector<std::uint8_t> bytes_of(const std::string& s) { return {s.begin(), s.end()}; }

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), {}};
}

void put(const fs::path& p, const std::string& s) { std::ofstream(p, std::ios::binary) << s; }

std::vector<std::string> names_in(const fs::path& dir) {
  std::vector<std::string> names;
  for (const auto& e : fs::directory_iterator(dir)) names.push_back(e.path().filename().string());
  std::ranges::sort(names);
  return names;
}

mode_t mode_of(const fs::path& p) {
  struct stat st {};
  ::stat(p.c_str(), &st);
  return st.st_mode & 07777;
}

TEST(AtomicFile, ReplacesKeepsModeAndBacksUpTheOldBytes) {
  TempDir dir;
  const fs::path file = dir.path() / "gw.p12";
  put(file, "old");
  ::chmod(file.c_str(), 0640);
  auto w = write_file_atomically(file, bytes_of("new bytes"), AtomicWrite{Existing::replace, true, kNow});
  ASSERT_TRUE(w) << w.error().message;
  EXPECT_EQ(slurp(file), "new bytes");
  EXPECT_EQ(mode_of(file), 0640u);
  ASSERT_TRUE(w->backup);
  EXPECT_EQ(w->backup->filename().string(), "gw.p12.20261118T110640Z.certkeep.bak");
  EXPECT_EQ(slurp(*w->backup), "old");
  EXPECT_EQ(names_in(dir.path()), (std::vector<std::string>{"gw.p12", "gw.p12.20261118T110640Z.certkeep.bak"}));
}

TEST(AtomicFile, SecondBackupInTheSameSecondGetsItsOwnName) {
  TempDir dir;
  const fs::path file = dir.path() / "a.jks";
  put(file, "v1");
  const AtomicWrite how{Existing::replace, true, kNow};
  ASSERT_TRUE(write_file_atomically(file, bytes_of("v2"), how));
  auto w = write_file_atomically(file, bytes_of("v3"), how);
  ASSERT_TRUE(w);
  EXPECT_EQ(w->backup->filename().string(), "a.jks.20261118T110640Z-2.certkeep.bak");
  EXPECT_EQ(slurp(*w->backup), "v2");
}

TEST(AtomicFile, WithoutBackupLeavesOnlyTheFile) {
  TempDir dir;
  const fs::path file = dir.path() / "a.jks";
  put(file, "v1");
  auto w = write_file_atomically(file, bytes_of("v2"), AtomicWrite{Existing::replace, false, kNow});
  ASSERT_TRUE(w);
  EXPECT_FALSE(w->backup);
  EXPECT_EQ(names_in(dir.path()), std::vector<std::string>{"a.jks"});
}

TEST(AtomicFile, CreatesWithPrivateModeAndRefusesToOverwrite) {
  TempDir dir;
  const fs::path file = dir.path() / "new.p12";
  ASSERT_TRUE(write_file_atomically(file, bytes_of("x"), AtomicWrite{Existing::create, true, kNow}));
  EXPECT_EQ(mode_of(file), 0600u);
  auto again = write_file_atomically(file, bytes_of("y"), AtomicWrite{Existing::create, true, kNow});
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, ErrorCode::invalid);
  EXPECT_NE(again.error().message.find("already exists"), std::string::npos);
  EXPECT_EQ(slurp(file), "x");
  EXPECT_EQ(names_in(dir.path()), std::vector<std::string>{"new.p12"});
}

TEST(AtomicFile, ReplacingAMissingFileIsNotFound) {
  TempDir dir;
  auto w = write_file_atomically(dir.path() / "none.p12", bytes_of("x"), AtomicWrite{});
  ASSERT_FALSE(w);
  EXPECT_EQ(w.error().code, ErrorCode::not_found);
  EXPECT_TRUE(names_in(dir.path()).empty());
}

TEST(AtomicFile, ReadOnlyFileIsRefusedAndUntouched) {
  TempDir dir;
  const fs::path file = dir.path() / "ro.jks";
  put(file, "keep");
  ::chmod(file.c_str(), 0444);
  auto w = write_file_atomically(file, bytes_of("x"), AtomicWrite{});
  ASSERT_FALSE(w);
  EXPECT_EQ(w.error().code, ErrorCode::io);
  EXPECT_NE(w.error().message.find("read-only (mode 0444)"), std::string::npos) << w.error().message;
  EXPECT_EQ(slurp(file), "keep");
  EXPECT_EQ(names_in(dir.path()), std::vector<std::string>{"ro.jks"});
}

TEST(AtomicFile, ThroughASymlinkTheLinkStaysAndItsTargetChanges) {
  TempDir dir;
  const fs::path real = dir.path() / "real.p12";
  const fs::path link = dir.path() / "current.p12";
  put(real, "old");
  fs::create_symlink("real.p12", link);
  auto w = write_file_atomically(link, bytes_of("new"), AtomicWrite{Existing::replace, true, kNow});
  ASSERT_TRUE(w) << w.error().message;
  EXPECT_TRUE(fs::is_symlink(link));
  EXPECT_EQ(slurp(real), "new");
  EXPECT_EQ(w->backup->filename().string(), "real.p12.20261118T110640Z.certkeep.bak");
}

// A write that cannot complete (here: the file-size limit, as a full disk would) leaves the old file
// and no temporary file. Runs in a child so that the limit does not outlive the test.
TEST(AtomicFile, FailedWriteLeavesTheOldFileAndNoTemporary) {
  TempDir dir;
  const fs::path file = dir.path() / "big.p12";
  put(file, "old");
  const pid_t pid = ::fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    std::signal(SIGXFSZ, SIG_IGN);
    const rlimit limit{1024, 1024};
    ::setrlimit(RLIMIT_FSIZE, &limit);
    const std::vector<std::uint8_t> big(64 * 1024, 0x42);
    auto w = write_file_atomically(file, big, AtomicWrite{Existing::replace, true, kNow});
    const bool named = !w && w.error().message.find("size limit") != std::string::npos &&
                       w.error().message.find("nothing was changed") != std::string::npos;
    ::_exit(named ? 0 : 1);
  }
  int status = 0;
  ::waitpid(pid, &status, 0);
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 0);
  EXPECT_EQ(slurp(file), "old");
  EXPECT_EQ(names_in(dir.path()), std::vector<std::string>{"big.p12"});
}

}  // namespace
}  // namespace certkeep
