// Moving bytes both ways between two established streams (TLS or plain, TCP or unix) until both
// directions are done, with an idle limit. Header-only because it is a template over the stream types;
// included only by the gateway's connection code.
#pragma once

#include <array>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <type_traits>

#include "gateway/tls_socket.h"
#include "net/asio.h"

namespace certkeep::gateway {

namespace asio = net::asio;

// Counts the helpers of one connection that are still running, and lets the connection wait for them:
// a coroutine frame must not go while a helper still uses its sockets.
class Joiner {
 public:
  explicit Joiner(const asio::any_io_executor& ex) : timer_(ex, asio::steady_timer::time_point::max()) {}
  void add() { ++pending_; }
  void done() {
    if (--pending_ == 0) timer_.cancel();
  }
  asio::awaitable<void> wait() {
    while (pending_ > 0) {
      boost::system::error_code ec;
      co_await timer_.async_wait(asio::redirect_error(asio::use_awaitable, ec));
    }
  }

 private:
  asio::steady_timer timer_;
  int pending_ = 0;
};

// The last moment either direction moved a byte, and a watchdog that calls `on_idle` once nothing has
// moved for `limit`.
struct Activity {
  std::chrono::steady_clock::time_point last = std::chrono::steady_clock::now();
  bool finished = false;
};

template <typename OnIdle>
asio::awaitable<void> watch_idle(Activity& activity, std::chrono::milliseconds limit, asio::steady_timer& timer, OnIdle on_idle) {
  while (!activity.finished) {
    timer.expires_at(activity.last + limit);
    boost::system::error_code ec;
    co_await timer.async_wait(asio::redirect_error(asio::use_awaitable, ec));
    if (activity.finished) co_return;
    if (std::chrono::steady_clock::now() >= activity.last + limit) {
      on_idle();
      co_return;
    }
  }
}

// One way to read and write Asio's plain sockets and a TlsSocket alike.
template <typename Stream>
asio::awaitable<std::size_t> read_some(Stream& s, asio::mutable_buffer buffer, boost::system::error_code& ec) {
  co_return co_await s.async_read_some(buffer, asio::redirect_error(asio::use_awaitable, ec));
}
inline asio::awaitable<std::size_t> read_some(TlsSocket& s, asio::mutable_buffer buffer, boost::system::error_code& ec) {
  return s.read_some(buffer, ec);
}
// `more`: more input is already waiting, so a TLS stream may hold this write back (plain streams ignore it).
template <typename Stream>
asio::awaitable<void> write_all(Stream& s, asio::const_buffer buffer, boost::system::error_code& ec, bool /*more*/) {
  co_await asio::async_write(s, buffer, asio::redirect_error(asio::use_awaitable, ec));
}
inline asio::awaitable<void> write_all(TlsSocket& s, asio::const_buffer buffer, boost::system::error_code& ec, bool more) {
  return s.write_all(buffer, ec, more);
}

// Output a TLS stream holds back (TlsSocket::write_all with `more`); plain streams hold nothing back.
template <typename Stream>
bool has_pending_output(Stream& /*s*/) {
  return false;
}
inline bool has_pending_output(TlsSocket& s) { return s.has_pending_output(); }
template <typename Stream>
asio::awaitable<void> flush(Stream& /*s*/, boost::system::error_code& ec) {
  ec.clear();
  co_return;
}
inline asio::awaitable<void> flush(TlsSocket& s, boost::system::error_code& ec) { return s.flush(ec); }

// Reads what a plain stream holds now, without waiting: asio::error::would_block when it has nothing.
template <typename Stream>
std::size_t read_now(Stream& s, asio::mutable_buffer buffer, boost::system::error_code& ec) {
  if (!s.non_blocking()) s.non_blocking(true, ec);
  return ec ? 0 : s.read_some(buffer, ec);
}

// Reads from `from`; what `to` holds back is sent before the read waits.
template <typename From, typename To>
asio::awaitable<std::size_t> read_after_flush(From& from, To& to, asio::mutable_buffer buffer, boost::system::error_code& ec) {
  if constexpr (!std::is_same_v<From, TlsSocket>) {
    if (has_pending_output(to)) {
      const std::size_t n = read_now(from, buffer, ec);
      if (ec != asio::error::would_block) co_return n;
      co_await flush(to, ec);
      if (ec) co_return 0;
    }
  }
  co_return co_await read_some(from, buffer, ec);
}

// Copies from `from` to `to` until `from` ends or fails or a write fails. Returns true on a clean end of
// input (EOF or TLS close_notify), false on an error. A read that fills the buffer means more is
// probably waiting, so a TLS `to` may hold that write back to send it with what follows.
template <typename From, typename To>
asio::awaitable<bool> copy(From& from, To& to, std::atomic<std::uint64_t>& counter, Activity& activity) {
  std::array<char, 16384> buffer{};
  for (;;) {
    boost::system::error_code ec;
    const std::size_t n = co_await read_after_flush(from, to, asio::buffer(buffer), ec);
    if (n > 0) {
      activity.last = std::chrono::steady_clock::now();
      counter.fetch_add(n, std::memory_order_relaxed);
      boost::system::error_code wec;
      // Held back only when read_after_flush can send it before a wait: with a plain `from`.
      co_await write_all(to, asio::buffer(buffer.data(), n), wec, !std::is_same_v<From, TlsSocket> && n == buffer.size());
      if (wec) co_return false;
    }
    if (ec) {
      boost::system::error_code fec;
      co_await flush(to, fec);
      co_return !fec && (ec == asio::error::eof || ec == asio::ssl::error::stream_truncated);
    }
  }
}

}  // namespace certkeep::gateway
