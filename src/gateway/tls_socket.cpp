#include "gateway/tls_socket.h"

#include <cerrno>
#include <limits>

#include <openssl/err.h>

namespace certkeep::gateway {

namespace asio = net::asio;
using asio::redirect_error;
using asio::use_awaitable;

namespace {

constexpr std::size_t kFlushAt = std::size_t{64} * 1024;  // corked records are sent once this many wait

// The peer's TCP end with no close_notify before it.
boost::system::error_code end_of_stream(bool in_handshake) {
  if (in_handshake) return asio::error::eof;
  return asio::ssl::error::stream_truncated;
}

}  // namespace

TlsSocket::TlsSocket(net::tcp::socket socket, SSL_CTX* context, Side side)
    : socket_(std::move(socket)), bio_(socket_), ssl_(SSL_new(context)) {
  boost::system::error_code ignored;
  socket_.non_blocking(true, ignored);
  if (!ssl_) return;  // handshake() reports it
  BIO* bio = bio_.bio();
  if (bio == nullptr) {
    ssl_.reset();
    return;
  }
  SSL_set_bio(ssl_.get(), bio, bio);  // the SSL owns the BIO; the BIO leaves the descriptor to socket_
  SSL_set_read_ahead(ssl_.get(), 1);  // a record's header and body in one BIO read, and whatever follows it
  if (side == Side::server) SSL_set_accept_state(ssl_.get());
  else SSL_set_connect_state(ssl_.get());
}

template <typename Step>
asio::awaitable<int> TlsSocket::drive(Step step, bool in_handshake, boost::system::error_code& ec) {
  for (;;) {
    if (!socket_.is_open() || !ssl_) {
      ec = asio::error::bad_descriptor;
      co_return 0;
    }
    ERR_clear_error();
    errno = 0;
    const int result = step();
    if (result > 0) co_return result;
    switch (SSL_get_error(ssl_.get(), result)) {
      case SSL_ERROR_WANT_READ:
        co_await fill(ec);
        if (ec) co_return 0;
        continue;
      case SSL_ERROR_WANT_WRITE:
        if (has_pending_output()) co_await flush(ec);
        else co_await socket_.async_wait(net::tcp::socket::wait_write, redirect_error(use_awaitable, ec));
        if (ec) co_return 0;
        continue;
      case SSL_ERROR_ZERO_RETURN:
        ec = asio::error::eof;
        co_return 0;
      case SSL_ERROR_SYSCALL:
        if (errno != 0) ec = boost::system::error_code(errno, boost::system::system_category());
        else ec = end_of_stream(in_handshake);
        co_return 0;
      default: {
        const unsigned long error = ERR_get_error();
        if (ERR_GET_REASON(error) == SSL_R_UNEXPECTED_EOF_WHILE_READING) {  // OpenSSL 3's word for a TCP end
          ec = end_of_stream(in_handshake);
          ERR_clear_error();
          co_return 0;
        }
        ec = error != 0 ? boost::system::error_code(static_cast<int>(error), asio::error::get_ssl_category())
                        : boost::system::error_code(asio::error::fault);
        ERR_clear_error();
        co_return 0;
      }
    }
  }
}

asio::awaitable<void> TlsSocket::fill(boost::system::error_code& ec) {
  if (filling_) {  // the other direction is reading already: wait for it to bring something
    co_await socket_.async_wait(net::tcp::socket::wait_read, redirect_error(use_awaitable, ec));
    co_return;
  }
  const auto space = bio_.free_input();
  if (space.empty()) {  // OpenSSL asks for more only once it has taken everything
    ec = asio::error::no_buffer_space;
    co_return;
  }
  filling_ = true;
  const std::size_t n = co_await socket_.async_read_some(asio::buffer(space.data(), space.size()), redirect_error(use_awaitable, ec));
  filling_ = false;
  bio_.filled(n);
  if (ec == asio::error::eof) {  // OpenSSL reads the end of stream from the BIO and judges it
    bio_.end_of_input();
    ec.clear();
  }
}

void TlsSocket::read_available() {
  if (!socket_.is_open() || bio_.input_ended() || filling_) return;
  const auto space = bio_.free_input();
  boost::system::error_code ec;
  bio_.filled(socket_.read_some(asio::buffer(space.data(), space.size()), ec));  // non-blocking: would_block at worst
  if (ec && ec != asio::error::would_block) bio_.end_of_input();
}

asio::awaitable<void> TlsSocket::flush(boost::system::error_code& ec) {
  ec.clear();
  for (;;) {
    ec = bio_.flush_now();
    if (ec != asio::error::would_block) co_return;
    co_await socket_.async_wait(net::tcp::socket::wait_write, redirect_error(use_awaitable, ec));
    if (ec) co_return;
  }
}

asio::awaitable<void> TlsSocket::handshake(boost::system::error_code& ec) {
  ec.clear();
  co_await drive([this] { return SSL_do_handshake(ssl_.get()); }, true, ec);
}

asio::awaitable<std::size_t> TlsSocket::read_some(asio::mutable_buffer buffer, boost::system::error_code& ec) {
  ec.clear();
  const int size = static_cast<int>(std::min<std::size_t>(buffer.size(), std::numeric_limits<int>::max()));
  const int n = co_await drive([&] { return SSL_read(ssl_.get(), buffer.data(), size); }, false, ec);
  co_return static_cast<std::size_t>(n);
}

asio::awaitable<void> TlsSocket::write_all(asio::const_buffer buffer, boost::system::error_code& ec, bool more) {
  ec.clear();
  const auto* data = static_cast<const char*>(buffer.data());
  std::size_t left = buffer.size();
  while (left > 0) {
    const int size = static_cast<int>(std::min<std::size_t>(left, std::numeric_limits<int>::max()));
    // A write that must wait is retried with the same bytes, as OpenSSL requires.
    bio_.cork(more);
    const int n = co_await drive([&] { return SSL_write(ssl_.get(), data, size); }, false, ec);
    bio_.cork(false);
    if (ec) co_return;
    data += n;
    left -= static_cast<std::size_t>(n);
  }
  if (!more || bio_.pending_output() >= kFlushAt) co_await flush(ec);
}

void TlsSocket::send_close_notify() {
  if (!socket_.is_open() || !ssl_ || SSL_is_init_finished(ssl_.get()) != 1) return;
  ERR_clear_error();
  SSL_shutdown(ssl_.get());  // one try: a socket that cannot take 24 bytes now is not waited for
  (void)bio_.flush_now();  // after any records still waiting
  ERR_clear_error();
}

void TlsSocket::shutdown_send() {
  send_close_notify();
  boost::system::error_code ignored;
  socket_.shutdown(net::tcp::socket::shutdown_send, ignored);
}

void TlsSocket::close() {
  send_close_notify();
  boost::system::error_code ignored;
  socket_.close(ignored);
}

}  // namespace certkeep::gateway
