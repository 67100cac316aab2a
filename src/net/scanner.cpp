#include "net/scanner.h"

#include <algorithm>
#include <atomic>
#include <thread>

#include "net/probe_async.h"
#include "net/tls_client.h"

namespace certkeep::net {
namespace {

// The work every event loop shares: the targets and the next one to take.
struct Shared {
  const std::vector<ScanTarget>& targets;
  const std::function<void(std::size_t, ProbeReport&&)>& sink;
  std::atomic<std::size_t> next{0};
};

// One slot of the concurrency budget: takes targets until none are left.
asio::awaitable<void> worker(Shared& shared, asio::ssl::context& context) {
  for (;;) {
    const auto i = shared.next.fetch_add(1);
    if (i >= shared.targets.size()) co_return;
    const auto& t = shared.targets[i];
    ProbeReport r;
    try {
      r = co_await probe_async(t.endpoint, t.options, context);
    } catch (const std::exception& e) {
      r.endpoint = t.endpoint;
      r.failure = ProbeFailure{"internal", Stage::connect, std::string("the probe failed unexpectedly: ") + e.what()};
    }
    shared.sink(i, std::move(r));
  }
}

void run_loop(Shared& shared, asio::ssl::context& context, std::size_t workers) {
  asio::io_context io(1);
  for (std::size_t w = 0; w < workers; ++w) asio::co_spawn(io, worker(shared, context), asio::detached);
  io.run();
}

}  // namespace

void scan_endpoints(const std::vector<ScanTarget>& targets, const ScanOptions& options,
                    const std::function<void(std::size_t, ProbeReport&&)>& sink) {
  if (targets.empty()) return;
  const std::size_t concurrency = std::clamp<std::size_t>(options.concurrency, 1, targets.size());
  const unsigned cores = std::max(1U, std::thread::hardware_concurrency());
  const std::size_t loops = std::clamp<std::size_t>(options.threads == 0 ? cores : options.threads, 1, concurrency);
  auto context = make_probe_context();
  Shared shared{targets, sink};
  std::vector<std::thread> threads;
  for (std::size_t l = 1; l < loops; ++l)
    threads.emplace_back(run_loop, std::ref(shared), std::ref(context), concurrency / loops + (l < concurrency % loops ? 1 : 0));
  run_loop(shared, context, concurrency / loops + (0 < concurrency % loops ? 1 : 0));
  for (auto& t : threads) t.join();
}

}  // namespace certkeep::net
