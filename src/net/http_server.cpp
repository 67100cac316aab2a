#include "net/http_server.h"

#include <thread>

#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include "net/asio.h"

namespace certkeep::net {
namespace http = boost::beast::http;

struct HttpServer::State {
  asio::io_context io{1};
  tcp::acceptor acceptor{io};
  std::thread thread;
  std::uint16_t port = 0;
  Handler handler;
};

namespace {

http::response<http::string_body> respond(HttpServer::State& s, const http::request<http::string_body>& req) {
  const auto target = std::string(req.target().substr(0, req.target().find('?')));
  auto answer = s.handler(HttpRequest{std::string(req.method_string()), target});
  http::response<http::string_body> res;
  res.version(req.version());
  res.keep_alive(req.keep_alive());
  res.result(static_cast<unsigned>(answer.status));
  res.set(http::field::server, "certkeep");
  res.set(http::field::content_type, answer.content_type);
  if (req.method() != http::verb::head) res.body() = std::move(answer.body);
  res.prepare_payload();
  return res;
}

asio::awaitable<void> serve(HttpServer::State& s, tcp::socket socket) {
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

asio::awaitable<void> accept(HttpServer::State& s) {
  for (;;) {
    boost::system::error_code ec;
    auto socket = co_await s.acceptor.async_accept(asio::redirect_error(asio::use_awaitable, ec));
    if (ec == asio::error::operation_aborted) co_return;
    if (!ec) asio::co_spawn(s.io, serve(s, std::move(socket)), asio::detached);
  }
}

}  // namespace

HttpServer::HttpServer(std::unique_ptr<State> state) : state_(std::move(state)) {}

Result<std::unique_ptr<HttpServer>> HttpServer::start(const std::string& address, std::uint16_t port, Handler handler) {
  auto s = std::make_unique<State>();
  s->handler = std::move(handler);
  boost::system::error_code ec;
  const auto ip = asio::ip::make_address(address, ec);
  if (ec) return fail(ErrorCode::invalid, "\"" + address + "\" is not an IP address");
  const tcp::endpoint where(ip, port);
  s->acceptor.open(where.protocol(), ec);
  if (!ec) s->acceptor.set_option(tcp::acceptor::reuse_address(true), ec);
  if (!ec) s->acceptor.bind(where, ec);
  if (!ec) s->acceptor.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) return fail(ErrorCode::io, "cannot listen on " + address + ":" + std::to_string(port) + ": " + ec.message());
  s->port = s->acceptor.local_endpoint().port();
  asio::co_spawn(s->io, accept(*s), asio::detached);
  s->thread = std::thread([state = s.get()] { state->io.run(); });
  return std::unique_ptr<HttpServer>(new HttpServer(std::move(s)));
}

HttpServer::~HttpServer() {
  asio::post(state_->io, [state = state_.get()] {
    boost::system::error_code ignored;
    state->acceptor.close(ignored);
    state->io.stop();
  });
  if (state_->thread.joinable()) state_->thread.join();
}

std::uint16_t HttpServer::port() const { return state_->port; }

}  // namespace certkeep::net
