// TlsSocket over a real loopback TCP connection, with both ends in one event loop: handshake, bytes both
// ways, records held back while corked, the end of a stream with and without close_notify.
#include "gateway/tls_socket.h"

#include <array>
#include <chrono>
#include <ctime>
#include <memory>
#include <numeric>
#include <optional>
#include <vector>

#include <gtest/gtest.h>
#include <openssl/err.h>

#include "core/x509/issue.h"

namespace certkeep::gateway {
namespace {

namespace asio = net::asio;
using asio::use_awaitable;
using net::tcp;

struct Contexts {
  ossl::UniquePtr<SSL_CTX> server{SSL_CTX_new(TLS_server_method())};
  ossl::UniquePtr<SSL_CTX> client{SSL_CTX_new(TLS_client_method())};
};

Contexts make_contexts() {
  Contexts c;
  auto key = generate_key(KeySpec{"EC", 0, "P-256"});
  auto name = parse_distinguished_name("CN=localhost");
  EXPECT_TRUE(key && name);
  auto cert = self_signed(*key, SelfSignedSpec{name->get(), {}, std::time(nullptr) - 3600, 30});
  EXPECT_TRUE(cert);
  EXPECT_EQ(SSL_CTX_use_certificate(c.server.get(), cert->x509()), 1);
  EXPECT_EQ(SSL_CTX_use_PrivateKey(c.server.get(), key->pkey()), 1);
  SSL_CTX_set_verify(c.client.get(), SSL_VERIFY_NONE, nullptr);
  return c;
}

// Two connected TlsSockets, the handshake done.
class TlsSocketPair : public ::testing::Test {
 protected:
  void SetUp() override {
    tcp::acceptor acceptor(io, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0));
    tcp::socket client_socket(io);
    client_socket.connect(acceptor.local_endpoint());
    tcp::socket server_socket = acceptor.accept();
    server_socket.set_option(tcp::no_delay(true));  // as the gateway sets it: small records go out at once
    client_socket.set_option(tcp::no_delay(true));
    server.emplace(std::move(server_socket), contexts.server.get(), TlsSocket::Side::server);
    client.emplace(std::move(client_socket), contexts.client.get(), TlsSocket::Side::client);
    boost::system::error_code server_ec, client_ec;
    spawn([&]() -> asio::awaitable<void> { co_await server->handshake(server_ec); });
    spawn([&]() -> asio::awaitable<void> { co_await client->handshake(client_ec); });
    run();
    ASSERT_FALSE(server_ec) << server_ec.message();
    ASSERT_FALSE(client_ec) << client_ec.message();
  }

  // Runs the coroutine lambda `f` on the loop. The lambda is kept: its captures live in it, and the
  // coroutine reads them after spawn() returns.
  template <typename F>
  void spawn(F f) {
    auto kept = std::make_shared<F>(std::move(f));
    lambdas.push_back(kept);
    asio::co_spawn(io, (*kept)(), asio::detached);
  }
  void run() {
    io.restart();
    io.run_for(std::chrono::seconds(20));
    ASSERT_TRUE(io.stopped()) << "the exchange did not finish";
  }

  // Reads until the end of the stream; `ec` is what ended it.
  asio::awaitable<std::vector<char>> read_to_end(TlsSocket& s, boost::system::error_code& ec) {
    std::vector<char> got;
    std::vector<char> buffer(7000);  // not a multiple of anything the writer uses
    for (;;) {
      const std::size_t n = co_await s.read_some(asio::buffer(buffer), ec);
      got.insert(got.end(), buffer.begin(), buffer.begin() + static_cast<std::ptrdiff_t>(n));
      if (ec) co_return got;
    }
  }

