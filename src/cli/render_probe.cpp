#include "cli/render_probe.h"

#include <fmt/format.h>

#include "cli/exit_codes.h"
#include "cli/render_json.h"
#include "cli/terminal.h"

namespace certkeep::cli {
namespace {

using json = nlohmann::ordered_json;

void line(std::ostream& out, std::string_view name, std::string_view value) { out << fmt::format("  {:<13} {}\n", name, value); }

std::string ms(const std::optional<double>& v) { return v ? fmt::format("{:.1f} ms", *v) : std::string("-"); }

Color health_color(net::Health h) {
  switch (h) {
    case net::Health::ok: return Color::green;
    case net::Health::warning: return Color::yellow;
    case net::Health::critical: return Color::red;
  }
  return Color::none;
}

std::string_view result_word(net::Health h) {
  switch (h) {
    case net::Health::ok: return "passed";
    case net::Health::warning: return "warning";
    case net::Health::critical: return "failed";
  }
  return "failed";
}

std::optional<bool> name_matches(const net::ProbeVerdict& v) {
  if (!v.verification || v.name.empty()) return std::nullopt;
  for (const auto& p : v.verification->problems)
    if (p.code == "name_mismatch") return false;
  return true;
}

std::string ocsp_text(const std::optional<OcspStaple>& s) {
  if (!s) return "none";
  std::string t(to_string(s->status));
  if (s->this_update) t += ", produced " + format_iso8601(*s->this_update);
  if (s->next_update) t += ", next update " + format_iso8601(*s->next_update);
  if (s->revoked_at) t += ", revoked " + format_iso8601(*s->revoked_at);
  if (!s->problem.empty()) t += " (" + s->problem + ")";
  return t;
}

std::string client_text(const net::ProbeReport& r, const net::ProbeOptions& o) {
  if (!r.client.requested) return o.client ? "not requested by the server (ours was not sent)" : "not requested";
  if (!r.client.sent) return "requested, none sent";
  std::string t = "requested, sent " + o.client->chain.front().details().subject;
  if (r.client.accepted == true) t += ", accepted (" + r.client.evidence + ")";
  if (r.client.accepted == false) t += ", REJECTED" + (r.client.alert.empty() ? std::string() : " with alert " + r.client.alert);
  return t;
}

json optional_time(const std::optional<UnixTime>& t) { return t ? json(format_iso8601(*t)) : json(nullptr); }

json ocsp_json(const std::optional<OcspStaple>& s) {
  if (!s) return nullptr;
  return {{"status", std::string(to_string(s->status))},
          {"this_update", optional_time(s->this_update)},
          {"next_update", optional_time(s->next_update)},
          {"revoked_at", optional_time(s->revoked_at)},
          {"revocation_reason", s->revocation_reason.empty() ? json(nullptr) : json(s->revocation_reason)},
          {"signature_verified", s->signature_verified},
          {"problem", s->problem.empty() ? json(nullptr) : json(s->problem)}};
}

json client_json(const net::ProbeReport& r, const net::ProbeOptions& o, const net::ProbeVerdict& v) {
  if (!o.client && !r.client.requested) return nullptr;
  return {{"requested", r.client.requested},
          {"sent", r.client.sent},
          {"subject", o.client ? json(o.client->chain.front().details().subject) : json(nullptr)},
          {"status", v.client_status ? json(std::string(to_string(*v.client_status))) : json(nullptr)},
          {"accepted", r.client.accepted ? json(*r.client.accepted) : json(nullptr)},
          {"alert", r.client.alert.empty() ? json(nullptr) : json(r.client.alert)},
          {"evidence", r.client.evidence.empty() ? json(nullptr) : json(r.client.evidence)}};
}

json tls_json(const net::ProbeReport& r) {
  if (r.protocol.empty()) return nullptr;
  return {{"protocol", r.protocol}, {"cipher", r.cipher}, {"group", r.group.empty() ? json(nullptr) : json(r.group)},
          {"alpn", r.alpn.empty() ? json(nullptr) : json(r.alpn)}};
}

json optional_ms(const std::optional<double>& v) { return v ? json(*v) : json(nullptr); }

}  // namespace

void ProbeTotals::add(const net::ProbeVerdict& v) {
  ++endpoints;
  switch (v.health) {
    case net::Health::ok: ++passed; break;
    case net::Health::warning: ++warnings; break;
    case net::Health::critical: ++failed; break;
  }
}

int ProbeTotals::exit_code() const { return failed > 0 ? kCritical : warnings > 0 ? kWarning : kOk; }

void render_probe_text(std::ostream& out, const net::ProbeReport& r, const net::ProbeOptions& o, const net::ProbeVerdict& v,
                       const Judgement& j, const TextStyle& style, bool summary_only) {
  out << "testing connection to " << r.endpoint.text() << " ... " << paint(v.summary(), health_color(v.health), style.color) << '\n';
  if (summary_only || !r.connected()) return;
  line(out, "connected", fmt::format("{} in {}{}", r.address, ms(r.connect_ms), r.starttls_ms ? ", STARTTLS " + ms(r.starttls_ms) : ""));
  if (!r.protocol.empty()) {
    line(out, "TLS", fmt::format("{}, {}, handshake {}", r.protocol, r.cipher, ms(r.handshake_ms)));
    line(out, "negotiated", fmt::format("group {}, ALPN {}", r.group.empty() ? "-" : r.group, r.alpn.empty() ? "none" : r.alpn));
  }
  const auto matches = name_matches(v);
  line(out, "server name", fmt::format("SNI {}{}", r.sni.empty() ? "not sent" : r.sni,
                                       !matches ? "" : *matches ? "; certificate valid for " + v.name : "; certificate NOT valid for " + v.name));
  if (!r.protocol.empty()) line(out, "OCSP staple", ocsp_text(v.ocsp));
  if (o.client || r.client.requested) line(out, "client cert", client_text(r, o));
  for (const auto& w : v.warnings) out << "  " << paint("warning: " + w, Color::yellow, style.color) << '\n';
  if (r.chain.empty()) return;
  line(out, "served chain", fmt::format("{} certificate{}", r.chain.size(), r.chain.size() == 1 ? "" : "s"));
  for (std::size_t i = 0; i < r.chain.size(); ++i) render_certificate(out, i, r.chain[i], j, style);
  if (v.verification) render_chain_check(out, *v.verification, style);
}

json probe_json(const net::ProbeReport& r, const net::ProbeOptions& o, const net::ProbeVerdict& v, const Judgement& j) {
  json chain = json::array();
  for (const auto& c : r.chain) chain.push_back(certificate_json(c, j));
  const auto matches = name_matches(v);
  return {{"endpoint", r.endpoint.text()},
          {"host", r.endpoint.host},
          {"port", r.endpoint.port},
          {"sni", r.sni.empty() ? json(nullptr) : json(r.sni)},
          {"starttls", o.starttls == net::Starttls::none ? json(nullptr) : json(std::string(to_string(o.starttls)))},
          {"address", r.address.empty() ? json(nullptr) : json(r.address)},
          {"result", std::string(result_word(v.health))},
          {"code", v.code},
          {"summary", v.summary()},
          {"failure", r.failure ? json{{"code", r.failure->code}, {"stage", std::string(to_string(r.failure->stage))}, {"message", r.failure->message}}
                                : json(nullptr)},
          {"timing_ms", {{"connect", optional_ms(r.connect_ms)}, {"starttls", optional_ms(r.starttls_ms)}, {"handshake", optional_ms(r.handshake_ms)}}},
          {"tls", tls_json(r)},
          {"name", v.name.empty() ? json(nullptr) : json(v.name)},
          {"name_matches", matches ? json(*matches) : json(nullptr)},
          {"ocsp", ocsp_json(v.ocsp)},
          {"chain", chain},
          {"verification", chain_check_json(v.verification)},
          {"client_certificate", client_json(r, o, v)},
          {"warnings", v.warnings}};
}

json probe_totals_json(const ProbeTotals& t) {
  return {{"endpoints", t.endpoints}, {"passed", t.passed}, {"warnings", t.warnings}, {"failed", t.failed}};
}

}  // namespace certkeep::cli
