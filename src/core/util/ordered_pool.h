// Jobs run on a pool of threads, their results handed to one sink in the order the jobs were taken:
// the engine under inspect_files (core/inventory).
#pragma once

#include <algorithm>
#include <condition_variable>
#include <cstddef>
#include <functional>
#include <mutex>
#include <optional>
#include <thread>
#include <utility>
#include <vector>

namespace certkeep {

namespace ordered_pool_detail {

// The results between the workers and the calling thread: slot i % kSize holds the result of the i-th
// job taken, until the calling thread hands it to the sink.
template <typename Job, typename Out>
class Window {
 public:
  static constexpr std::size_t kSize = 64;   // results ahead of the sink, at most
  static constexpr std::size_t kBatch = 16;  // results ready before the calling thread is woken

  // Waits for room, then takes the next job with its number; nullopt when there are no more jobs or
  // the calling thread stopped.
  std::optional<std::pair<std::size_t, Job>> take(const std::function<std::optional<Job>()>& next) {
    std::unique_lock lock(mu_);
    room_.wait(lock, [&] { return done_ || taken_ < handed_ + kSize; });
    if (done_) return std::nullopt;
    auto job = next();
    if (!job) {
      done_ = true;
      room_.notify_all();
      ready_.notify_one();
      return std::nullopt;
    }
    return std::pair<std::size_t, Job>{taken_++, std::move(*job)};
  }

  void put(std::size_t i, Out&& out) {
    std::lock_guard lock(mu_);
    slots_[i % kSize] = std::move(out);
    if (batch_ready()) ready_.notify_one();
  }

  // Waits for a batch (or, once no more jobs come, for the rest) and moves it into `out`; false when
  // every result has been handed over.
  bool next_batch(std::vector<Out>& out) {
    out.clear();
    {
      std::unique_lock lock(mu_);
      ready_.wait(lock, [&] { return batch_ready(); });
      for (std::size_t k = ready_run(); k > 0; --k, ++handed_) {
        out.push_back(std::move(*slots_[handed_ % kSize]));
        slots_[handed_ % kSize].reset();
      }
    }
    room_.notify_all();
    return !out.empty();
  }

  // No more jobs are taken; the workers finish the one in hand.
  void stop() {
    {
      std::lock_guard lock(mu_);
      done_ = true;
    }
    room_.notify_all();
  }

 private:
  // Results ready in a row from the next one to hand over.
  std::size_t ready_run() const {
    std::size_t k = 0;
    while (handed_ + k < taken_ && slots_[(handed_ + k) % kSize]) ++k;
    return k;
  }

  bool batch_ready() const {
    const std::size_t k = ready_run();
    return k >= kBatch || (done_ && k == taken_ - handed_);
  }

  std::mutex mu_;
  std::condition_variable room_, ready_;
  std::vector<std::optional<Out>> slots_ = std::vector<std::optional<Out>>(kSize);
  std::size_t taken_ = 0, handed_ = 0;
  bool done_ = false;
};

// Stops the window when the scope ends, normally or by an exception.
template <typename Window>
class StopOnExit {
 public:
  explicit StopOnExit(Window& w) : window_(w) {}
  StopOnExit(const StopOnExit&) = delete;
  StopOnExit& operator=(const StopOnExit&) = delete;
  ~StopOnExit() { window_.stop(); }

 private:
  Window& window_;
};

}  // namespace ordered_pool_detail

// Calls `take` (one call at a time, under a lock) for the next job until it returns nullopt, runs each
// job with `run` on `threads` workers, and calls `sink` with each result on the calling thread, in the
// order the jobs were taken. At most 64 results are held. The calling thread is woken for a batch of
// results, not for each: with a cheap sink a thread switch per job would cost more than the sink.
// Whatever `run` allocates and does not return is freed on the worker that allocated it.
// If `sink` throws, the workers finish the job in hand and take no more; the exception propagates.
template <typename Job, typename Out>
void run_in_order(const std::function<std::optional<Job>()>& take, const std::function<Out(Job&&)>& run,
                  unsigned threads, const std::function<void(Out&&)>& sink) {
  ordered_pool_detail::Window<Job, Out> window;
  auto worker = [&] {
    while (auto job = window.take(take)) window.put(job->first, run(std::move(job->second)));
  };
  std::vector<std::jthread> pool;
  for (unsigned t = 0; t < std::max(threads, 1U); ++t) pool.emplace_back(worker);
  const ordered_pool_detail::StopOnExit stop(window);  // destroyed before the pool joins its threads
  std::vector<Out> batch;
  while (window.next_batch(batch))
    for (auto& out : batch) sink(std::move(out));
}

}  // namespace certkeep
