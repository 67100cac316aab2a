// TLS over a non-blocking TCP socket. OpenSSL writes the socket itself (gateway/socket_bio.h) and reads
// what the event loop read for it. asio::ssl::stream puts a BIO pair between OpenSSL and the socket
// instead: every byte is then copied twice more, which cost the gateway a sixth of its CPU when proxying
// large responses.
//
// One TlsSocket belongs to one event loop (one thread). A read and a write may be pending at the same
// time (the two directions of a relay); nothing else may overlap. After close() no OpenSSL call touches
// the descriptor again: its number may already belong to another connection.
#pragma once

#include <cstddef>

#include <openssl/ssl.h>

#include "core/ossl/ptr.h"
#include "gateway/socket_bio.h"
#include "net/asio.h"

namespace certkeep::gateway {

class TlsSocket {
 public:
  enum class Side { client, server };

  // Takes the connected socket; the SSL is made from `context` (which the SSL keeps a reference to).
  TlsSocket(net::tcp::socket socket, SSL_CTX* context, Side side);
  TlsSocket(const TlsSocket&) = delete;  // OpenSSL's BIO points into it
  TlsSocket& operator=(const TlsSocket&) = delete;

  [[nodiscard]] SSL* native_handle() const { return ssl_.get(); }
  [[nodiscard]] net::tcp::socket& next_layer() { return socket_; }

  // Each sets `ec` the way asio::ssl::stream does: OpenSSL's error in the SSL category; the peer's end of
  // stream as asio::error::eof during the handshake and asio::ssl::error::stream_truncated after it
  // when no close_notify came first; asio::error::eof after a close_notify.
  net::asio::awaitable<void> handshake(boost::system::error_code& ec);
  net::asio::awaitable<std::size_t> read_some(net::asio::mutable_buffer buffer, boost::system::error_code& ec);
  // With `more`, the records may wait in the output buffer (up to 64 KiB) for the next write to join
  // them: the caller knows more is coming at once, and calls flush() before it waits for anything.
  net::asio::awaitable<void> write_all(net::asio::const_buffer buffer, boost::system::error_code& ec, bool more = false);
  // Sends the records still in the output buffer, waiting for the socket as needed.
  net::asio::awaitable<void> flush(boost::system::error_code& ec);
  [[nodiscard]] bool has_pending_output() const { return bio_.pending_output() > 0; }

  // Reads whatever the socket holds now, without waiting, so that SSL_peek sees it.
  void read_available();

  // Sends a close_notify if the handshake is done and the socket takes it now, then ends the TCP
  // connection's sending side; reading goes on until the peer ends its side.
  void shutdown_send();
  // Sends a close_notify if possible (as above) and closes the socket; pending operations end with
  // asio::error::operation_aborted.
  void close();

 private:
  // Runs `step` (an OpenSSL call returning > 0 on success) until it succeeds or fails, waiting for the
  // socket between tries as OpenSSL asks. Returns the successful result, or 0 with `ec` set.
  template <typename Step>
  net::asio::awaitable<int> drive(Step step, bool in_handshake, boost::system::error_code& ec);
  // Reads the socket into the BIO's input once (OpenSSL asked for more), waiting as needed.
  net::asio::awaitable<void> fill(boost::system::error_code& ec);
  void send_close_notify();

  net::tcp::socket socket_;
  SocketBio bio_;
  bool filling_ = false;
  ossl::UniquePtr<SSL> ssl_;  // last: freed first, with the BIO that points to bio_
};

}  // namespace certkeep::gateway
