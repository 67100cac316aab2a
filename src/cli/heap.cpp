#include "cli/heap.h"

#include <malloc.h>
#include <sys/mman.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>

namespace certkeep::cli {
namespace {

constexpr std::size_t kMiB = std::size_t{1} << 20;
constexpr std::size_t kHugePage = 2 * kMiB;
constexpr std::size_t kHugeHeap = 32 * kMiB;

std::uintptr_t align_up(std::uintptr_t v, std::size_t a) { return (v + a - 1) & ~(std::uintptr_t{a} - 1); }
std::uintptr_t align_down(std::uintptr_t v, std::size_t a) { return v & ~(std::uintptr_t{a} - 1); }

}  // namespace

void prepare_heap_for_a_short_run() {
  mallopt(M_MMAP_THRESHOLD, static_cast<int>(64 * kMiB));  // large buffers from the heap, reused after free
  mallopt(M_TRIM_THRESHOLD, static_cast<int>(128 * kMiB));
  // Grow the heap by kHugeHeap now and mark it: the allocations that follow are carved from it.
  void* block = std::malloc(kHugeHeap);
  if (block == nullptr) return;
  const auto at = reinterpret_cast<std::uintptr_t>(block);
  const auto from = align_up(at, kHugePage);
  const auto to = align_down(at + kHugeHeap, kHugePage);
  if (to > from)  // advice: failure is fine
    (void)madvise(static_cast<char*>(block) + (from - at), to - from, MADV_HUGEPAGE);
  std::free(block);
}

}  // namespace certkeep::cli
