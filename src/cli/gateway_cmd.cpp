// certkeep gateway --config FILE: runs the TLS gateway until SIGTERM/SIGINT (graceful drain); SIGHUP
// reloads every keystore. --check loads the configuration and every certificate, says what would be
// served, and exits.
#include <csignal>
#include <iostream>

#include "cli/commands.h"
#include "cli/exit_codes.h"
#include "cli/terminal.h"
#include "gateway/gateway.h"

namespace certkeep::cli {
namespace {

struct GatewayCommand {
  std::string config;
  bool check = false;
  std::string log_format;
};

sigset_t blocked_signals() {
  sigset_t signals;
  sigemptyset(&signals);
  for (const int s : {SIGINT, SIGTERM, SIGHUP}) sigaddset(&signals, s);
  return signals;
}

// Serves until SIGINT or SIGTERM; SIGHUP reloads.
int serve(gateway::Gateway& g, gateway::Log& log, const sigset_t& signals) {
  for (;;) {
    int sig = 0;
    if (sigwait(&signals, &sig) != 0) continue;
    if (sig == SIGHUP) {
      g.reload("signal", true);
      continue;
    }
    const auto left = g.drain();
    log.event(left == 0 ? gateway::Level::info : gateway::Level::warning, "stopped",
              {{"signal", sig == SIGTERM ? "SIGTERM" : "SIGINT"}, {"connections_cut", std::to_string(left)}});
    return kOk;
  }
}

int run_gateway(const GatewayCommand& c) {
  auto config = gateway::load_config(c.config);
  if (!config) return exit_with(config.error(), kUnknown);
  if (c.log_format == "json") config->log_format = gateway::LogFormat::json;
  if (c.log_format == "text") config->log_format = gateway::LogFormat::text;
  const auto signals = blocked_signals();
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);  // before any thread starts, so that all inherit it
  gateway::Log log(config->log_format, stderr, system_now);
  auto g = gateway::Gateway::start(std::move(*config), log, system_now, c.check);
  if (!g) return exit_with(g.error(), kUnknown);
  if (c.check) {
    std::cout << (*g)->status_json();
    return kOk;
  }
  const auto ports = (*g)->listen_ports();
  gateway::Fields fields{{"config", c.config}};
  if ((*g)->admin_port() != 0) fields.emplace_back("admin_port", std::to_string((*g)->admin_port()));
  for (std::size_t i = 0; i < ports.size(); ++i) fields.emplace_back("port_" + std::to_string(i + 1), std::to_string(ports[i]));
  log.event(gateway::Level::info, "started", fields);
  return serve(**g, log, signals);
}

}  // namespace

std::function<int()> setup_gateway(CLI::App& cmd) {
  auto c = std::make_shared<GatewayCommand>();
  cmd.add_option("--config", c->config, "The gateway's configuration (TOML; see examples/gateway.toml)")->required()->type_name("FILE");
  cmd.add_flag("--check", c->check, "Load the configuration and judge every certificate, print what would be served (JSON), exit; binds nothing");
  cmd.add_option("--log-format", c->log_format, "Log lines as text or json (overrides log_format in the configuration)")
      ->check(CLI::IsMember({"text", "json"}));
  cmd.footer(
      "A TLS gateway that serves certificates from keystores (PKCS#12, JKS, JCEKS, PEM) and loads a renewed\n"
      "one the moment it is valid on disk: no restart, no dropped connection. Inbound endpoints terminate TLS\n"
      "(SNI, client certificates) and forward plain TCP to a backend; outbound endpoints accept plain TCP on\n"
      "loopback and connect to an upstream over TLS presenting a client certificate.\n\n"
      "Reloads: when a keystore file changes (written, renamed over, symlink swapped), on SIGHUP, and on\n"
      "POST /reload of the admin endpoint. A candidate must open with the configured password, hold a key\n"
      "that matches its certificate, verify to a configured CA, be within its validity period and cover the\n"
      "configured names; otherwise it is refused, logged, counted, and the old certificate keeps serving.\n\n"
      "Admin endpoint ([admin] listen): GET /status (JSON), GET /metrics (Prometheus), POST /reload.\n"
      "SIGTERM or SIGINT: stop accepting, let open connections finish (limits.drain_timeout), exit 0.\n"
      "Exit status: 0 after a graceful stop or a passing --check, 3 when the configuration or a certificate\n"
      "cannot be used at start (the message names it), 64 bad arguments.\n\n"
      "Examples:\n"
      "  certkeep gateway --config /etc/certkeep/gateway.toml\n"
      "  certkeep gateway --config gateway.toml --check\n"
      "  curl -s http://127.0.0.1:9900/status | jq '.endpoints[].certificates[].serving.serial'\n"
      "  curl -s -X POST http://127.0.0.1:9900/reload");
  return [c] { return run_gateway(*c); };
}

}  // namespace certkeep::cli
