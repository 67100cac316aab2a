#include "net/metrics_server.h"

#include <mutex>
#include <optional>
#include <thread>

#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include "net/asio.h"

namespace certkeep::net {
namespace http = boost::beast::http;

struct MetricsServer::State {
  asio::io_context io{1};
  tcp::acceptor acceptor{io};
  std::thread thread;
  std::uint16_t port = 0;
  std::mutex mutex;
  std::optional<std::string> metrics;  // guarded by mutex

  std::optional<std::string> current() {
    const std::lock_guard lock(mutex);
    return metrics;
  }
};

namespace {

using Response = http::response<http::string_body>;

Response respond(MetricsServer::State& s, const http::request<http::string_body>& req) {
  Response res;
  res.version(req.version());
  res.keep_alive(req.keep_alive());
  res.set(http::field::server, "certkeep");
  const auto target = std::string(req.target().substr(0, req.target().find('?')));
  if (req.method() != http::verb::get && req.method() != http::verb::head) {
    res.result(http::status::method_not_allowed);
    res.body() = "only GET\n";
  } else if (target == "/metrics") {
    if (auto m = s.current()) {
      res.result(http::status::ok);
      res.set(http::field::content_type, "text/plain; version=0.0.4; charset=utf-8");
      res.body() = std::move(*m);
    } else {
      res.result(http::status::service_unavailable);
      res.body() = "the first scan is running\n";
    }
  } else if (target == "/healthz") {
    res.result(http::status::ok);
    res.body() = "ok\n";
  } else {
    res.result(http::status::not_found);
    res.body() = "certkeep serves /metrics and /healthz\n";
  }
  if (res.find(http::field::content_type) == res.end()) res.set(http::field::content_type, "text/plain; charset=utf-8");
  res.prepare_payload();
  return res;
}

asio::awaitable<void> serve(MetricsServer::State& s, tcp::socket socket) {
  boost::beast::flat_buffer buffer;
  boost::system::error_code ec;
  for (;;) {
    http::request<http::string_body> req;
    co_await http::async_read(socket, buffer, req, asio::redirect_error(asio::use_awaitable, ec));
    if (ec) co_return;
    auto res = respond(s, req);
    co_await http::async_write(socket, res, asio::redirect_error(asio::use_awaitable, ec));
    if (ec || !res.keep_alive()) co_return;
  }
}

asio::awaitable<void> accept(MetricsServer::State& s) {
  for (;;) {
    boost::system::error_code ec;
    auto socket = co_await s.acceptor.async_accept(asio::redirect_error(asio::use_awaitable, ec));
    if (ec == asio::error::operation_aborted) co_return;
    if (!ec) asio::co_spawn(s.io, serve(s, std::move(socket)), asio::detached);
  }
}

}  // namespace

MetricsServer::MetricsServer(std::unique_ptr<State> state) : state_(std::move(state)) {}

Result<std::unique_ptr<MetricsServer>> MetricsServer::start(const std::string& address, std::uint16_t port) {
  auto s = std::make_unique<State>();
  boost::system::error_code ec;
  const auto ip = asio::ip::make_address(address, ec);
  if (ec) return fail(ErrorCode::invalid, "--listen: \"" + address + "\" is not an IP address");
  const tcp::endpoint where(ip, port);
  s->acceptor.open(where.protocol(), ec);
  if (!ec) s->acceptor.set_option(tcp::acceptor::reuse_address(true), ec);
  if (!ec) s->acceptor.bind(where, ec);
  if (!ec) s->acceptor.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) return fail(ErrorCode::io, "cannot listen on " + where.address().to_string() + ":" + std::to_string(port) + ": " + ec.message());
  s->port = s->acceptor.local_endpoint().port();
  asio::co_spawn(s->io, accept(*s), asio::detached);
  s->thread = std::thread([state = s.get()] { state->io.run(); });
  return std::unique_ptr<MetricsServer>(new MetricsServer(std::move(s)));
}

MetricsServer::~MetricsServer() {
  asio::post(state_->io, [state = state_.get()] {
    boost::system::error_code ignored;
    state->acceptor.close(ignored);
    state->io.stop();
  });
  if (state_->thread.joinable()) state_->thread.join();
}

void MetricsServer::publish(std::string metrics) {
  const std::lock_guard lock(state_->mutex);
  state_->metrics = std::move(metrics);
}

std::uint16_t MetricsServer::port() const { return state_->port; }

}  // namespace certkeep::net
