// The BIO between OpenSSL and a gateway connection's socket.
//
// Reading: OpenSSL reads from a buffer that the event loop fills with an ordinary Asio read (4 KiB, grown
// to 16 KiB once a read fills it: idle keep-alive connections hold one page). Asio tries
// such a read at once and, when the socket has nothing, waits for it without touching the epoll set.
// Waiting for readiness instead (async_wait) costs an epoll_ctl(2) per wait, one in every seven system
// calls of a proxied keep-alive request.
//
// Writing: OpenSSL's records go straight to the socket, as with OpenSSL's own socket BIO. While the
// connection is corked they are kept in an output buffer instead, and sent with one send(2) when the
// owner flushes: the 4 records of a 64 KiB response then cost one system call and wake the peer once.
//
// One SocketBio belongs to one TlsSocket on one event loop; the BIO made by bio() points to it, so it
// must outlive the SSL that owns that BIO.
#pragma once

#include <cstddef>
#include <memory>
#include <span>
#include <vector>

#include <openssl/bio.h>

#include "net/asio.h"

namespace certkeep::gateway {

class SocketBio {
 public:
  explicit SocketBio(net::tcp::socket& socket);
  SocketBio(const SocketBio&) = delete;
  SocketBio& operator=(const SocketBio&) = delete;

  // A new BIO over this object, for SSL_set_bio (which takes it). Null when OpenSSL cannot make one.
  [[nodiscard]] BIO* bio();

  // Input: where the next read from the socket goes, and what came of it.
  [[nodiscard]] std::span<char> free_input();
  void filled(std::size_t n);
  [[nodiscard]] std::size_t pending_input() const { return in_end_ - in_begin_; }
  void end_of_input() { in_eof_ = true; }
  [[nodiscard]] bool input_ended() const { return in_eof_; }

  // Output: while corked, OpenSSL's records wait in the buffer until flush_now() or send_pending().
  void cork(bool on) { corked_ = on; }
  [[nodiscard]] std::size_t pending_output() const { return out_.size() - out_sent_; }
  // Sends what the socket takes now. Returns no error when nothing is left, would_block when the socket
  // is full, or the socket's error.
  boost::system::error_code flush_now();

 private:
  friend struct SocketBioMethods;
  int read(BIO* bio, char* to, int size);
  int write(BIO* bio, const char* from, int size);
  int flush_for_openssl(BIO* bio);

  net::tcp::socket& socket_;
  std::unique_ptr<char[]> in_;
  std::size_t in_size_ = 0, in_begin_ = 0, in_end_ = 0;
  bool grow_input_ = false;
  bool in_eof_ = false;
  std::vector<char> out_;
  std::size_t out_sent_ = 0;
  bool corked_ = false;
};

}  // namespace certkeep::gateway
