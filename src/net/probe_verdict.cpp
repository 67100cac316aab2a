#include "net/probe_verdict.h"

#include <fmt/format.h>

namespace certkeep::net {
namespace {

std::string san_list(const CertificateDetails& d) {
  std::string out;
  for (const auto& n : d.subject_alt_names) out += (out.empty() ? "" : ", ") + n.type + ":" + n.value;
  return out.empty() ? "no subjectAltName at all" : out;
}

std::string expired_text(const CertificateDetails& d, UnixTime at) {
  const auto days = (at - d.not_after) / 86400;  // whole days elapsed since it expired
  return fmt::format("expired {} ({})", days == 0 ? std::string("today") : fmt::format("{} days ago", days), format_iso8601(d.not_after));
}

void fail(ProbeVerdict& v, std::string code, const std::string& reason) {
  if (v.health == Health::critical) return;  // the first failure is the one named
  v.health = Health::critical;
  v.code = std::move(code);
  v.reason = reason;
}

void warn(ProbeVerdict& v, std::string code, const std::string& reason) {
  v.warnings.push_back(reason);
  if (v.health != Health::ok) return;
  v.health = Health::warning;
  v.code = std::move(code);
  v.reason = reason;
}

// The first error in the served chain, in the words of the issue it causes.
void judge_chain(ProbeVerdict& v, const VerifyResult& r, UnixTime at) {
  for (const auto& p : r.problems) {
    if (p.severity != Severity::error) continue;
    const auto& d = r.chain.at(p.depth).details();
    if (p.depth == 0 && p.code == "expired") return fail(v, "certificate_expired", "server certificate " + expired_text(d, at));
    if (p.depth == 0 && p.code == "not_yet_valid")
      return fail(v, "certificate_not_yet_valid", "server certificate is not valid until " + format_iso8601(d.not_before));
    if (p.code == "name_mismatch")
      return fail(v, "name_mismatch", "server certificate is not valid for \"" + v.name + "\" (it covers " + san_list(d) + ")");
    if (p.code == "missing_issuer" || p.code == "untrusted_root" || p.code == "self_signed_leaf")
      return fail(v, "untrusted", "server certificate is not trusted: " + p.message + " (give its CA with --ca-file)");
    if (p.code == "expired")
      return fail(v, "chain_expired", fmt::format("certificate [{}] of the served chain ({}) {}", p.depth, d.subject, expired_text(d, at)));
    return fail(v, "chain_invalid", fmt::format("served chain, certificate [{}] ({}): {}", p.depth, d.subject, p.message));
  }
}

void judge_ocsp(ProbeVerdict& v, const OcspStaple& s) {
  if (s.status == OcspStatus::revoked)
    return fail(v, "revoked", "server certificate is revoked (OCSP staple" +
                                  (s.revoked_at ? ", since " + format_iso8601(*s.revoked_at) : std::string()) +
                                  (s.revocation_reason.empty() ? std::string() : ", " + s.revocation_reason) + ")");
  if (s.status == OcspStatus::unknown) warn(v, "ocsp_unknown", "the stapled OCSP response does not know the server certificate");
  if (s.status == OcspStatus::invalid) warn(v, "ocsp_invalid", "the stapled OCSP response is not usable: " + s.problem);
}

void judge_client(ProbeVerdict& v, const ClientIdentity& id, const VerdictOptions& o) {
  const auto& d = id.chain.front().details();
  v.client_status = judge_expiry(d, o.at, o.policy);
  switch (*v.client_status) {
    case ExpiryStatus::valid: break;
    case ExpiryStatus::expiring:
      warn(v, "client_certificate_expiring", fmt::format("our client certificate expires in {} days ({})", days_between(o.at, d.not_after),
                                                         format_iso8601(d.not_after)));
      break;
    case ExpiryStatus::expired: fail(v, "client_certificate_expired", "our client certificate " + expired_text(d, o.at)); break;
    case ExpiryStatus::not_yet_valid:
      fail(v, "client_certificate_not_yet_valid", "our client certificate is not valid until " + format_iso8601(d.not_before));
      break;
  }
}

void verify_served(ProbeVerdict& v, const ProbeReport& report, const VerdictOptions& o) {
  const auto& leaf = report.chain.front();
  VerifyOptions vo(o.at);
  if (o.check_name && !v.name.empty()) vo.name = v.name;
  const std::span<const Certificate> rest(report.chain.begin() + 1, report.chain.end());
  auto r = verify_chain(leaf, rest, o.anchors, vo);
  if (!r && vo.name) {  // a name OpenSSL cannot check (say, with a NUL): judge the rest without it
    v.warnings.push_back("the name \"" + v.name + "\" could not be checked: " + r.error().message);
    vo.name.reset();
    r = verify_chain(leaf, rest, o.anchors, vo);
  }
  if (r) v.verification = std::move(*r);
  v.leaf_status = judge_expiry(leaf.details(), o.at, o.policy);
  if (!report.ocsp_response.empty()) v.ocsp = check_ocsp_staple(report.ocsp_response, leaf, rest, o.anchors, o.at);
}

}  // namespace

std::string ProbeVerdict::summary() const {
  switch (health) {
    case Health::ok: return "passed";
    case Health::warning: return "passed, but " + reason;
    case Health::critical: return "FAILED: " + reason;
  }
  return "FAILED: " + reason;
}

ProbeVerdict judge_probe(const ProbeReport& report, const ProbeOptions& probe_options, const VerdictOptions& o) {
  ProbeVerdict v;
  v.code = "ok";
  v.name = probe_options.sni ? *probe_options.sni : report.endpoint.host;
  if (!report.chain.empty()) verify_served(v, report, o);
  if (report.failure) fail(v, report.failure->code, report.failure->message);
  if (report.chain.empty()) fail(v, "no_certificate", "the server sent no certificate");
  if (v.verification) judge_chain(v, *v.verification, o.at);
  if (v.ocsp) judge_ocsp(v, *v.ocsp);
  if (probe_options.client && !probe_options.client->chain.empty()) judge_client(v, *probe_options.client, o);
  if (v.leaf_status == ExpiryStatus::expiring) {
    const auto& d = report.chain.front().details();
    warn(v, "certificate_expiring", fmt::format("the server certificate expires in {} days ({})", days_between(o.at, d.not_after),
                                                format_iso8601(d.not_after)));
  }
  return v;
}

}  // namespace certkeep::net
