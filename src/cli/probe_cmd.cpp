// certkeep probe HOST:PORT... — the cert tool's "test connection", done properly: what was negotiated,
// what was served, whether it can be trusted, and in one line why not.
#include <iostream>

#include "cli/commands.h"
#include "cli/exit_codes.h"
#include "cli/probe_flags.h"
#include "cli/render_json.h"
#include "cli/render_probe.h"
#include "cli/terminal.h"
#include "cli/time_options.h"

namespace certkeep::cli {
namespace {

struct ProbeCommand {
  std::vector<std::string> endpoints;
  ProbeFlags flags;
  TimeOptions time;
  TrustFlags trust;
  bool json = false;
  bool brief = false;
  bool verbose = false;
  bool no_color = false;
};

Result<std::vector<net::Endpoint>> parse_endpoints(const std::vector<std::string>& texts, net::Starttls starttls) {
  std::vector<net::Endpoint> out;
  for (const auto& t : texts) {
    auto e = net::parse_endpoint(t, net::default_port(starttls));
    if (!e) return e.error();
    out.push_back(std::move(*e));
  }
  return out;
}

int run_probe(const ProbeCommand& c) {
  auto judgement = c.time.judgement();
  if (!judgement) return exit_with(judgement.error(), kUsage);
  auto options = c.flags.resolve();
  if (!options) return exit_with(options.error(), kUsage);
  auto endpoints = parse_endpoints(c.endpoints, options->starttls);
  if (!endpoints) return exit_with(endpoints.error(), kUsage);
  auto client = c.flags.client_identity();
  if (!client) return exit_with(client.error(), kUnknown);
  options->client = std::move(*client);
  auto verdict = c.trust.resolve(*judgement);
  if (!verdict) return exit_with(verdict.error(), kUnknown);

  const auto reports = net::probe_all(*endpoints, *options);
  TextStyle style{!c.no_color && !c.json && stdout_is_tty(), c.verbose};
  ProbeTotals totals;
  auto list = nlohmann::ordered_json::array();
  for (const auto& r : reports) {
    const auto v = net::judge_probe(r, *options, *verdict);
    totals.add(v);
    if (c.json) list.push_back(probe_json(r, *options, v, *judgement));
    else render_probe_text(std::cout, r, *options, v, *judgement, style, c.brief);
  }
  if (c.json) {
    nlohmann::ordered_json out = {{"schema_version", kJsonSchemaVersion}, {"command", "probe"}, {"at", format_iso8601(judgement->at)},
                                  {"warn_days", judgement->policy.warn_days}, {"endpoints", list},
                                  {"totals", probe_totals_json(totals)}, {"exit_code", totals.exit_code()}};
    std::cout << out.dump(2) << '\n';
  }
  return totals.exit_code();
}

}  // namespace

std::function<int()> setup_probe(CLI::App& cmd) {
  auto c = std::make_shared<ProbeCommand>();
  cmd.add_option("endpoints", c->endpoints, "HOST:PORT (or [IPv6]:PORT) to test; several are probed at once")
      ->required()
      ->type_name("HOST:PORT");
  c->flags.add_to(cmd);
  c->time.add_to(cmd);
  c->trust.add_to(cmd);
  cmd.add_flag("--json", c->json, "Machine-readable output (schema: docs/json-schema.md)");
  cmd.add_flag("--brief", c->brief, "Only the one-line result per endpoint");
  cmd.add_flag("-v,--verbose", c->verbose, "Every certificate field of the served chain");
  cmd.add_flag("--no-color", c->no_color, "Never color the output");
  cmd.footer(
      "Connects, performs a full TLS handshake and reports what was negotiated and served: protocol,\n"
      "cipher, group, ALPN, OCSP staple, the chain with its validity, and whether it verifies for the name.\n"
      "A failure is named in one line: DNS, refused, timed out (connecting or in the handshake), the alert\n"
      "the server sent, a protocol version mismatch, an expired / untrusted / wrong-name certificate.\n\n"
      "Trust: --ca-file, else the system's CAs. Client certificates: --client-keystore takes any keystore\n"
      "certkeep reads (PKCS#12, JKS, JCEKS, PEM key + certificate), opened with the password options.\n\n"
      "Exit status: 0 passed, 1 passed but a certificate expires within --warn-days, 2 failed,\n"
      "3 a local input (client keystore, CA file) could not be read, 64 bad arguments.\n\n"
      "Examples:\n"
      "  certkeep probe gateway.push.apple.com:2195 --client-keystore key.p12 --password-file pw.txt\n"
      "  certkeep probe mail.example.com:25 --starttls smtp\n"
      "  certkeep probe xmpp.example.com:5269 --starttls xmpp-server --starttls-domain example.com\n"
      "  certkeep probe db.internal:5432 --starttls postgres --ca-file corp-root.pem --json");
  return [c] { return run_probe(*c); };
}

}  // namespace certkeep::cli
