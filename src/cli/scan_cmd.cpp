// certkeep scan [PATH|HOST:PORT]... [--endpoints F] — one inventory of every certificate in files,
// keystores and live endpoints, sorted by time left; JSON, Prometheus and Nagios output; and, with
// --listen, an exporter that rescans on an interval.
#include <chrono>
#include <csignal>
#include <iostream>

#include <fmt/format.h>
#include <unistd.h>

#include "cli/commands.h"
#include "cli/exit_codes.h"
#include "cli/password_options.h"
#include "cli/render_scan.h"
#include "cli/scan_sources.h"
#include "cli/terminal.h"
#include "cli/time_options.h"
#include "net/metrics_server.h"

namespace certkeep::cli {
namespace {

struct ScanCommand {
  std::vector<std::string> inputs;
  std::string endpoints_file;
  ProbeFlags probe;
  PasswordOptions password;
  TimeOptions time;
  std::int64_t crit_days = 0;
  TrustFlags trust;
  std::size_t concurrency = 64;
  unsigned threads = 0;
  bool json = false;
  std::string format = "text";
  std::string listen;
  std::string interval = "5m";
  bool no_color = false;
};

// "\rscanned 120/1000 (85/s, about 10 s left)" on a terminal, at most five times a second.
class Progress {
 public:
  explicit Progress(bool enabled) : enabled_(enabled) {}
  ~Progress() {
    if (shown_) std::cerr << "\r\033[K" << std::flush;
  }
  Progress(const Progress&) = delete;
  Progress& operator=(const Progress&) = delete;

  void operator()(std::size_t done, std::size_t total) {
    if (!enabled_) return;
    const auto now = Clock::now();
    if (now - last_ < std::chrono::milliseconds(200) && done != total) return;
    last_ = now;
    const double elapsed = std::chrono::duration<double>(now - start_).count();
    const double rate = elapsed > 0 ? static_cast<double>(done) / elapsed : 0;
    const double left = rate > 0 ? static_cast<double>(total - done) / rate : 0;
    std::cerr << fmt::format("\rscanned {}/{} ({:.0f}/s, about {:.0f} s left)\033[K", done, total, rate, left) << std::flush;
    shown_ = true;
  }

 private:
  using Clock = std::chrono::steady_clock;
  bool enabled_;
  bool shown_ = false;
  Clock::time_point start_ = Clock::now();
  Clock::time_point last_{};
};

struct Plan {
  ScanSources sources;
  ScanSettings settings;
  std::int64_t crit_days = 0;
  bool fixed_time = false;  // --at given: every rescan judges at that moment

  [[nodiscard]] ScanThresholds thresholds() const {
    return ScanThresholds{Judgement{settings.verdict.at, settings.verdict.policy}, crit_days};
  }
};

Result<Plan> make_plan(const ScanCommand& c) {
  auto judgement = c.time.judgement();
  if (!judgement) return judgement.error();
  if (c.inputs.empty() && c.endpoints_file.empty()) return fail(ErrorCode::invalid, "nothing to scan: give paths, HOST:PORT endpoints or --endpoints FILE");
  auto supplied = c.password.resolve();
  if (!supplied) return supplied.error();
  auto sources = scan_sources(c.inputs, c.endpoints_file, c.probe);
  if (!sources) return sources.error();
  auto verdict = c.trust.resolve(*judgement);
  if (!verdict) return verdict.error();
  Plan p;
  p.sources = std::move(*sources);
  p.settings.passwords = password_candidates(*supplied);
  p.settings.threads = c.threads;
  p.settings.network = net::ScanOptions{c.concurrency, c.threads};
  p.settings.verdict = std::move(*verdict);
  p.crit_days = c.crit_days;
  p.fixed_time = !c.time.at.empty();
  return p;
}

int scan_once(const ScanCommand& c, const Plan& plan) {
  const auto result = [&] {
    Progress progress(::isatty(2) == 1);  // cleared when the scan is done, before any output
    return run_scan(plan.sources, plan.settings, std::ref(progress));
  }();
  const auto thresholds = plan.thresholds();
  const auto format = c.json ? std::string("json") : c.format;
  if (format == "json") render_scan_json(std::cout, result, thresholds);
  else if (format == "prometheus") render_scan_prometheus(std::cout, result);
  else if (format == "nagios") render_scan_nagios(std::cout, result, thresholds);
  else render_scan_text(std::cout, result, thresholds, TextStyle{!c.no_color && stdout_is_tty(), false});
  return scan_exit_code(result, thresholds);
}

// Waits up to `d` for SIGHUP (rescan now: true), SIGINT or SIGTERM (stop: false); true on timeout.
bool wait_for_next_scan(const sigset_t& signals, std::chrono::milliseconds d) {
  timespec timeout{static_cast<time_t>(d.count() / 1000), static_cast<long>((d.count() % 1000) * 1'000'000)};
  for (;;) {
    const int sig = ::sigtimedwait(&signals, nullptr, &timeout);
    if (sig == -1 && errno == EINTR) continue;
    return sig == -1 || sig == SIGHUP;
  }
}

int serve_metrics(const ScanCommand& c, Plan plan) {
  const auto interval = parse_duration(c.interval);
  if (!interval || interval->count() < 1000) return exit_with(Error{ErrorCode::invalid, "--interval: '" + c.interval + "' is not a duration of a second or more"}, kUsage);
  auto where = net::parse_endpoint(c.listen);
  if (!where) return exit_with(where.error(), kUsage);
  sigset_t signals;
  sigemptyset(&signals);
  for (const int s : {SIGINT, SIGTERM, SIGHUP}) sigaddset(&signals, s);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);  // before any thread starts, so that all inherit it
  auto server = net::MetricsServer::start(where->host, where->port);
  if (!server) return exit_with(server.error(), kUnknown);
  std::cerr << "certkeep: serving /metrics and /healthz on " << where->host << ":" << (*server)->port() << ", rescanning every " << c.interval << '\n';
  do {
    if (!plan.fixed_time) plan.settings.verdict.at = system_now();
    const auto result = run_scan(plan.sources, plan.settings, {});
    std::ostringstream text;
    render_scan_prometheus(text, result);
    (*server)->publish(text.str());
    std::cerr << fmt::format("certkeep: scanned {} certificates, {} problems, in {:.1f} s\n", result.index.size(), result.problems.size(), result.seconds);
  } while (wait_for_next_scan(signals, *interval));
  return kOk;
}

}  // namespace

