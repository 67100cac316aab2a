#include "gateway/gateway.h"

#include <cerrno>
#include <csignal>
#include <cstring>
#include <thread>

#include <fcntl.h>
#include <sys/resource.h>
#include <unistd.h>

#include "gateway/certificate_loader.h"
#include "gateway/connections.h"
#include "gateway/file_watcher.h"
#include "net/asio.h"
#include "net/http_server.h"

namespace certkeep::gateway {
namespace {

namespace asio = net::asio;
using net::tcp;

Result<tcp::endpoint> bind_address(const net::Endpoint& e) {
  boost::system::error_code ec;
  const auto ip = asio::ip::make_address(e.host, ec);
  if (ec) return fail(ErrorCode::invalid, "listen address " + e.text() + ": the host must be an IP address (127.0.0.1, 0.0.0.0, ::)");
  return tcp::endpoint(ip, e.port);
}

// The watcher's thread judges candidates (PKCS#12 decryption, chain verification: a few ms of CPU each)
// on the cores the event loops serve traffic on. It yields to them (nice +5 for this thread alone), so a
// reload shows less in the traffic's latency. Called from the thread itself; only the first call acts.
void yield_to_event_loops() {
  thread_local bool lowered = false;
  if (lowered) return;
  lowered = true;
  (void)setpriority(PRIO_PROCESS, static_cast<id_t>(::gettid()), 5);  // refused: the reload runs all the same
}

}  // namespace

struct Gateway::Runtime {
  std::vector<std::unique_ptr<asio::io_context>> loops;
  std::vector<asio::executor_work_guard<asio::io_context::executor_type>> work;
  std::vector<std::thread> threads;
  std::vector<std::unique_ptr<tcp::acceptor>> acceptors;  // endpoint-major: endpoint i on loop j at i * loops + j
  std::vector<std::uint16_t> ports;
  std::unique_ptr<net::HttpServer> admin;
  std::unique_ptr<FileWatcher> watcher;

  // Listens on endpoint `e` with one socket that every loop accepts from (each through its own
  // descriptor, a dup). A new connection goes to whichever loop is free to accept it first; with one
  // socket per loop (SO_REUSEPORT) the kernel would pick the loop by a hash of the addresses, and
  // connections would queue behind a loop busy with an RSA signature while the other idles.
  Result<void> bind(const net::Endpoint& e) {
    auto where = bind_address(e);
    if (!where) return where.error();
    auto first = std::make_unique<tcp::acceptor>(*loops.front());
    boost::system::error_code ec;
    first->open(where->protocol(), ec);
    if (!ec) first->set_option(tcp::acceptor::reuse_address(true), ec);
    if (!ec) first->bind(*where, ec);
    if (!ec) first->listen(asio::socket_base::max_listen_connections, ec);
    if (ec) return fail(ErrorCode::io, "cannot listen on " + e.text() + ": " + ec.message());
    ports.push_back(first->local_endpoint().port());
    const int fd = first->native_handle();
    acceptors.push_back(std::move(first));
    for (std::size_t i = 1; i < loops.size(); ++i) {
      const int copy = ::fcntl(fd, F_DUPFD_CLOEXEC, 0);
      if (copy < 0) return fail(ErrorCode::io, "cannot listen on " + e.text() + ": " + std::strerror(errno));
      auto a = std::make_unique<tcp::acceptor>(*loops[i]);
      a->assign(where->protocol(), copy, ec);
      if (ec) {
        ::close(copy);
        return fail(ErrorCode::io, "cannot listen on " + e.text() + ": " + ec.message());
      }
      acceptors.push_back(std::move(a));
    }
    return {};
  }

  void stop_accepting() {
    for (std::size_t i = 0; i < acceptors.size(); ++i) {
      auto& loop = *loops[i % loops.size()];
      asio::post(loop, [a = acceptors[i].get()] {
        boost::system::error_code ignored;
        a->close(ignored);
      });
    }
  }

