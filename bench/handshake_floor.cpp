// The handshake floor of the gateway benchmark (bench/gateway.sh): what OpenSSL itself spends on the
// server side of one full TLS handshake, with no network, no kernel and no event loop.
//
//   handshake_floor CERT.pem KEY.pem [--seconds S] [--tls1.2 | --tls1.3]
//
// On one thread, a client SSL and a server SSL handshake with each other over a memory BIO pair, again
// and again with fresh SSLs, until S seconds have passed. The server keeps OpenSSL's defaults (session
// tickets on: two per TLS 1.3 handshake) but for its session cache (off), the client is handshake_load's
// (no session offered, nothing verified). The thread's CPU time spent inside the
// server's SSL_do_handshake calls is summed; the client's is not counted. Prints one line of JSON:
//
//   {"handshakes":N,"server_us":U,"client_us":C,"version":"TLSv1.3","group":"x25519"}
//
// `server_us` is the server's CPU microseconds per handshake, `client_us` the client's. Exit status 0
// on success, 1 when a handshake fails, 2 on bad usage or unreadable files.
//
// Build: g++ -O2 -std=c++20 bench/handshake_floor.cpp -lssl -lcrypto
#include <openssl/err.h>
#include <openssl/ssl.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <memory>
#include <string>
#include <string_view>

namespace {

struct SslCtxFree {
  void operator()(SSL_CTX* p) const noexcept { SSL_CTX_free(p); }
};
struct SslFree {
  void operator()(SSL* p) const noexcept { SSL_free(p); }
};
using SslCtxPtr = std::unique_ptr<SSL_CTX, SslCtxFree>;
using SslPtr = std::unique_ptr<SSL, SslFree>;

std::int64_t thread_cpu_ns() {
  timespec t{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return static_cast<std::int64_t>(t.tv_sec) * 1'000'000'000 + t.tv_nsec;
}

struct Options {
  std::string cert, key;
  double seconds = 5;
  int version = 0;  // 0: the highest both sides have
};

bool parse(int argc, char** argv, Options& o) {
  if (argc < 3) return false;
  o.cert = argv[1];
  o.key = argv[2];
  for (int i = 3; i < argc; ++i) {
    const std::string_view a = argv[i];
    if (a == "--seconds" && i + 1 < argc) o.seconds = std::atof(argv[++i]);
    else if (a == "--tls1.2") o.version = TLS1_2_VERSION;
    else if (a == "--tls1.3") o.version = TLS1_3_VERSION;
    else return false;
  }
  return o.seconds > 0;
}

SslCtxPtr make_server(const Options& o) {
  SslCtxPtr ctx(SSL_CTX_new(TLS_server_method()));
  if (!ctx || SSL_CTX_use_certificate_chain_file(ctx.get(), o.cert.c_str()) != 1 ||
      SSL_CTX_use_PrivateKey_file(ctx.get(), o.key.c_str(), SSL_FILETYPE_PEM) != 1)
    return nullptr;
  SSL_CTX_set_session_cache_mode(ctx.get(), SSL_SESS_CACHE_OFF);
  if (o.version != 0) {
    SSL_CTX_set_min_proto_version(ctx.get(), o.version);
    SSL_CTX_set_max_proto_version(ctx.get(), o.version);
  }
  return ctx;
}

SslCtxPtr make_client() {
  SslCtxPtr ctx(SSL_CTX_new(TLS_client_method()));
  if (!ctx) return nullptr;
  SSL_CTX_set_options(ctx.get(), SSL_OP_NO_TICKET);
  SSL_CTX_set_session_cache_mode(ctx.get(), SSL_SESS_CACHE_OFF);
  SSL_CTX_set_verify(ctx.get(), SSL_VERIFY_NONE, nullptr);
  return ctx;
}

// One handshake; adds each side's CPU time. False on failure.
bool handshake(SSL_CTX* server_ctx, SSL_CTX* client_ctx, std::int64_t& server_ns, std::int64_t& client_ns, std::string* version,
               std::string* group) {
  SslPtr server(SSL_new(server_ctx)), client(SSL_new(client_ctx));
  if (!server || !client) return false;
  BIO* server_side = nullptr;
  BIO* client_side = nullptr;
  if (BIO_new_bio_pair(&server_side, 0, &client_side, 0) != 1) return false;
  SSL_set_bio(server.get(), server_side, server_side);
  SSL_set_bio(client.get(), client_side, client_side);
  SSL_set_accept_state(server.get());
  SSL_set_connect_state(client.get());
  SSL_ctrl(client.get(), SSL_CTRL_SET_TLSEXT_HOSTNAME, TLSEXT_NAMETYPE_host_name, const_cast<char*>("localhost"));
  bool server_done = false, client_done = false;
  for (int round = 0; round < 20 && !(server_done && client_done); ++round) {
    auto t = thread_cpu_ns();
    if (!client_done) {
      const int r = SSL_do_handshake(client.get());
      if (r == 1) client_done = true;
      else if (const int e = SSL_get_error(client.get(), r); e != SSL_ERROR_WANT_READ && e != SSL_ERROR_WANT_WRITE) return false;
    }
    auto u = thread_cpu_ns();
    client_ns += u - t;
    if (!server_done) {
      const int r = SSL_do_handshake(server.get());
      if (r == 1) server_done = true;
      else if (const int e = SSL_get_error(server.get(), r); e != SSL_ERROR_WANT_READ && e != SSL_ERROR_WANT_WRITE) return false;
    }
    server_ns += thread_cpu_ns() - u;
  }
  if (!(server_done && client_done)) return false;
  if (version != nullptr && version->empty()) {
    *version = SSL_get_version(client.get());
    const char* g = SSL_group_to_name(client.get(), static_cast<int>(SSL_get_negotiated_group(client.get())));
    *group = g != nullptr ? g : "";
  }
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  Options o;
  if (!parse(argc, argv, o)) {
    std::fprintf(stderr, "usage: handshake_floor CERT.pem KEY.pem [--seconds S] [--tls1.2 | --tls1.3]\n");
    return 2;
  }
  const auto server = make_server(o);
  const auto client = make_client();
  if (!server || !client) {
    std::fprintf(stderr, "handshake_floor: cannot use %s / %s\n", o.cert.c_str(), o.key.c_str());
    return 2;
  }
  std::int64_t server_ns = 0, client_ns = 0, n = 0;
  std::string version, group;
  const auto until = std::chrono::steady_clock::now() + std::chrono::duration<double>(o.seconds);
  while (std::chrono::steady_clock::now() < until) {
    if (!handshake(server.get(), client.get(), server_ns, client_ns, &version, &group)) {
      std::fprintf(stderr, "handshake_floor: handshake failed\n");
      ERR_print_errors_fp(stderr);
      return 1;
    }
    ++n;
  }
  std::printf("{\"handshakes\":%lld,\"server_us\":%.1f,\"client_us\":%.1f,\"version\":\"%s\",\"group\":\"%s\"}\n", static_cast<long long>(n),
              static_cast<double>(server_ns) / 1000.0 / static_cast<double>(n), static_cast<double>(client_ns) / 1000.0 / static_cast<double>(n),
              version.c_str(), group.c_str());
  return 0;
}
