// Full TLS handshakes per second against one server: the handshake half of the gateway benchmark
// (bench/gateway.sh), the same load for every contender.
//
//   handshake_load HOST:PORT [--threads N] [--seconds S] [--tls1.2 | --tls1.3] [--sni NAME]
//
// Each of N threads loops until S seconds have passed: a blocking TCP connect, SSL_connect with a fresh
// SSL and no session (the client never offers one, and refuses TLS 1.2 tickets with SSL_OP_NO_TICKET),
// then one close_notify and close. Nothing is verified: this measures the server, not the client. A
// handshake counts once SSL_connect returns, that is once the client has the server's Finished, so the
// server's signature and key exchange are done. Prints one line of JSON on stdout:
//
//   {"handshakes":N,"seconds":S,"rate":R,"failures":F,"first_error":"...","version":"TLSv1.3","group":"x25519"}
//
// `seconds` is the measured wall time, `rate` handshakes / seconds; `version` and `group` are those of the
// first successful handshake, to confirm what was measured. Exit status 0 if at least one handshake
// completed, 1 otherwise, 2 when it cannot start (bad usage, unknown host).
//
// Build: g++ -O2 -std=c++20 bench/handshake_load.cpp -lssl -lcrypto -pthread
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;

// --- RAII over the few OpenSSL and POSIX objects this program owns -------------------------------------

struct SslCtxFree {
  void operator()(SSL_CTX* p) const noexcept { SSL_CTX_free(p); }
};
struct SslFree {
  void operator()(SSL* p) const noexcept { SSL_free(p); }
};
struct AddrinfoFree {
  void operator()(addrinfo* p) const noexcept { freeaddrinfo(p); }
};
using SslCtxPtr = std::unique_ptr<SSL_CTX, SslCtxFree>;
using SslPtr = std::unique_ptr<SSL, SslFree>;
using AddrinfoPtr = std::unique_ptr<addrinfo, AddrinfoFree>;

// A socket descriptor, closed on destruction.
class Socket {
 public:
  explicit Socket(int fd) : fd_(fd) {}
  Socket(const Socket&) = delete;
  Socket& operator=(const Socket&) = delete;
  ~Socket() {
    if (fd_ >= 0) ::close(fd_);
  }
  int fd() const { return fd_; }

 private:
  int fd_;
};

// --- options ----------------------------------------------------------------------------------------

struct Options {
  std::string host;
  std::string port;
  int threads = 2;
  double seconds = 10;
  int version = 0;  // 0: negotiate; else TLS1_2_VERSION or TLS1_3_VERSION
  std::string sni;
};

[[noreturn]] void usage(const std::string& why) {
  (void)std::fprintf(stderr,
                     "handshake_load: %s\nusage: handshake_load HOST:PORT [--threads N] [--seconds S] [--tls1.2|--tls1.3] [--sni NAME]\n",
                     why.c_str());
  std::exit(2);
}

double number(const std::string& text) {
  char* end = nullptr;
  const double v = std::strtod(text.c_str(), &end);
  if (text.empty() || *end != '\0') usage("not a number: " + text);
  return v;
}

std::optional<Options> parse_options(int argc, char** argv) {
  Options o;
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    auto value = [&]() -> std::string {
      if (i + 1 >= argc) usage(std::string(arg) + " needs a value");
      return argv[++i];
    };
    if (arg == "--threads") {
      o.threads = static_cast<int>(number(value()));
    } else if (arg == "--seconds") {
      o.seconds = number(value());
    } else if (arg == "--tls1.2") {
      o.version = TLS1_2_VERSION;
    } else if (arg == "--tls1.3") {
      o.version = TLS1_3_VERSION;
    } else if (arg == "--sni") {
      o.sni = value();
    } else if (!arg.starts_with("-") && o.host.empty()) {
      const auto colon = arg.rfind(':');
      if (colon == std::string_view::npos) usage("expected HOST:PORT, got " + std::string(arg));
      o.host = std::string(arg.substr(0, colon));
      o.port = std::string(arg.substr(colon + 1));
    } else {
      usage("unknown argument " + std::string(arg));
    }
  }
  if (o.host.empty()) return std::nullopt;
  if (o.threads < 1 || o.seconds <= 0) usage("--threads and --seconds must be positive");
  return o;
}

