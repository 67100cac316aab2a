// certkeep gateway: TLS-terminating (inbound) and TLS-originating (outbound) endpoints whose certificates
// come from keystores and are reloaded in place: on a change of the keystore file, on reload(), on the
// admin endpoint's POST /reload. Each reload judges the candidate first (certificate_loader.h); a valid one
// serves new handshakes at once while established connections continue, an invalid one is refused and
// logged and the old certificate keeps serving.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/util/clock.h"
#include "core/util/result.h"
#include "gateway/config.h"
#include "gateway/endpoints.h"
#include "gateway/log.h"
#include "net/http_server.h"

namespace certkeep::gateway {

class Gateway {
 public:
  // Loads every certificate (the first that cannot be served stops the start, naming its keystore), binds
  // every address (errors name it), starts the event loops, the admin endpoint and the file watcher.
  // `now` is the clock every certificate is judged by. With `check_only`, stops after loading the
  // certificates: nothing is bound or started (certkeep gateway --check).
  static Result<std::unique_ptr<Gateway>> start(Config config, Log& log, std::function<UnixTime()> now, bool check_only = false);
  ~Gateway();  // stops at once (drain() first for a graceful stop)
  Gateway(const Gateway&) = delete;
  Gateway& operator=(const Gateway&) = delete;

  // Judges every keystore again and swaps in what is valid. `trigger` ("file", "signal", "admin") is
  // logged; `force` reloads files whose bytes did not change. Returns the number of refusals.
  std::size_t reload(std::string_view trigger, bool force);

  // Stops accepting, then waits until no connection is open or the drain timeout passes. Returns the
  // number of connections still open when it gave up.
  std::int64_t drain();

  // The admin endpoint: GET /status (status_json), GET /metrics, GET /healthz, POST /reload.
  net::HttpResponse answer(const net::HttpRequest& request);

  // GET /status and GET /metrics of the admin endpoint.
  [[nodiscard]] std::string status_json() const;
  [[nodiscard]] std::string metrics() const;
  [[nodiscard]] std::uint16_t admin_port() const;  // 0 without an admin endpoint
  [[nodiscard]] std::vector<std::uint16_t> listen_ports() const;  // per endpoint, in configuration order

  struct Runtime;  // event loops, acceptors, admin server, watcher (gateway.cpp)

 private:
  Gateway(Config config, Log& log, std::function<UnixTime()> now);
  Result<void> load_endpoints();
  void log_reload(const Endpoint& endpoint, const SlotReload& r, std::string_view trigger);

  Config config_;
  Log& log_;
  std::function<UnixTime()> now_;
  UnixTime started_ = 0;
  std::unique_ptr<TicketKeys> tickets_;
  std::vector<std::unique_ptr<Endpoint>> endpoints_;
  std::atomic<std::int64_t> open_{0};
  std::mutex reload_mutex_;
  std::unique_ptr<Runtime> runtime_;
};

}  // namespace certkeep::gateway
