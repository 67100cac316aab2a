#include "gateway/tls_socket.h"

#include <cerrno>
#include <limits>

#include <openssl/err.h>

namespace certkeep::gateway {

namespace asio = net::asio;
using asio::redirect_error;
using asio::use_awaitable;

TlsSocket::TlsSocket(net::tcp::socket socket, SSL_CTX* context, Side side) : socket_(std::move(socket)), ssl_(SSL_new(context)) {
  boost::system::error_code ignored;
  socket_.non_blocking(true, ignored);
  if (!ssl_) return;  // handshake() reports it
  SSL_set_fd(ssl_.get(), static_cast<int>(socket_.native_handle()));  // a socket BIO that leaves the descriptor to socket_
  SSL_set_read_ahead(ssl_.get(), 1);  // one read(2) for a record's header and body, and whatever follows it
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
        co_await socket_.async_wait(net::tcp::socket::wait_read, redirect_error(use_awaitable, ec));
        if (ec) co_return 0;
        continue;
      case SSL_ERROR_WANT_WRITE:
        co_await socket_.async_wait(net::tcp::socket::wait_write, redirect_error(use_awaitable, ec));
        if (ec) co_return 0;
        continue;
      case SSL_ERROR_ZERO_RETURN:
        ec = asio::error::eof;
        co_return 0;
      case SSL_ERROR_SYSCALL:
        if (errno != 0) ec = boost::system::error_code(errno, boost::system::system_category());
        else if (in_handshake) ec = asio::error::eof;
        else ec = asio::ssl::error::stream_truncated;
        co_return 0;
      default: {
        const unsigned long error = ERR_get_error();
        ec = error != 0 ? boost::system::error_code(static_cast<int>(error), asio::error::get_ssl_category())
                        : boost::system::error_code(asio::error::fault);
        ERR_clear_error();
        co_return 0;
      }
    }
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

asio::awaitable<void> TlsSocket::write_all(asio::const_buffer buffer, boost::system::error_code& ec) {
  ec.clear();
  const auto* data = static_cast<const char*>(buffer.data());
  std::size_t left = buffer.size();
  while (left > 0) {
    const int size = static_cast<int>(std::min<std::size_t>(left, std::numeric_limits<int>::max()));
    // A write that must wait is retried with the same bytes, as OpenSSL requires.
    const int n = co_await drive([&] { return SSL_write(ssl_.get(), data, size); }, false, ec);
    if (ec) co_return;
    data += n;
    left -= static_cast<std::size_t>(n);
  }
}

void TlsSocket::send_close_notify() {
  if (!socket_.is_open() || !ssl_ || SSL_is_init_finished(ssl_.get()) != 1) return;
  ERR_clear_error();
  SSL_shutdown(ssl_.get());  // one try: a socket that cannot take 24 bytes now is not waited for
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
