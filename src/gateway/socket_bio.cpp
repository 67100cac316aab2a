#include "gateway/socket_bio.h"

#include <sys/socket.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace certkeep::gateway {
namespace {

// The input buffer starts at one page, which holds a handshake flight or a request, and grows to a full
// record's worth once a read fills it: an idle connection then holds 4 KiB, a busy upload 16 KiB.
constexpr std::size_t kInputSmall = 4096;
constexpr std::size_t kInputLarge = std::size_t{16} * 1024;
constexpr std::size_t kOutputLimit = std::size_t{256} * 1024;  // a corked write beyond this waits for the socket
constexpr std::size_t kOutputKept = std::size_t{32} * 1024;    // a larger output buffer is given back once sent

bool retryable(int error) { return error == EAGAIN || error == EWOULDBLOCK || error == EINTR; }

}  // namespace

// OpenSSL's side of the BIO: C callbacks that find their SocketBio in the BIO's data.
struct SocketBioMethods {
  static SocketBio& of(BIO* bio) { return *static_cast<SocketBio*>(BIO_get_data(bio)); }

  static int read(BIO* bio, char* to, int size) { return of(bio).read(bio, to, size); }
  static int write(BIO* bio, const char* from, int size) { return of(bio).write(bio, from, size); }
  static long ctrl(BIO* bio, int command, long /*number*/, void* /*pointer*/) {
    SocketBio& self = of(bio);
    switch (command) {
      case BIO_CTRL_FLUSH:
        return self.flush_for_openssl(bio);
      case BIO_CTRL_PENDING:
        return static_cast<long>(self.pending_input());
      case BIO_CTRL_WPENDING:
        return static_cast<long>(self.pending_output());
      case BIO_CTRL_EOF:
        return self.input_ended() && self.pending_input() == 0 ? 1 : 0;
      default:
        return 0;  // no kTLS, no descriptor to hand out, nothing else to set
    }
  }
  static int create(BIO* bio) {
    BIO_set_init(bio, 1);
    return 1;
  }

  // Made once, kept for the life of the process.
  static const BIO_METHOD* method() {
    static BIO_METHOD* const methods = [] {
      BIO_METHOD* m = BIO_meth_new(BIO_get_new_index() | BIO_TYPE_SOURCE_SINK, "certkeep gateway socket");
      if (m != nullptr && (BIO_meth_set_read(m, read) != 1 || BIO_meth_set_write(m, write) != 1 || BIO_meth_set_ctrl(m, ctrl) != 1 ||
                           BIO_meth_set_create(m, create) != 1))
        return static_cast<BIO_METHOD*>(nullptr);
      return m;
    }();
    return methods;
  }
};

SocketBio::SocketBio(net::tcp::socket& socket) : socket_(socket) {}

BIO* SocketBio::bio() {
  const BIO_METHOD* methods = SocketBioMethods::method();
  BIO* made = methods != nullptr ? BIO_new(methods) : nullptr;
  if (made != nullptr) BIO_set_data(made, this);
  return made;
}

std::span<char> SocketBio::free_input() {
  if (!in_ || grow_input_) {
    const std::size_t size = in_ ? kInputLarge : kInputSmall;
    grow_input_ = false;
    auto grown = std::make_unique_for_overwrite<char[]>(size);
    if (in_) std::memcpy(grown.get(), in_.get() + in_begin_, in_end_ - in_begin_);
    in_end_ -= in_begin_;
    in_begin_ = 0;
    in_ = std::move(grown);
    in_size_ = size;
  }
  if (in_begin_ > 0) {
    std::memmove(in_.get(), in_.get() + in_begin_, in_end_ - in_begin_);
    in_end_ -= in_begin_;
    in_begin_ = 0;
  }
  return {in_.get() + in_end_, in_size_ - in_end_};
}

void SocketBio::filled(std::size_t n) {
  in_end_ += n;
  if (in_end_ == in_size_ && in_size_ < kInputLarge) grow_input_ = true;  // a read filled it: more comes in bulk
}

int SocketBio::read(BIO* bio, char* to, int size) {
  BIO_clear_retry_flags(bio);
  const std::size_t have = pending_input();
  if (have == 0) {
    if (in_eof_) return 0;
    BIO_set_retry_read(bio);
    return -1;
  }
  const std::size_t n = std::min(have, static_cast<std::size_t>(std::max(size, 0)));
  std::memcpy(to, in_.get() + in_begin_, n);
  in_begin_ += n;
  if (in_begin_ == in_end_) in_begin_ = in_end_ = 0;
  return static_cast<int>(n);
}

int SocketBio::write(BIO* bio, const char* from, int size) {
  BIO_clear_retry_flags(bio);
  const auto length = static_cast<std::size_t>(std::max(size, 0));
  if (!corked_ && pending_output() == 0) {  // what OpenSSL's socket BIO does
    const ssize_t n = ::send(socket_.native_handle(), from, length, MSG_NOSIGNAL);
    if (n >= 0) return static_cast<int>(n);
    if (retryable(errno)) BIO_set_retry_write(bio);
    return -1;
  }
  if (pending_output() + length > kOutputLimit) {
    if (const auto e = flush_now(); e && e != net::asio::error::would_block) {
      errno = e.value();
      return -1;
    }
    if (pending_output() + length > kOutputLimit) {
      BIO_set_retry_write(bio);
      return -1;
    }
  }
  out_.insert(out_.end(), from, from + length);
  return size;
}

int SocketBio::flush_for_openssl(BIO* bio) {
  BIO_clear_retry_flags(bio);
  const auto e = flush_now();
  if (!e) return 1;
  if (e == net::asio::error::would_block)
    BIO_set_retry_write(bio);
  else
    errno = e.value();
  return -1;
}

boost::system::error_code SocketBio::flush_now() {
  while (pending_output() > 0) {
    const ssize_t n = ::send(socket_.native_handle(), out_.data() + out_sent_, pending_output(), MSG_NOSIGNAL);
    if (n < 0) {
      if (errno == EINTR) continue;
      return {errno == EWOULDBLOCK ? EAGAIN : errno, boost::system::system_category()};
    }
    out_sent_ += static_cast<std::size_t>(n);
  }
  out_sent_ = 0;
  out_.clear();
  if (out_.capacity() > kOutputKept) std::vector<char>().swap(out_);
  return {};
}

}  // namespace certkeep::gateway
