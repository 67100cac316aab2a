#include "net/scanner.h"

#include <algorithm>
#include <atomic>
#include <deque>
#include <memory>
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

// One event loop's share of the scan. Probes start (and connect) while fewer than `cap` are open; at
// most `limit` of them work (STARTTLS, handshake) at once, the others wait at the gate in order. A probe
// still working after `park_after` is waiting on a slow server, not working: it gives its place up.
// Runs on its loop's thread only, so nothing here needs a lock.
class Loop {
 public:
  Loop(Shared& shared, asio::ssl::context& context, std::size_t limit, std::size_t cap, std::chrono::milliseconds park_after)
      : shared_(shared), context_(context), limit_(limit), cap_(cap), park_after_(park_after) {}

  void run() {
    asio::post(io_, [this] { fill(); });
    io_.run();
  }

 private:
  class Slot final : public WorkGate {
   public:
    explicit Slot(Loop& loop) : loop_(loop), wake_(loop.io_), park_(loop.io_) {}

    asio::awaitable<void> enter() override {
      if (loop_.at_work_ < loop_.limit_) {
        ++loop_.at_work_;
      } else {
        loop_.waiting_.push_back(this);
        wake_.expires_at(asio::steady_timer::time_point::max());
        boost::system::error_code handed_over;  // the wait ends when a leaving probe cancels it
        co_await wake_.async_wait(asio::redirect_error(asio::use_awaitable, handed_over));
      }
      holding_ = true;
      park_.expires_after(loop_.park_after_);
      park_.async_wait([this](const boost::system::error_code& ec) {
        if (!ec) leave();
      });
    }

    void leave() override {
      if (!holding_) return;
      holding_ = false;
      park_.cancel();
      loop_.release();
    }

    void hand_over() { wake_.cancel(); }

   private:
    Loop& loop_;
    asio::steady_timer wake_, park_;
    bool holding_ = false;
  };

  // A place to work is free: the first waiting probe takes it, else it is counted free.
  void release() {
    if (waiting_.empty()) {
      --at_work_;
      return;
    }
    auto* next = waiting_.front();
    waiting_.pop_front();
    next->hand_over();
  }

  void fill() {
    while (open_ < cap_) {
      const auto i = shared_.next.fetch_add(1);
      if (i >= shared_.targets.size()) return;
      start(i);
    }
  }

  void start(std::size_t i) {
    ++open_;
    auto slot = std::make_shared<Slot>(*this);
    const auto& t = shared_.targets[i];
    asio::co_spawn(io_, probe_async(t.endpoint, t.options, context_, slot.get()), [this, i, slot](const std::exception_ptr& e, ProbeReport r) {
      slot->leave();
      --open_;
      if (e) {
        r.endpoint = shared_.targets[i].endpoint;
        r.failure = ProbeFailure{"internal", Stage::connect, "the probe failed unexpectedly"};
      }
      shared_.sink(i, std::move(r));
      fill();
    });
  }

  Shared& shared_;
  asio::ssl::context& context_;
  asio::io_context io_{1};
  std::size_t limit_, cap_;
  std::chrono::milliseconds park_after_;
  std::size_t at_work_ = 0, open_ = 0;
  std::deque<Slot*> waiting_;
};

}  // namespace

void scan_endpoints(const std::vector<ScanTarget>& targets, const ScanOptions& options,
                    const std::function<void(std::size_t, ProbeReport&&)>& sink) {
  if (targets.empty()) return;
  const std::size_t concurrency = std::clamp<std::size_t>(options.concurrency, 1, targets.size());
  const std::size_t max_open = std::max(concurrency, options.max_open == 0 ? 8 * concurrency : options.max_open);
  const unsigned cores = std::max(1U, std::thread::hardware_concurrency());
  const std::size_t loops = std::clamp<std::size_t>(options.threads == 0 ? cores : options.threads, 1, concurrency);
  const auto share = [&](std::size_t total, std::size_t l) { return total / loops + (l < total % loops ? 1 : 0); };
  auto context = make_probe_context();
  Shared shared{targets, sink};
  std::vector<std::unique_ptr<Loop>> parts;
  for (std::size_t l = 0; l < loops; ++l)
    parts.push_back(std::make_unique<Loop>(shared, context, share(concurrency, l), share(max_open, l), options.park_after));
  std::vector<std::thread> threads;
  for (std::size_t l = 1; l < loops; ++l) threads.emplace_back([&part = *parts[l]] { part.run(); });
  parts.front()->run();
  for (auto& t : threads) t.join();
}

}  // namespace certkeep::net