  ~Runtime() {
    watcher.reset();
    admin.reset();
    for (auto& l : loops) l->stop();
    for (auto& t : threads)
      if (t.joinable()) t.join();
  }
};

namespace {

template <typename EndpointType, typename Serve>
asio::awaitable<void> accept_loop(tcp::acceptor& acceptor, EndpointType& endpoint, ConnectionLimits shared, Serve serve) {
  for (;;) {
    boost::system::error_code ec;
    auto socket = co_await acceptor.async_accept(asio::redirect_error(asio::use_awaitable, ec));
    if (ec == asio::error::operation_aborted || !acceptor.is_open()) co_return;
    if (ec) continue;  // EMFILE and friends: the next accept may succeed
    asio::co_spawn(acceptor.get_executor(), serve(endpoint, shared, std::move(socket)), asio::detached);
  }
}

}  // namespace

Gateway::Gateway(Config config, Log& log, std::function<UnixTime()> now) : config_(std::move(config)), log_(log), now_(std::move(now)) {}

Gateway::~Gateway() {
  if (runtime_) {  // first the threads that read the gateway (admin, watcher), then the rest
    runtime_->watcher.reset();
    runtime_->admin.reset();
  }
  runtime_.reset();
}

Result<void> Gateway::load_endpoints() {
  tickets_ = std::make_unique<TicketKeys>(config_.ticket_rotation, now_);
  for (const auto& in : config_.inbound) {
    auto anchors = load_anchors(in.client_ca_files, false);
    if (!anchors) return Error{anchors.error().code, "inbound " + in.name + ": " + anchors.error().message};
    endpoints_.push_back(std::make_unique<InboundEndpoint>(in, *tickets_, *anchors));
  }
  for (const auto& out : config_.outbound) {
    auto anchors = load_anchors(out.ca_files, out.ca_files.empty());
    if (!anchors) return Error{anchors.error().code, "outbound " + out.name + ": " + anchors.error().message};
    endpoints_.push_back(std::make_unique<OutboundEndpoint>(out, std::move(*anchors)));
  }
  for (auto& e : endpoints_) {
    if (auto ok = e->start(now_()); !ok) return Error{ok.error().code, std::string(e->kind()) + " " + e->name() + ": " + ok.error().message};
    for (const auto& slot : e->slots()) log_reload(*e, {slot.get(), slot->last()}, "start");
  }
  return {};
}

Result<std::unique_ptr<Gateway>> Gateway::start(Config config, Log& log, std::function<UnixTime()> now, bool check_only) {
  std::unique_ptr<Gateway> g(new Gateway(std::move(config), log, std::move(now)));
  g->started_ = g->now_();
  if (auto ok = g->load_endpoints(); !ok) return ok.error();
  if (check_only) return g;
  // OpenSSL writes TLS records to the sockets itself (tls_socket.h), with write(2): a peer that has gone
  // must give EPIPE, not a signal that ends the process.
  std::signal(SIGPIPE, SIG_IGN);
  auto rt = std::make_unique<Runtime>();
  const unsigned n = g->config_.threads != 0 ? g->config_.threads : std::max(1U, std::thread::hardware_concurrency());
  for (unsigned i = 0; i < n; ++i) {
    rt->loops.push_back(std::make_unique<asio::io_context>(1));
    rt->work.push_back(asio::make_work_guard(*rt->loops.back()));
  }
  for (const auto& in : g->config_.inbound)
    if (auto ok = rt->bind(in.listen); !ok) return Error{ok.error().code, "inbound " + in.name + ": " + ok.error().message};
  for (const auto& out : g->config_.outbound)
    if (auto ok = rt->bind(out.listen); !ok) return Error{ok.error().code, "outbound " + out.name + ": " + ok.error().message};
  const ConnectionLimits shared{g->config_.limits, g->open_, g->log_};
  for (std::size_t e = 0; e < g->endpoints_.size(); ++e) {
    for (std::size_t l = 0; l < n; ++l) {
      auto& acceptor = *rt->acceptors[e * n + l];
      if (auto* in = dynamic_cast<InboundEndpoint*>(g->endpoints_[e].get()))
        asio::co_spawn(*rt->loops[l], accept_loop(acceptor, *in, shared, serve_inbound), asio::detached);
      else if (auto* out = dynamic_cast<OutboundEndpoint*>(g->endpoints_[e].get()))
        asio::co_spawn(*rt->loops[l], accept_loop(acceptor, *out, shared, serve_outbound), asio::detached);
    }
  }
  // From here on threads run and may read runtime_ (listen_ports): it is complete before any starts.
  g->runtime_ = std::move(rt);
  if (g->config_.admin) {
    auto* raw = g.get();
    auto admin = net::HttpServer::start(g->config_.admin->host, g->config_.admin->port, [raw](const net::HttpRequest& r) { return raw->answer(r); });
    if (!admin) return Error{admin.error().code, "admin endpoint: " + admin.error().message};
    g->runtime_->admin = std::move(*admin);
  }
  std::vector<std::string> files;
  for (const auto& e : g->endpoints_)
    for (const auto& slot : e->slots()) files.push_back(slot->source().keystore);
  if (!files.empty()) {
    auto watcher = FileWatcher::start(files, g->config_.reload_delay, [raw = g.get()] {
      yield_to_event_loops();
      raw->reload("file", false);
    });
    if (!watcher) return watcher.error();
    g->runtime_->watcher = std::move(*watcher);
  }
  for (auto& loop : g->runtime_->loops) g->runtime_->threads.emplace_back([l = loop.get()] { l->run(); });
  return g;
}

std::size_t Gateway::reload(std::string_view trigger, bool force) {
  const std::lock_guard lock(reload_mutex_);
  std::size_t refused = 0;
  for (auto& e : endpoints_) {
    for (const auto& r : e->reload(now_(), force)) {
      refused += r.result.outcome == ReloadOutcome::refused ? 1 : 0;
      if (!r.result.repeated || force) log_reload(*e, r, trigger);
    }
  }
  return refused;
}

std::int64_t Gateway::drain() {
  runtime_->stop_accepting();
  log_.event(Level::info, "draining", {{"open_connections", std::to_string(open_.load())}});
  const auto until = std::chrono::steady_clock::now() + config_.limits.drain_timeout;
  while (open_.load() > 0 && std::chrono::steady_clock::now() < until) std::this_thread::sleep_for(std::chrono::milliseconds(20));
  return open_.load();
}

std::uint16_t Gateway::admin_port() const { return runtime_ && runtime_->admin ? runtime_->admin->port() : 0; }

std::vector<std::uint16_t> Gateway::listen_ports() const { return runtime_ ? runtime_->ports : std::vector<std::uint16_t>{}; }

}  // namespace certkeep::gateway

namespace certkeep::gateway {

void Gateway::log_reload(const Endpoint& endpoint, const SlotReload& r, std::string_view trigger) {
  const auto& result = r.result;
  if (result.outcome == ReloadOutcome::unchanged) return;
  Fields fields{{"endpoint", endpoint.name()}, {"trigger", std::string(trigger)}, {"keystore", r.slot->source().keystore}};
  if (result.outcome == ReloadOutcome::refused) {
    fields.emplace_back("reason", result.reason);
    fields.emplace_back("serving", "previous certificate");
    log_.event(Level::error, "reload_refused", fields);
    return;
  }
  const auto c = r.slot->current();
  const auto& d = c->loaded.identity.chain.front().details();
  fields.emplace_back("alias", c->loaded.identity.alias);
  fields.emplace_back("serial", d.serial);
  fields.emplace_back("subject", d.subject);
  fields.emplace_back("not_after", format_iso8601(d.not_after));
  log_.event(Level::info, "certificate_loaded", fields);
  if (c->loaded.default_password)
    log_.event(Level::warning, "default_password", {{"endpoint", endpoint.name()}, {"keystore", r.slot->source().keystore},
                                                     {"advice", "the keystore opens with a well-known default password; change it"}});
}

}  // namespace certkeep::gateway
