// prepare_heap_for_a_short_run: buffers far above glibc's default mmap threshold come from the heap, in
// the part of it marked for transparent huge pages. Read from the kernel's own account of this process
// (/proc/self/smaps).
#include "cli/heap.h"

#include <cstdint>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace certkeep::cli {
namespace {

struct Mapping {
  std::string name;  // "[heap]", a file, or empty for an anonymous mapping
  std::string flags; // VmFlags: "hg" = MADV_HUGEPAGE
};

// The mapping of this process that holds `p`.
Mapping mapping_of(const void* p) {
  const auto at = reinterpret_cast<std::uintptr_t>(p);
  std::ifstream smaps("/proc/self/smaps");
  std::string line;
  bool inside = false;
  Mapping m;
  while (std::getline(smaps, line)) {
    std::uintptr_t from = 0, to = 0;
    char dash = 0;
    std::istringstream head(line);
    if (head >> std::hex >> from >> dash >> to && dash == '-') {
      if (inside) return m;
      inside = at >= from && at < to;
      std::string perms, offset, dev, inode;
      head >> perms >> offset >> dev >> inode;
      m.name.clear();
      std::getline(head >> std::ws, m.name);
      continue;
    }
    if (inside && line.rfind("VmFlags:", 0) == 0) m.flags = line.substr(8);
  }
  return m;
}

std::string thp_mode() {
  std::ifstream f("/sys/kernel/mm/transparent_hugepage/enabled");
  std::string all;
  std::getline(f, all);
  const auto open = all.find('['), close = all.find(']');
  return open == std::string::npos || close == std::string::npos ? "" : all.substr(open + 1, close - open - 1);
}

TEST(Heap, LargeBuffersOfAShortRunComeFromTheHeapMarkedForHugePages) {
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
  GTEST_SKIP() << "the sanitizers bring their own allocator";
#endif
  prepare_heap_for_a_short_run();
  // 4 MiB: above glibc's default mmap threshold (128 KiB, rising to at most 32 MiB as buffers are freed),
  // the size of the buffers a rewrite of a large store holds.
  const std::vector<char> buffer(std::size_t{4} << 20, 'x');
  const Mapping m = mapping_of(buffer.data() + buffer.size() / 2);
  EXPECT_EQ(m.name, "[heap]");
  if (const auto mode = thp_mode(); mode != "always" && mode != "madvise")
    GTEST_SKIP() << "transparent huge pages are off or absent on this system";
  EXPECT_NE(m.flags.find(" hg"), std::string::npos) << "VmFlags:" << m.flags;
}

}  // namespace
}  // namespace certkeep::cli
