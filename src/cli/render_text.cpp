#include "cli/render_text.h"

#include <fmt/format.h>

#include "cli/terminal.h"

namespace certkeep::cli {

void render_field(std::ostream& out, std::string_view name, std::string_view value) {
  out << fmt::format("        {:<11} {}\n", std::string(name) + ":", value);
}

namespace {

Color status_color(ExpiryStatus s) {
  switch (s) {
    case ExpiryStatus::valid: return Color::green;
    case ExpiryStatus::expiring: return Color::yellow;
    case ExpiryStatus::expired:
    case ExpiryStatus::not_yet_valid: return Color::red;
  }
  return Color::none;
}

std::string days_text(const CertificateDetails& d, UnixTime at) {
  if (at < d.not_before) return fmt::format("valid in {} days", days_between(at, d.not_before) + 1);
  const auto left = days_between(at, d.not_after);
  if (left < 0) return fmt::format("expired {} days ago", -left);
  return fmt::format("{} days left", left);
}

std::string join_names(const std::vector<GeneralName>& names) {
  std::string out;
  for (const auto& n : names) out += (out.empty() ? "" : ", ") + n.type + ":" + n.value;
  return out;
}

std::string join(const std::vector<std::string>& v) {
  std::string out;
  for (const auto& s : v) out += (out.empty() ? "" : ", ") + s;
  return out;
}

std::string key_text(const PublicKeyInfo& k) {
  std::string s = fmt::format("{} {}", k.algorithm, k.bits);
  if (k.curve && !k.curve->empty()) s += " (" + *k.curve + ")";
  return s;
}


void render_verbose(std::ostream& out, const CertificateDetails& d) {
  render_field(out, "Subject 1L", d.subject_oneline);
  render_field(out, "Issuer 1L", d.issuer_oneline);
  render_field(out, "Version", std::to_string(d.version));
  if (d.key_usage) render_field(out, "Key usage", join(*d.key_usage));
  if (d.extended_key_usage) render_field(out, "Ext. usage", join(*d.extended_key_usage));
  if (d.basic_constraints)
    render_field(out, "Basic c.", d.basic_constraints->ca
                               ? "CA" + (d.basic_constraints->path_len ? ", path length " + std::to_string(*d.basic_constraints->path_len) : std::string())
                               : "not a CA");
  if (d.subject_key_id) render_field(out, "SKI", *d.subject_key_id);
  if (d.authority_key_id) render_field(out, "AKI", *d.authority_key_id);
  render_field(out, "MD5", d.fingerprints.md5);
  render_field(out, "SHA-1", d.fingerprints.sha1);
}

std::string entry_title(const Entry& e) {
  std::string t(to_string(e.kind));
  if (!e.alias.empty()) t += " \"" + e.alias + "\"";
  if (e.key) t += ", private key " + key_text(e.key->info());
  if (e.key_matches) t += *e.key_matches ? ", matches its certificate" : ", DOES NOT match its certificate";
  if (e.created) t += ", created " + format_iso8601(*e.created);
  if (e.secret_algorithm) t += ", " + *e.secret_algorithm;
  return t;
}

void render_csr(std::ostream& out, const CsrDetails& d) {
  out << fmt::format("    {}\n", d.subject);
  if (!d.subject_alt_names.empty()) render_field(out, "SANs", join_names(d.subject_alt_names));
  render_field(out, "Key", key_text(d.public_key) + ", " + d.signature_algorithm);
  render_field(out, "Signature", d.signature_valid ? "valid" : "INVALID");
  render_field(out, "SHA-256", d.sha256);
}

}  // namespace

void render_certificate(std::ostream& out, std::size_t index, const Certificate& c, const Judgement& j,
                        const TextStyle& style) {
  const auto& d = c.details();
  const auto status = judge_expiry(d, j.at, j.policy);
  out << fmt::format("    [{}] {}\n", index, paint(d.subject.empty() ? "(empty subject)" : d.subject, Color::bold, style.color));
  render_field(out, "Issuer", d.issuer + (d.self_signed ? "  (self-signed)" : ""));
  render_field(out, "Valid", fmt::format("{} .. {}", format_iso8601(d.not_before), format_iso8601(d.not_after)));
  render_field(out, "Status", paint(fmt::format("{} ({})", to_string(status), days_text(d, j.at)), status_color(status), style.color));
  render_field(out, "Serial", d.serial);
  if (!d.subject_alt_names.empty()) render_field(out, "SANs", join_names(d.subject_alt_names));
  render_field(out, "Key", key_text(d.public_key) + ", " + d.signature_algorithm);
  render_field(out, "SHA-256", d.fingerprints.sha256);
  if (style.verbose) render_verbose(out, d);
}

void render_chain_check(std::ostream& out, const VerifyResult& v, const TextStyle& style) {
  if (v.problems.empty()) {
    const std::string anchor = v.chain.empty() ? std::string() : v.chain.back().details().subject;
    render_field(out, "Chain", paint("OK, " + std::to_string(v.chain.size()) + " certificates to " + anchor, Color::green, style.color));
    return;
  }
  for (const auto& p : v.problems) {
    const auto color = p.severity == Severity::error ? Color::red : Color::yellow;
    render_field(out, "Chain", paint(fmt::format("{} [{}] {}: {}", to_string(p.severity), p.depth, p.code, p.message), color, style.color));
  }
}


void render_file_text(std::ostream& out, const FileReport& r, const Judgement& j, const TextStyle& style) {
  if (!r.result) return;  // errors go to stderr, one line, from the command
  const auto& ks = r.result->keystore;
  std::string head = fmt::format("{}: {}, {} {}", r.path, to_string(ks.format), ks.entries.size(),
                                 ks.entries.size() == 1 ? "entry" : "entries");
  if (!ks.protection.empty()) head += ", " + ks.protection;
  if (ks.integrity_verified) head += *ks.integrity_verified ? ", integrity verified" : ", INTEGRITY NOT VERIFIED";
  out << paint(head, Color::bold, style.color) << '\n';
  for (const auto& w : ks.warnings) out << "  " << paint("warning: " + w, Color::yellow, style.color) << '\n';
  for (std::size_t i = 0; i < ks.entries.size(); ++i) {
    const auto& e = ks.entries[i];
    out << fmt::format("  #{} {}\n", i + 1, entry_title(e));
    for (const auto& w : e.warnings) out << "    " << paint("warning: " + w, Color::yellow, style.color) << '\n';
    if (e.csr) render_csr(out, e.csr->details());
    for (std::size_t k = 0; k < e.chain.size(); ++k) render_certificate(out, k, e.chain[k], j, style);
    if (i < r.chains.size() && r.chains[i]) render_chain_check(out, *r.chains[i], style);
  }
}

void render_totals_text(std::ostream& out, const Totals& t, const TextStyle& style) {
  std::string line = fmt::format("{} files, {} certificates: {} valid, {} expiring, {} expired, {} not yet valid",
                                 t.files, t.certificates, t.valid, t.expiring, t.expired, t.not_yet_valid);
  if (t.chains_checked > 0) line += fmt::format("; {} of {} chains invalid", t.chains_invalid, t.chains_checked);
  if (t.unreadable > 0) line += fmt::format("; {} unreadable", t.unreadable);
  out << paint(line, Color::bold, style.color) << '\n';
}

}  // namespace certkeep::cli
