// The admin endpoint's answers: /status as JSON (docs/json-schema.md), /metrics in Prometheus text format
// (docs/gateway.md lists the metrics), POST /reload.
#include <sstream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "gateway/gateway.h"
#include "net/prometheus.h"

namespace certkeep::gateway {
namespace {

using nlohmann::ordered_json;
using net::prometheus_label;

ordered_json reload_json(const ReloadResult& r) {
  ordered_json j;
  j["result"] = to_string(r.outcome);
  j["at"] = format_iso8601(r.at);
  if (!r.reason.empty()) j["reason"] = r.reason;
  return j;
}

ordered_json certificate_json(const CertificateSlot& slot, UnixTime now) {
  ordered_json j;
  j["keystore"] = slot.source().keystore;
  j["alias"] = slot.source().alias;
  if (const auto c = slot.current()) {
    const auto& d = c->loaded.identity.chain.front().details();
    j["serving"] = {{"alias", c->loaded.identity.alias},
                    {"subject", d.subject},
                    {"issuer", d.issuer},
                    {"serial", d.serial},
                    {"not_after", format_iso8601(d.not_after)},
                    {"seconds_left", d.not_after - now},
                    {"sha256", d.fingerprints.sha256},
                    {"names", c->names},
                    {"loaded_at", format_iso8601(c->loaded.loaded_at)},
                    {"default_password", c->loaded.default_password}};
  }
  j["last_reload"] = reload_json(slot.last());
  return j;
}

ordered_json counters_json(const EndpointStats& s) {
  ordered_json failures = ordered_json::object();
  for (const auto& [reason, n] : s.handshake_failures()) failures[reason] = n;
  return {{"connections", s.connections.load()},   {"active", s.active.load()},
          {"handshakes", s.handshakes.load()},     {"resumed", s.resumed.load()},
          {"handshake_failures", failures},        {"backend_failures", s.backend_failures.load()},
          {"refused_over_limit", s.refused_over_limit.load()},
          {"bytes_from_client", s.bytes_from_client.load()}, {"bytes_to_client", s.bytes_to_client.load()},
          {"reloads_ok", s.reloads_ok.load()},     {"reloads_refused", s.reloads_refused.load()}};
}

ordered_json endpoint_json(const Endpoint& e, std::uint16_t port, UnixTime now) {
  ordered_json j;
  j["name"] = e.name();
  j["kind"] = e.kind();
  if (const auto* in = dynamic_cast<const InboundEndpoint*>(&e)) {
    j["listen"] = net::Endpoint{in->config().listen.host, port != 0 ? port : in->config().listen.port}.text();
    j["backend"] = in->config().backend.text();
  } else if (const auto* out = dynamic_cast<const OutboundEndpoint*>(&e)) {
    j["listen"] = net::Endpoint{out->config().listen.host, port != 0 ? port : out->config().listen.port}.text();
    j["upstream"] = out->config().upstream.text();
  }
  j["certificates"] = ordered_json::array();
  for (const auto& slot : e.slots()) j["certificates"].push_back(certificate_json(*slot, now));
  j["counters"] = counters_json(e.stats());
  return j;
}

// One metric family: HELP and TYPE lines.
void family(std::ostream& out, std::string_view name, std::string_view type, std::string_view help) {
  out << "# HELP " << name << ' ' << help << "\n# TYPE " << name << ' ' << type << '\n';
}

}  // namespace

std::string Gateway::status_json() const {
  const auto now = now_();
  ordered_json j;
  j["schema"] = "certkeep.gateway.status/1";
  j["started"] = format_iso8601(started_);
  j["now"] = format_iso8601(now);
  j["open_connections"] = open_.load();
  j["endpoints"] = ordered_json::array();
  const auto ports = listen_ports();
  for (std::size_t i = 0; i < endpoints_.size(); ++i) j["endpoints"].push_back(endpoint_json(*endpoints_[i], i < ports.size() ? ports[i] : 0, now));
  return j.dump(2) + "\n";
}

std::string Gateway::metrics() const {
  std::ostringstream out;
  const auto now = now_();
  const auto each = [&](std::string_view name, std::string_view type, std::string_view help, auto value) {
    family(out, name, type, help);
    for (const auto& e : endpoints_) out << name << "{endpoint=\"" << prometheus_label(e->name()) << "\",kind=\"" << e->kind() << "\"} " << value(e->stats()) << '\n';
  };
  each("certkeep_gateway_connections_total", "counter", "Connections accepted.", [](const EndpointStats& s) { return s.connections.load(); });
  each("certkeep_gateway_connections_active", "gauge", "Connections open now.", [](const EndpointStats& s) { return s.active.load(); });
  each("certkeep_gateway_connections_refused_total", "counter", "Connections closed at once because max_connections was reached.",
       [](const EndpointStats& s) { return s.refused_over_limit.load(); });
  each("certkeep_gateway_handshakes_total", "counter", "TLS handshakes completed.", [](const EndpointStats& s) { return s.handshakes.load(); });
  each("certkeep_gateway_handshakes_resumed_total", "counter", "TLS handshakes that resumed a session.", [](const EndpointStats& s) { return s.resumed.load(); });
  each("certkeep_gateway_backend_failures_total", "counter", "Connections whose backend or upstream could not be reached.",
       [](const EndpointStats& s) { return s.backend_failures.load(); });
  each("certkeep_gateway_received_bytes_total", "counter", "Bytes received from clients (after TLS).", [](const EndpointStats& s) { return s.bytes_from_client.load(); });
  each("certkeep_gateway_sent_bytes_total", "counter", "Bytes sent to clients (before TLS).", [](const EndpointStats& s) { return s.bytes_to_client.load(); });

  family(out, "certkeep_gateway_handshake_failures_total", "counter", "TLS handshakes that failed, by reason.");
  for (const auto& e : endpoints_)
    for (const auto& [reason, n] : e->stats().handshake_failures())
      out << "certkeep_gateway_handshake_failures_total{endpoint=\"" << prometheus_label(e->name()) << "\",reason=\"" << prometheus_label(reason) << "\"} " << n << '\n';
  family(out, "certkeep_gateway_reloads_total", "counter", "Certificate reloads, by result (ok: swapped in; refused: the old certificate kept serving).");
  for (const auto& e : endpoints_) {
    const auto name = prometheus_label(e->name());
    out << "certkeep_gateway_reloads_total{endpoint=\"" << name << "\",result=\"ok\"} " << e->stats().reloads_ok.load() << '\n';
    out << "certkeep_gateway_reloads_total{endpoint=\"" << name << "\",result=\"refused\"} " << e->stats().reloads_refused.load() << '\n';
  }
  family(out, "certkeep_gateway_certificate_expiry_seconds", "gauge", "Seconds until the serving certificate expires (negative: expired).");
  for (const auto& e : endpoints_)
    for (const auto& slot : e->slots())
      if (const auto c = slot->current()) {
        const auto& d = c->loaded.identity.chain.front().details();
        out << fmt::format("certkeep_gateway_certificate_expiry_seconds{{endpoint=\"{}\",keystore=\"{}\",serial=\"{}\",subject=\"{}\"}} {}\n",
                           prometheus_label(e->name()), prometheus_label(slot->source().keystore), prometheus_label(d.serial),
                           prometheus_label(d.subject), d.not_after - now);
      }
  family(out, "certkeep_gateway_certificate_loaded_timestamp_seconds", "gauge", "When the serving certificate was loaded (Unix time).");
  for (const auto& e : endpoints_)
    for (const auto& slot : e->slots())
      if (const auto c = slot->current())
        out << "certkeep_gateway_certificate_loaded_timestamp_seconds{endpoint=\"" << prometheus_label(e->name()) << "\",keystore=\""
            << prometheus_label(slot->source().keystore) << "\"} " << c->loaded.loaded_at << '\n';
  return out.str();
}

net::HttpResponse Gateway::answer(const net::HttpRequest& r) {
  constexpr std::string_view kText = "text/plain; charset=utf-8";
  if (r.path == "/reload") {
    if (r.method != "POST") return {405, std::string(kText), "POST /reload reloads every keystore\n"};
    const auto refused = reload("admin", true);
    return {refused == 0 ? 200 : 409, "application/json", status_json()};
  }
  if (r.method != "GET" && r.method != "HEAD") return {405, std::string(kText), "only GET, and POST /reload\n"};
  if (r.path == "/status") return {200, "application/json", status_json()};
  if (r.path == "/metrics") return {200, "text/plain; version=0.0.4; charset=utf-8", metrics()};
  if (r.path == "/healthz") return {200, std::string(kText), "ok\n"};
  return {404, std::string(kText), "certkeep gateway serves /status, /metrics, /healthz and POST /reload\n"};
}

}  // namespace certkeep::gateway
