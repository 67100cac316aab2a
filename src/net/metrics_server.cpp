#include "net/metrics_server.h"

#include <mutex>
#include <optional>

#include "net/http_server.h"

namespace certkeep::net {

struct MetricsServer::State {
  std::mutex mutex;
  std::optional<std::string> metrics;  // guarded by mutex
  std::unique_ptr<HttpServer> http;    // last: stops before the rest goes

  HttpResponse respond(const HttpRequest& req) {
    if (req.method != "GET" && req.method != "HEAD") return {405, "text/plain; charset=utf-8", "only GET\n"};
    if (req.path == "/healthz") return {200, "text/plain; charset=utf-8", "ok\n"};
    if (req.path != "/metrics") return {404, "text/plain; charset=utf-8", "certkeep serves /metrics and /healthz\n"};
    const std::lock_guard lock(mutex);
    if (!metrics) return {503, "text/plain; charset=utf-8", "the first scan is running\n"};
    return {200, "text/plain; version=0.0.4; charset=utf-8", *metrics};
  }
};

MetricsServer::MetricsServer(std::unique_ptr<State> state) : state_(std::move(state)) {}

Result<std::unique_ptr<MetricsServer>> MetricsServer::start(const std::string& address, std::uint16_t port) {
  auto s = std::make_unique<State>();
  auto http = HttpServer::start(address, port, [state = s.get()](const HttpRequest& req) { return state->respond(req); });
  if (!http) return Error{http.error().code, "--listen: " + http.error().message};
  s->http = std::move(*http);
  return std::unique_ptr<MetricsServer>(new MetricsServer(std::move(s)));
}

MetricsServer::~MetricsServer() { state_->http.reset(); }

void MetricsServer::publish(std::string metrics) {
  const std::lock_guard lock(state_->mutex);
  state_->metrics = std::move(metrics);
}

std::uint16_t MetricsServer::port() const { return state_->http->port(); }

}  // namespace certkeep::net
