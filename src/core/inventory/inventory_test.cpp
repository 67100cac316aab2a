// PathWalk against a second walk (std::filesystem's recursive iterator, then a sort of the full paths),
// and inspect_files over a walk: reports in the walk's order, listing errors in their place.
#include "core/inventory/inventory.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <stdexcept>

#include <gtest/gtest.h>

#include "support/tools.h"

namespace certkeep {
namespace {

namespace fs = std::filesystem;

void touch(const fs::path& p) {
  fs::create_directories(p.parent_path());
  std::ofstream(p) << "not a certificate\n";
}

// Every regular file below `dir` that is not a backup, by full path: the order PathWalk promises.
std::vector<std::string> sorted_files(const fs::path& dir) {
  std::vector<std::string> out;
  for (const auto& e : fs::recursive_directory_iterator(dir))
    if (e.is_regular_file() && !e.path().string().ends_with(".certkeep.bak")) out.push_back(e.path().string());
  std::ranges::sort(out);
  return out;
}

std::vector<std::string> walked(const std::vector<std::string>& inputs) {
  std::vector<std::string> out;
  PathWalk walk(inputs);
  while (auto step = walk.next()) {
    EXPECT_FALSE(step->error) << step->path << ": " << step->error->message;
    out.push_back(step->path);
  }
  return out;
}

TEST(PathWalk, GivesFilesInTheOrderOfTheirFullPaths) {
  test::TempDir dir;
  // Names where a directory-by-directory walk and a sort of full paths disagree unless the walk sorts
  // a directory as its name followed by '/': "a.pem" < "a/" < "a0", "b-c/" < "b/".
  for (const char* name : {"a.pem", "a/x.pem", "a/y/z.pem", "a0", "b-c/y.pem", "b/z.pem", "B.pem", "b/c/d/e/f.der",
                           "caf\xC3\xA9.p12", "cafe.p12", "old.p12.2026-01-01T00:00:00Z.certkeep.bak"})
    touch(dir.path() / name);
  const auto files = walked({dir.path().string()});
  EXPECT_EQ(files, sorted_files(dir.path()));
  EXPECT_EQ(files.size(), 10U);  // the backup is left out
}

TEST(PathWalk, KeepsInputsInTheirOrderAndFollowsNoSymlinkedDirectory) {
  test::TempDir dir;
  touch(dir.path() / "real/one.pem");
  touch(dir.path() / "other/two.pem");
  fs::create_directory_symlink(dir.path() / "real", dir.path() / "other/link");
  fs::create_symlink(dir.path() / "real/one.pem", dir.path() / "other/file-link.pem");
  const auto files = walked({dir / "other", dir / "missing.pem", dir / "real"});
  EXPECT_EQ(files, (std::vector<std::string>{dir / "other/file-link.pem", dir / "other/two.pem", dir / "missing.pem",
                                             dir / "real/one.pem"}));
}

TEST(PathWalk, ExpandPathsCollectsTheSameWalk) {
  test::TempDir dir;
  for (const char* name : {"x/1.pem", "x/2.pem", "y.pem"}) touch(dir.path() / name);
  std::vector<PathError> errors;
  EXPECT_EQ(expand_paths({dir.path().string()}, errors), walked({dir.path().string()}));
  EXPECT_TRUE(errors.empty());
}

TEST(PathWalk, ADirectoryThatCannotBeListedIsAnErrorInItsPlace) {
  test::TempDir dir;
  for (const char* name : {"a.pem", "b/c.pem", "d.pem"}) touch(dir.path() / name);
  PathWalk walk({dir.path().string()});
  auto first = walk.next();
  ASSERT_TRUE(first);
  EXPECT_EQ(first->path, dir / "a.pem");
  fs::remove_all(dir.path() / "b");  // listed with its parent, gone before the walk goes down into it
  auto gone = walk.next();
  ASSERT_TRUE(gone && gone->error);
  EXPECT_EQ(gone->path, dir / "b");
  EXPECT_EQ(gone->error->code, ErrorCode::io);
  EXPECT_EQ(gone->error->message, "cannot list directory: No such file or directory");
  auto last = walk.next();
  ASSERT_TRUE(last);
  EXPECT_EQ(last->path, dir / "d.pem");
  EXPECT_FALSE(walk.next());
}

TEST(InspectFiles, ReportsComeInTheWalksOrderWithManyMoreFilesThanTheWindow) {
  test::TempDir dir;
  for (int i = 0; i < 300; ++i) touch(dir.path() / ("d" + std::to_string(i % 7)) / ("f" + std::to_string(i)));
  const auto expected = sorted_files(dir.path());
  for (const unsigned threads : {1U, 2U, 4U}) {
    PathWalk walk({dir.path().string()});
    std::vector<std::string> seen;
    inspect_files(walk, InventoryOptions{{}, threads, std::nullopt}, [&](FileReport&& r) {
      ASSERT_TRUE(r.error);
      EXPECT_EQ(r.error->message, "not a certificate or keystore");
      seen.push_back(r.path);
    });
    EXPECT_EQ(seen, expected) << threads << " threads";
  }
}

// A sink that throws (an output error, say) must not leave the workers waiting for room forever.
TEST(InspectFiles, ASinkThatThrowsStopsTheWorkers) {
  test::TempDir dir;
  for (int i = 0; i < 200; ++i) touch(dir.path() / ("f" + std::to_string(i)));
  for (const unsigned threads : {1U, 2U}) {
    PathWalk walk({dir.path().string()});
    std::size_t reports = 0;
    EXPECT_THROW(inspect_files(walk, InventoryOptions{{}, threads, std::nullopt},
                               [&](FileReport&&) {
                                 if (++reports == 3) throw std::runtime_error("stdout closed");
                               }),
                 std::runtime_error);
    EXPECT_EQ(reports, 3U);
  }
}

TEST(InspectFiles, AnEmptyWalkEndsAtOnce) {
  test::TempDir dir;
  PathWalk walk({dir.path().string()});
  std::size_t reports = 0;
  inspect_files(walk, InventoryOptions{}, [&](FileReport&&) { ++reports; });
  EXPECT_EQ(reports, 0U);
}

}  // namespace
}  // namespace certkeep
