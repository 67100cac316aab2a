// A small HTTP/1.1 server for operational endpoints (Prometheus /metrics, the gateway's /status and
// /reload): one thread, keep-alive, requests answered by a handler. Not for untrusted traffic at volume:
// it listens where the caller says, normally on loopback.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "core/util/result.h"

namespace certkeep::net {

struct HttpRequest {
  std::string method;  // "GET", "POST", ...
  std::string path;    // the target without its query
};

struct HttpResponse {
  int status = 200;
  std::string content_type = "text/plain; charset=utf-8";
  std::string body;
};

class HttpServer {
 public:
  // Called on the server's thread, one request at a time.
  using Handler = std::function<HttpResponse(const HttpRequest&)>;

  // Listens on `address`:`port` (port 0: any free port). `invalid` for an address that is not an IP,
  // `io` when the port cannot be bound (naming address and port).
  static Result<std::unique_ptr<HttpServer>> start(const std::string& address, std::uint16_t port, Handler handler);
  ~HttpServer();  // stops serving and joins the thread
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  [[nodiscard]] std::uint16_t port() const;

  struct State;  // the event loop, the listening socket, the handler (http_server.cpp)

 private:
  explicit HttpServer(std::unique_ptr<State> state);
  std::unique_ptr<State> state_;
};

}  // namespace certkeep::net