std::function<int()> setup_scan(CLI::App& cmd) {
  auto c = std::make_shared<ScanCommand>();
  cmd.add_option("inputs", c->inputs, "Files or directories (as inspect), and HOST:PORT endpoints")->type_name("PATH|HOST:PORT");
  cmd.add_option("--endpoints", c->endpoints_file, "Also probe the endpoints in this file: one 'HOST:PORT [probe options]' per line")
      ->type_name("FILE");
  c->password.add_to(cmd);
  c->probe.add_to(cmd, "client-");
  c->time.add_to(cmd);
  cmd.add_option("--crit-days", c->crit_days, "Certificates with fewer days left are CRITICAL (default 0: only expired ones)")
      ->check(CLI::NonNegativeNumber)
      ->type_name("N");
  c->trust.add_to(cmd);
  cmd.add_option("--concurrency", c->concurrency, "Endpoints doing TLS work at once (default 64); eight times as many may connect meanwhile")->check(CLI::PositiveNumber)->type_name("N");
  cmd.add_option("--threads", c->threads, "Threads for probing and reading files (default: one per core)")->type_name("N");
  cmd.add_flag("--json", c->json, "Same as --format json");
  cmd.add_option("--format", c->format, "text (default), json, prometheus or nagios")
      ->check(CLI::IsMember({"text", "json", "prometheus", "nagios"}))
      ->type_name("FORMAT");
  cmd.add_option("--listen", c->listen, "Serve /metrics and /healthz on ADDR:PORT and rescan every --interval, until SIGTERM")
      ->type_name("ADDR:PORT");
  cmd.add_option("--interval", c->interval, "With --listen: time between scans (default 5m); SIGHUP rescans at once")->type_name("DURATION");
  cmd.add_flag("--no-color", c->no_color, "Never color the output");
  cmd.footer(
      "One inventory of every certificate found, each once however many keystores hold it and endpoints\n"
      "serve it, sorted by time left. Endpoints are probed concurrently (--concurrency) with a timeout each\n"
      "(--timeout), so a dead endpoint never delays the others. Progress is shown on a terminal.\n\n"
      "Exit status (Nagios): 0 OK, 1 WARNING (expires within --warn-days), 2 CRITICAL (expired, not yet valid,\n"
      "within --crit-days, or an endpoint failed), 3 UNKNOWN (a file could not be read), 64 bad arguments.\n\n"
      "Examples:\n"
      "  certkeep scan /opt/IBM/WebSphere/AppServer/profiles/ gw.example.test:8443\n"
      "  certkeep scan --endpoints fleet.txt --warn-days 45 --crit-days 14 --format nagios\n"
      "  certkeep scan --endpoints fleet.txt /etc/ssl/private --format prometheus > certkeep.prom\n"
      "  certkeep scan --endpoints fleet.txt --listen 127.0.0.1:9793 --interval 10m");
  return [c] {
    auto plan = make_plan(*c);
    if (!plan) return exit_with(plan.error(), plan.error().code == ErrorCode::invalid ? kUsage : kUnknown);
    if (!c->listen.empty()) return serve_metrics(*c, std::move(*plan));
    return scan_once(*c, *plan);
  };
}

}  // namespace certkeep::cli
