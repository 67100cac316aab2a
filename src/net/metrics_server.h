// A small HTTP server for Prometheus: GET /metrics serves the latest published text, GET /healthz says
// the process is alive. Runs its own thread; publish() may be called from any thread.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "core/util/result.h"

namespace certkeep::net {

class MetricsServer {
 public:
  // Listens on `address`:`port` (port 0: any free port). `io` errors name the address.
  static Result<std::unique_ptr<MetricsServer>> start(const std::string& address, std::uint16_t port);
  ~MetricsServer();  // stops serving and joins the thread
  MetricsServer(const MetricsServer&) = delete;
  MetricsServer& operator=(const MetricsServer&) = delete;

  // Replaces what /metrics serves. Until the first call it answers 503 "the first scan is running".
  void publish(std::string metrics);
  [[nodiscard]] std::uint16_t port() const;

  struct State;  // the event loop, the listening socket and the published text (metrics_server.cpp)

 private:
  explicit MetricsServer(std::unique_ptr<State> state);
  std::unique_ptr<State> state_;
};

}  // namespace certkeep::net