  std::vector<std::shared_ptr<void>> lambdas;
  asio::io_context io;
  Contexts contexts = make_contexts();
  std::optional<TlsSocket> server, client;
};

std::vector<char> pattern(std::size_t size) {
  std::vector<char> bytes(size);
  std::iota(bytes.begin(), bytes.end(), '\0');
  for (std::size_t i = 0; i < size; i += 251) bytes[i] = static_cast<char>(i / 251);  // no period of 256
  return bytes;
}

TEST_F(TlsSocketPair, BytesGoBothWays) {
  boost::system::error_code ec;
  std::size_t n = 0;
  std::array<char, 64> got{};
  spawn([&]() -> asio::awaitable<void> {
    co_await client->write_all(asio::buffer("GET / HTTP/1.1\r\n\r\n", 18), ec);
    n = co_await server->read_some(asio::buffer(got), ec);
  });
  run();
  ASSERT_FALSE(ec) << ec.message();
  EXPECT_EQ(std::string(got.data(), n), "GET / HTTP/1.1\r\n\r\n");
}

TEST_F(TlsSocketPair, CorkedRecordsWaitForFlushAndArriveInOrder) {
  const auto sent = pattern(3 * 1024 * 1024 + 123);
  boost::system::error_code write_ec, flush_ec, read_ec;
  bool held_back = false;
  std::vector<char> got;
  spawn([&]() -> asio::awaitable<void> {
    for (std::size_t at = 0; at < sent.size() && !write_ec; at += 16384) {
      const std::size_t n = std::min<std::size_t>(16384, sent.size() - at);
      co_await server->write_all(asio::buffer(sent.data() + at, n), write_ec, true);
      if (at == 0) held_back = server->has_pending_output();  // 16 KiB is below the 64 KiB that forces a send
    }
    co_await server->flush(flush_ec);
    EXPECT_FALSE(server->has_pending_output());
    server->shutdown_send();
  });
  spawn([&]() -> asio::awaitable<void> { got = co_await read_to_end(*client, read_ec); });
  run();
  ASSERT_FALSE(write_ec) << write_ec.message();
  ASSERT_FALSE(flush_ec) << flush_ec.message();
  EXPECT_TRUE(held_back);
  EXPECT_EQ(read_ec, asio::error::eof) << "close_notify ends the stream cleanly: " << read_ec.message();
  ASSERT_EQ(got.size(), sent.size());
  EXPECT_TRUE(got == sent);
}

TEST_F(TlsSocketPair, AnUncorkedWriteIsSentAtOnce) {
  boost::system::error_code ec;
  spawn([&]() -> asio::awaitable<void> { co_await server->write_all(asio::buffer("abc", 3), ec); });
  run();
  ASSERT_FALSE(ec);
  EXPECT_FALSE(server->has_pending_output());
  client->read_available();
  char byte = 0;
  const int r = SSL_peek(client->native_handle(), &byte, 1);
  EXPECT_EQ(r, 1) << SSL_get_error(client->native_handle(), r) << " " << ERR_reason_error_string(ERR_peek_error());
  EXPECT_EQ(byte, 'a');
}

TEST_F(TlsSocketPair, AnEndWithoutCloseNotifyIsATruncation) {
  boost::system::error_code ec;
  std::vector<char> got;
  spawn([&]() -> asio::awaitable<void> {
    boost::system::error_code wec;
    co_await server->write_all(asio::buffer("partial", 7), wec);
    server->next_layer().close();  // no close_notify
    got = co_await read_to_end(*client, ec);
  });
  run();
  EXPECT_EQ(std::string(got.begin(), got.end()), "partial");
  EXPECT_EQ(ec, asio::ssl::error::stream_truncated) << ec.message();
}

// What the gateway's check for a client that only handshakes and leaves relies on: SSL_peek sees the
// close_notify once read_available() has read it, and not before (nothing else reads the socket).
TEST_F(TlsSocketPair, ReadAvailableLetsPeekSeeAClientThatLeft) {
  client->close();
  char byte = 0;
  SSL* ssl = server->native_handle();
  EXPECT_EQ(SSL_get_error(ssl, SSL_peek(ssl, &byte, 1)), SSL_ERROR_WANT_READ);
  server->read_available();
  EXPECT_EQ(SSL_get_error(ssl, SSL_peek(ssl, &byte, 1)), SSL_ERROR_ZERO_RETURN);
}

TEST_F(TlsSocketPair, PendingOperationsEndWhenTheSocketCloses) {
  boost::system::error_code ec;
  std::array<char, 16> buffer{};
  spawn([&]() -> asio::awaitable<void> { co_await server->read_some(asio::buffer(buffer), ec); });
  asio::post(io, [&] { server->close(); });
  run();
  EXPECT_EQ(ec, asio::error::operation_aborted) << ec.message();
}

}  // namespace
}  // namespace certkeep::gateway
