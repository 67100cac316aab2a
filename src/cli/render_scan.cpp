#include "cli/render_scan.h"

#include <algorithm>
#include <array>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "cli/exit_codes.h"
#include "cli/render_json.h"
#include "cli/terminal.h"
#include "net/prometheus.h"

namespace certkeep::cli {
namespace {

enum class Level { ok, warning, critical };

struct Counts {
  std::size_t valid = 0, expiring = 0, critical = 0;
};

Level level_of(const Certificate& c, const ScanThresholds& t) {
  const auto& d = c.details();
  const auto status = judge_expiry(d, t.judgement.at, t.judgement.policy);
  if (status == ExpiryStatus::expired || status == ExpiryStatus::not_yet_valid) return Level::critical;
  if (days_between(t.judgement.at, d.not_after) < t.crit_days) return Level::critical;
  return status == ExpiryStatus::expiring ? Level::warning : Level::ok;
}

Counts count(const ScanResult& r, const ScanThresholds& t) {
  Counts c;
  for (const auto& item : r.index.items()) {
    switch (level_of(item.certificate, t)) {
      case Level::ok: ++c.valid; break;
      case Level::warning: ++c.expiring; break;
      case Level::critical: ++c.critical; break;
    }
  }
  return c;
}

std::string place(const Location& l) {
  std::string s = l.where;
  if (!l.alias.empty()) s += l.kind == Location::Kind::file ? " (" + l.alias + ")" : " (SNI " + l.alias + ")";
  if (l.depth > 0) s += fmt::format(" [chain {}]", l.depth);
  return s;
}

std::string places(const IndexedCertificate& item) {
  std::string s;
  for (const auto& l : item.locations) s += (s.empty() ? "" : ", ") + place(l);
  return s;
}

Color color_of(Level l) {
  switch (l) {
    case Level::ok: return Color::green;
    case Level::warning: return Color::yellow;
    case Level::critical: return Color::red;
  }
  return Color::none;
}

std::string label(std::string_view v) { return net::prometheus_label(v); }

void metric_header(std::ostream& out, std::string_view name, std::string_view help) {
  out << "# HELP " << name << ' ' << help << "\n# TYPE " << name << " gauge\n";
}

std::string certificate_labels(const IndexedCertificate& item, const Location& l) {
  const auto& d = item.certificate.details();
  return fmt::format("source=\"{}\",location=\"{}\",alias=\"{}\",depth=\"{}\",subject=\"{}\",issuer=\"{}\",serial=\"{}\"",
                     to_string(l.kind), label(l.where), label(l.alias), l.depth, label(d.subject), label(d.issuer), label(d.serial));
}

void certificate_metrics(std::ostream& out, const ScanResult& r) {
  const auto items = r.index.by_expiry();
  const auto each = [&](std::string_view name, std::string_view help, const auto& value) {
    metric_header(out, name, help);
    for (const auto* item : items)
      for (const auto& l : item->locations) out << name << '{' << certificate_labels(*item, l) << "} " << value(*item) << '\n';
  };
  each("certkeep_certificate_not_after_timestamp_seconds", "When the certificate expires (notAfter), in Unix time.",
       [](const IndexedCertificate& i) { return i.certificate.details().not_after; });
  each("certkeep_certificate_not_before_timestamp_seconds", "When the certificate becomes valid (notBefore), in Unix time.",
       [](const IndexedCertificate& i) { return i.certificate.details().not_before; });
  each("certkeep_certificate_expired", "1 when the certificate had expired at the time of the scan.",
       [&](const IndexedCertificate& i) { return i.certificate.details().not_after < r.at ? 1 : 0; });
}

}  // namespace

int scan_exit_code(const ScanResult& r, const ScanThresholds& t) {
  int code = kOk;
  const auto c = count(r, t);
  if (c.expiring > 0) code = worst(code, kWarning);
  if (c.critical > 0) code = worst(code, kCritical);
  for (const auto& p : r.problems) code = worst(code, p.unreadable ? kUnknown : kCritical);
  return code;
}

void render_scan_text(std::ostream& out, const ScanResult& r, const ScanThresholds& t, const TextStyle& style) {
  const auto items = r.index.by_expiry();
  if (!items.empty()) out << paint(fmt::format("{:>6}  {:<13}  {:<20}  {:<40}  {}", "DAYS", "STATUS", "NOT AFTER", "SUBJECT", "WHERE"), Color::bold, style.color) << '\n';
  for (const auto* item : items) {
    const auto& d = item->certificate.details();
    const auto status = judge_expiry(d, t.judgement.at, t.judgement.policy);
    const auto row = fmt::format("{:>6}  {:<13}  {:<20}  {:<40}  {}", days_between(t.judgement.at, d.not_after), to_string(status),
                                 format_iso8601(d.not_after), d.subject, places(*item));
    out << paint(row, color_of(level_of(item->certificate, t)), style.color) << '\n';
  }
  if (!r.problems.empty()) out << paint("problems:", Color::bold, style.color) << '\n';
  for (const auto& p : r.problems) out << "  " << paint(p.where + ": " + p.message, p.unreadable ? Color::yellow : Color::red, style.color) << '\n';
  for (const auto& path : r.default_passwords)
    out << "  " << paint("warning: " + path + " opens with a well-known default password; change it", Color::yellow, style.color) << '\n';
  const auto c = count(r, t);
  const auto failed = std::ranges::count_if(r.endpoints, [](const EndpointOutcome& e) { return !e.success; });
  out << paint(fmt::format("{} certificates ({} valid, {} expiring, {} critical) from {} files and {} endpoints ({} failed) in {:.1f} s",
                           r.index.size(), c.valid, c.expiring, c.critical, r.files.size(), r.endpoints.size(), failed, r.seconds),
               Color::bold, style.color)
      << '\n';
}

void render_scan_json(std::ostream& out, const ScanResult& r, const ScanThresholds& t) {
  using json = nlohmann::ordered_json;
  json certs = json::array();
  for (const auto* item : r.index.by_expiry()) {
    auto c = certificate_json(item->certificate, t.judgement);
    json where = json::array();
    for (const auto& l : item->locations)
      where.push_back({{"source", std::string(to_string(l.kind))}, {"location", l.where}, {"alias", l.alias.empty() ? json(nullptr) : json(l.alias)}, {"depth", l.depth}});
    c["locations"] = where;
    certs.push_back(std::move(c));
  }
  json problems = json::array();
  for (const auto& p : r.problems)
    problems.push_back({{"source", std::string(to_string(p.kind))}, {"location", p.where}, {"code", p.code}, {"message", p.message}});
  json endpoints = json::array();
  for (const auto& e : r.endpoints) endpoints.push_back({{"endpoint", e.endpoint}, {"success", e.success}, {"code", e.code}, {"seconds", e.seconds}});
  const auto c = count(r, t);
  json doc = {{"schema_version", kJsonSchemaVersion}, {"command", "scan"}, {"at", format_iso8601(r.at)},
              {"warn_days", t.judgement.policy.warn_days}, {"crit_days", t.crit_days}, {"certificates", certs},
              {"problems", problems}, {"endpoints", endpoints}, {"default_passwords", r.default_passwords},
              {"totals", {{"certificates", r.index.size()}, {"valid", c.valid}, {"expiring", c.expiring}, {"critical", c.critical},
                          {"files", r.files.size()}, {"endpoints", r.endpoints.size()}, {"problems", r.problems.size()}, {"seconds", r.seconds}}},
              {"exit_code", scan_exit_code(r, t)}};
  out << doc.dump(2) << '\n';
}

void render_scan_prometheus(std::ostream& out, const ScanResult& r) {
  certificate_metrics(out, r);
  metric_header(out, "certkeep_probe_success", "1 when the endpoint completed a TLS handshake with a chain that verifies for its name.");
  for (const auto& e : r.endpoints) out << "certkeep_probe_success{endpoint=\"" << label(e.endpoint) << "\",code=\"" << label(e.code) << "\"} " << (e.success ? 1 : 0) << '\n';
  metric_header(out, "certkeep_probe_duration_seconds", "Connect, STARTTLS and TLS handshake time of the endpoint's probe.");
  for (const auto& e : r.endpoints) out << "certkeep_probe_duration_seconds{endpoint=\"" << label(e.endpoint) << "\"} " << fmt::format("{:.6f}", e.seconds) << '\n';
  metric_header(out, "certkeep_file_read_success", "1 when the file could be read (and, for a keystore, opened).");
  for (const auto& [path, ok] : r.files) out << "certkeep_file_read_success{path=\"" << label(path) << "\"} " << (ok ? 1 : 0) << '\n';
  metric_header(out, "certkeep_file_default_password", "1 when the keystore opened with a well-known default password.");
  for (const auto& [path, ok] : r.files) {
    if (!ok) continue;
    const bool weak = std::ranges::find(r.default_passwords, path) != r.default_passwords.end();
    out << "certkeep_file_default_password{path=\"" << label(path) << "\"} " << (weak ? 1 : 0) << '\n';
  }
  metric_header(out, "certkeep_scan_certificates", "Distinct certificates found by the last scan.");
  out << "certkeep_scan_certificates " << r.index.size() << '\n';
  metric_header(out, "certkeep_scan_duration_seconds", "How long the last scan took.");
  out << "certkeep_scan_duration_seconds " << fmt::format("{:.3f}", r.seconds) << '\n';
  metric_header(out, "certkeep_scan_timestamp_seconds", "When the last scan judged validity, in Unix time.");
  out << "certkeep_scan_timestamp_seconds " << r.at << '\n';
}

void render_scan_nagios(std::ostream& out, const ScanResult& r, const ScanThresholds& t) {
  static constexpr std::array<std::string_view, 4> kWords{"OK", "WARNING", "CRITICAL", "UNKNOWN"};
  const int code = scan_exit_code(r, t);
  const auto c = count(r, t);
  const auto items = r.index.by_expiry();
  std::string head = fmt::format("CERTKEEP {} - {} certificates, {} expiring, {} critical, {} problems", kWords.at(static_cast<std::size_t>(code)),
                                 r.index.size(), c.expiring, c.critical, r.problems.size());
  if (!items.empty()) {
    const auto& d = items.front()->certificate.details();
    head += fmt::format("; soonest: {} in {} days", d.subject, days_between(t.judgement.at, d.not_after));
  }
  out << head << fmt::format(" | certificates={} expiring={} critical={} problems={} seconds={:.3f}s\n", r.index.size(), c.expiring,
                             c.critical, r.problems.size(), r.seconds);
  for (const auto& p : r.problems) out << p.where << ": " << p.message << '\n';
  for (const auto* item : items) {
    if (level_of(item->certificate, t) == Level::ok) continue;
    const auto& d = item->certificate.details();
    out << fmt::format("{} ({} days, {}): {}\n", d.subject, days_between(t.judgement.at, d.not_after), format_iso8601(d.not_after), places(*item));
  }
}

}  // namespace certkeep::cli