// --- one handshake ----------------------------------------------------------------------------------

// The oldest queued OpenSSL error as text, the queue emptied; `fallback` when the queue is empty.
std::string openssl_error(const std::string& fallback) {
  const unsigned long code = ERR_get_error();
  ERR_clear_error();
  if (code == 0) return fallback;
  char buf[256];
  ERR_error_string_n(code, buf, sizeof buf);
  return buf;
}

// A client context shared by every thread: no verification, no resumption, the version pinned if asked.
SslCtxPtr make_context(const Options& o) {
  SslCtxPtr ctx(SSL_CTX_new(TLS_client_method()));
  if (!ctx) return nullptr;
  SSL_CTX_set_verify(ctx.get(), SSL_VERIFY_NONE, nullptr);
  SSL_CTX_set_options(ctx.get(), SSL_OP_NO_TICKET);
  SSL_CTX_set_session_cache_mode(ctx.get(), SSL_SESS_CACHE_OFF);
  if (o.version != 0 &&
      (SSL_CTX_set_min_proto_version(ctx.get(), o.version) != 1 || SSL_CTX_set_max_proto_version(ctx.get(), o.version) != 1))
    return nullptr;
  return ctx;
}

// A connected TCP socket, or an error message. Timeouts keep a stalled server from hanging a thread.
std::optional<std::string> connect_tcp(const addrinfo& addr, std::unique_ptr<Socket>& out) {
  auto sock = std::make_unique<Socket>(::socket(addr.ai_family, addr.ai_socktype, addr.ai_protocol));
  if (sock->fd() < 0) return std::string("socket: ") + std::strerror(errno);
  const timeval timeout{5, 0};
  const int one = 1;
  setsockopt(sock->fd(), SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
  setsockopt(sock->fd(), SOL_SOCKET, SO_SNDTIMEO, &timeout, sizeof timeout);
  setsockopt(sock->fd(), IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  if (::connect(sock->fd(), addr.ai_addr, addr.ai_addrlen) != 0) return std::string("connect: ") + std::strerror(errno);
  out = std::move(sock);
  return std::nullopt;
}

struct Negotiated {
  std::string version;
  std::string group;
};

// The protocol version and key exchange group of a finished handshake.
Negotiated negotiated(SSL* ssl) {
  Negotiated n{SSL_get_version(ssl), {}};
  const int nid = static_cast<int>(SSL_get_negotiated_group(ssl));
  if (const char* name = nid != NID_undef ? SSL_group_to_name(ssl, nid) : nullptr) n.group = name;
  return n;
}

// One full handshake, then close. Returns an error message on failure; fills `seen` on success if asked.
std::optional<std::string> one_handshake(SSL_CTX* ctx, const addrinfo& addr, const Options& o, Negotiated* seen) {
  std::unique_ptr<Socket> sock;
  if (auto error = connect_tcp(addr, sock)) return error;
  SslPtr ssl(SSL_new(ctx));
  if (!ssl || SSL_set_fd(ssl.get(), sock->fd()) != 1) return openssl_error("SSL_new failed");
  // SSL_set_tlsext_host_name, without the macro's C cast
  if (!o.sni.empty() && SSL_ctrl(ssl.get(), SSL_CTRL_SET_TLSEXT_HOSTNAME, TLSEXT_NAMETYPE_host_name, const_cast<char*>(o.sni.c_str())) != 1)
    return openssl_error("cannot set SNI");
  errno = 0;  // SSL_ERROR_SYSCALL with errno 0 means the peer closed the connection
  const int rc = SSL_connect(ssl.get());
  if (rc != 1) {
    const int why = SSL_get_error(ssl.get(), rc);
    if (why == SSL_ERROR_SYSCALL) return std::string("handshake: ") + (errno != 0 ? std::strerror(errno) : "connection closed by peer");
    return "handshake: " + openssl_error("SSL_connect failed (" + std::to_string(why) + ")");
  }
  if (seen != nullptr) *seen = negotiated(ssl.get());
  SSL_shutdown(ssl.get());  // send close_notify; not waiting for the server's
  return std::nullopt;
}

// --- the load ---------------------------------------------------------------------------------------

struct Tally {
  std::atomic<long> handshakes{0};
  std::atomic<long> failures{0};
  std::mutex mutex;  // guards the two strings below
  std::string first_error;
  std::optional<Negotiated> first_success;

  void record_failure(const std::string& error) {
    failures.fetch_add(1, std::memory_order_relaxed);
    const std::lock_guard lock(mutex);
    if (first_error.empty()) first_error = error;
  }
  bool wants_negotiated() {
    const std::lock_guard lock(mutex);
    return !first_success;
  }
  void record_negotiated(Negotiated n) {
    const std::lock_guard lock(mutex);
    if (!first_success) first_success = std::move(n);
  }
};

void worker(SSL_CTX* ctx, const addrinfo& addr, const Options& o, Clock::time_point deadline, Tally& tally) {
  bool want = tally.wants_negotiated();
  while (Clock::now() < deadline) {
    Negotiated seen;
    if (auto error = one_handshake(ctx, addr, o, want ? &seen : nullptr)) {
      tally.record_failure(*error);
      continue;
    }
    tally.handshakes.fetch_add(1, std::memory_order_relaxed);
    if (want) {
      tally.record_negotiated(std::move(seen));
      want = false;
    }
  }
}

AddrinfoPtr resolve(const Options& o) {
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* found = nullptr;
  const int rc = getaddrinfo(o.host.c_str(), o.port.c_str(), &hints, &found);
  if (rc != 0) usage(o.host + ":" + o.port + ": " + gai_strerror(rc));
  return AddrinfoPtr(found);
}

std::string json_escape(const std::string& s) {
  std::string out;
  for (const char c : s) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (static_cast<unsigned char>(c) < 0x20) {
      out += ' ';
    } else {
      out += c;
    }
  }
  return out;
}

void print_report(const Tally& tally, double elapsed) {
  const long n = tally.handshakes.load();
  const Negotiated seen = tally.first_success.value_or(Negotiated{});
  std::printf(
      "{\"handshakes\":%ld,\"seconds\":%.3f,\"rate\":%.1f,\"failures\":%ld,\"first_error\":\"%s\",\"version\":\"%s\",\"group\":\"%s\"}\n",
      n, elapsed, static_cast<double>(n) / elapsed, tally.failures.load(), json_escape(tally.first_error).c_str(),
      json_escape(seen.version).c_str(), json_escape(seen.group).c_str());
}

}  // namespace

int main(int argc, char** argv) {
  const auto options = parse_options(argc, argv);
  if (!options) usage("missing HOST:PORT");
  (void)std::signal(SIGPIPE, SIG_IGN);  // a server that resets the connection must not kill the load
  const AddrinfoPtr addr = resolve(*options);
  const SslCtxPtr ctx = make_context(*options);
  if (!ctx) usage("cannot make the TLS client context: " + openssl_error("unknown error"));

  Tally tally;
  const auto start = Clock::now();
  const auto deadline = start + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(options->seconds));
  std::vector<std::jthread> threads;
  threads.reserve(static_cast<std::size_t>(options->threads));
  for (int i = 0; i < options->threads; ++i)
    threads.emplace_back(worker, ctx.get(), std::cref(*addr), std::cref(*options), deadline, std::ref(tally));
  threads.clear();  // joins
  const double elapsed = std::chrono::duration<double>(Clock::now() - start).count();

  print_report(tally, elapsed);
  return tally.handshakes.load() > 0 ? 0 : 1;
}
