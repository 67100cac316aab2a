// run_in_order: results in the order the jobs were taken whatever order the workers finish them in,
// a bounded read-ahead, and a sink that throws stopping the workers.
#include "core/util/ordered_pool.h"

#include <atomic>
#include <chrono>
#include <stdexcept>
#include <string>

#include <gtest/gtest.h>

namespace certkeep {
namespace {

// Jobs 0..n-1; `taken` counts them (atomic: the test reads it while the workers run).
std::function<std::optional<int>()> jobs_up_to(int n, std::atomic<int>& taken) {
  return [n, &taken]() -> std::optional<int> { return taken < n ? std::optional<int>(taken++) : std::nullopt; };
}

// Jobs that take longer the lower their number finish out of order on several workers.
std::string slow_square(int&& i) {
  std::this_thread::sleep_for(std::chrono::microseconds((7 - i % 7) * 50));
  return std::to_string(i * i);
}

TEST(OrderedPool, HandsResultsOverInTheOrderTheJobsWereTaken) {
  for (const unsigned threads : {0U, 1U, 2U, 5U}) {
    std::atomic<int> taken = 0;
    std::vector<std::string> seen;
    run_in_order<int, std::string>(jobs_up_to(500, taken), slow_square, threads,
                                   [&](std::string&& s) { seen.push_back(std::move(s)); });
    ASSERT_EQ(seen.size(), 500U) << threads << " threads";
    for (int i = 0; i < 500; ++i) EXPECT_EQ(seen[static_cast<std::size_t>(i)], std::to_string(i * i));
  }
}

TEST(OrderedPool, NoJobsEndsAtOnce) {
  std::atomic<int> taken = 0;
  std::size_t results = 0;
  run_in_order<int, std::string>(jobs_up_to(0, taken), slow_square, 2, [&](std::string&&) { ++results; });
  EXPECT_EQ(results, 0U);
}

// The sink is held up on its first result: the workers stop taking jobs at the window's size.
TEST(OrderedPool, ReadsAheadOfTheSinkByAtMostTheWindow) {
  std::atomic<int> taken = 0;
  std::size_t results = 0;
  int taken_when_first_seen = -1;
  run_in_order<int, std::string>(jobs_up_to(1000, taken), slow_square, 2, [&](std::string&&) {
    if (results++ == 0) {
      std::this_thread::sleep_for(std::chrono::milliseconds(300));
      taken_when_first_seen = taken;  // the workers are waiting for room by now
    }
  });
  EXPECT_EQ(results, 1000U);
  EXPECT_LE(taken_when_first_seen, 64 + 16);
  EXPECT_GE(taken_when_first_seen, 16);
}

TEST(OrderedPool, ASinkThatThrowsStopsTheWorkers) {
  for (const unsigned threads : {1U, 2U}) {
    std::atomic<int> taken = 0;
    std::size_t results = 0;
    auto run = [&] {
      run_in_order<int, std::string>(jobs_up_to(100000, taken), slow_square, threads, [&](std::string&&) {
        if (++results == 3) throw std::runtime_error("stdout closed");
      });
    };
    EXPECT_THROW(run(), std::runtime_error);
    EXPECT_EQ(results, 3U);
    EXPECT_LE(taken, 64 + 16 + 2) << "jobs taken after the sink threw";
  }
}

}  // namespace
}  // namespace certkeep
