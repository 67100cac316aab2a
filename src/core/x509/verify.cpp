#include "core/x509/verify.h"

#include <algorithm>
#include <array>
#include <tuple>
#include <utility>

#include "core/x509/path_candidates.h"
#include "core/x509/path_pool.h"
#include "core/x509/strict.h"
#include "core/x509/verify_codes.h"
#include "core/x509/verify_diagnose.h"
#include "core/x509/verify_openssl.h"

namespace certkeep {
namespace {

// A catch-all code is dropped when a more precise one names the same certificate's problem.
struct Supersede {
  std::string_view generic;
  std::array<std::string_view, 3> precise;
};
constexpr std::array<Supersede, 3> kSupersede = {{
    {"wrong_purpose", {"wrong_extended_key_usage", "wrong_key_usage", "ca_not_marked_ca"}},
    {"invalid_ca", {"ca_not_marked_ca", "wrong_key_usage", ""}},
    {"name_mismatch", {"cn_fallback_refused", "", ""}},
}};

bool superseded(const Problem& p, const std::vector<Problem>& all) {
  for (const auto& s : kSupersede) {
    if (p.code != s.generic) continue;
    for (const auto& other : all)
      if (other.depth == p.depth && other.severity == Severity::error &&
          !other.code.empty() && std::ranges::find(s.precise, other.code) != s.precise.end())
        return true;
  }
  return false;
}

// One problem per (code, depth), the more severe kept; catch-alls dropped; ordered by depth, errors
// before warnings, then by code, so that output and golden tests do not depend on discovery order.
std::vector<Problem> normalize(const std::vector<Problem>& all) {
  std::vector<Problem> out;
  for (const auto& p : all) {
    if (superseded(p, all)) continue;
    auto same = std::ranges::find_if(out, [&](const Problem& o) { return o.code == p.code && o.depth == p.depth; });
    if (same == out.end()) out.push_back(p);
    else if (p.severity == Severity::error && same->severity != Severity::error) *same = p;
  }
  std::ranges::sort(out, [](const Problem& a, const Problem& b) {
    return std::tie(a.depth, a.severity, a.code) < std::tie(b.depth, b.severity, b.code);
  });
  return out;
}

// RFC 5280 section 4 profile rules that path validation (section 6) does not depend on. A trust anchor
// is input to validation, not a certificate validated (6.1.1 d), so on an anchor these are warnings:
// OpenSSL's strict mode would otherwise reject long-trusted roots such as ones without keyUsage.
constexpr std::array<std::string_view, 14> kProfileOnly = {
    "missing_key_usage", "missing_ski", "missing_aki", "key_identifier_critical", "bad_version", "empty_name",
    "basic_constraints_not_critical", "invalid_basic_constraints", "signature_algorithm_mismatch",
    "serial_not_positive", "serial_too_long", "policy_constraints_not_critical", "san_critical_with_subject",
    "malformed_dns_name"};

void relax_anchor_profile(std::vector<Problem>& problems, std::size_t anchor_depth) {
  for (auto& p : problems) {
    if (p.depth != anchor_depth || std::ranges::find(kProfileOnly, p.code) == kProfileOnly.end()) continue;
    p.severity = Severity::warning;
    p.message += "; not enforced on a trust anchor";
  }
}

// RFC 5280 4.1.2.5: the validity period is "from notBefore through notAfter, inclusive". OpenSSL
// (X509_cmp_time) counts the notAfter second itself as expired.
void keep_last_second(std::vector<Problem>& problems, std::span<const Certificate> chain, UnixTime at) {
  std::erase_if(problems, [&](const Problem& p) {
    return p.code == "expired" && p.depth < chain.size() && chain[p.depth].details().not_after == at;
  });
}

bool is_anchor(const Certificate& c, std::span<const Certificate> anchors) {
  return std::ranges::find(anchors, c) != anchors.end();
}

std::vector<Certificate> concat(std::span<const Certificate> a, std::span<const Certificate> b) {
  std::vector<Certificate> out(a.begin(), a.end());
  out.insert(out.end(), b.begin(), b.end());
  return out;
}

// Whether another path could do better: some error concerns an issuer, or the way to one.
bool path_dependent(const VerifyResult& r) {
  return std::ranges::any_of(r.problems, [](const Problem& p) {
    return p.severity == Severity::error &&
           (p.depth > 0 || p.code == "missing_issuer" || p.code == "aki_ski_mismatch" || p.code == "name_constraints_violation");
  });
}

// Certificates may come undecoded from a keystore (Certificate::deferred): the ones a path may use must
// decode.
Result<void> decode(const x509::PathPool& pool) {
  for (const auto* set : {&pool.untrusted, &pool.anchors})
    for (const auto& c : *set)
      if (auto ok = c.parse(); !ok)
        return fail(ErrorCode::malformed, "a certificate that may issue this one does not decode: " + ok.error().message);
  return {};
}

// The path OpenSSL builds from these certificates, judged by OpenSSL and by certkeep's rules.
Result<VerifyResult> verify_path(const Certificate& leaf, std::span<const Certificate> untrusted,
                                 std::span<const Certificate> anchors, const VerifyOptions& options) {
  auto run = x509::openssl_verify(leaf, untrusted, anchors, options);
  if (!run) return run.error();
  VerifyResult result;
  result.chain = std::move(run->chain);
  std::vector<Problem> problems;
  for (const auto& e : run->errors) problems.push_back(x509::openssl_problem(e, result.chain, options));
  keep_last_second(problems, result.chain, options.at);
  // Only the leaf must be covered by a CRL; a CA certificate is checked when its issuer's CRL was given.
  std::erase_if(problems, [](const Problem& p) { return p.code == "crl_missing" && p.depth > 0; });
  result.anchored = is_anchor(result.chain.back(), anchors);
  // A trust anchor is trusted as given: no CRL speaks for it (OpenSSL checks a root against its own).
  if (result.anchored)
    std::erase_if(problems, [&](const Problem& p) {
      return p.depth + 1 == result.chain.size() && (p.code.starts_with("crl_") || p.code == "revoked");
    });
  const x509::ChainView view{result.chain, result.anchored, options.purpose, options.max_intermediates, options.crls};
  for (auto& p : x509::strict_checks(view)) problems.push_back(std::move(p));
  x509::diagnose_name(leaf, options, problems);
  x509::diagnose_missing_issuer(result.chain, concat(untrusted, anchors), problems);
  if (result.anchored) relax_anchor_profile(problems, result.chain.size() - 1);
  result.problems = normalize(problems);
  return result;
}

}  // namespace

std::string_view to_string(Purpose p) {
  switch (p) {
    case Purpose::server: return "server";
    case Purpose::client: return "client";
    case Purpose::any: return "any";
  }
  return "any";
}

std::optional<Purpose> parse_purpose(std::string_view text) {
  for (const auto p : {Purpose::server, Purpose::client, Purpose::any})
    if (text == to_string(p)) return p;
  return std::nullopt;
}

std::string_view to_string(Severity s) { return s == Severity::error ? "error" : "warning"; }

bool VerifyResult::valid() const {
  return std::ranges::none_of(problems, [](const Problem& p) { return p.severity == Severity::error; });
}

const Problem* VerifyResult::find(std::string_view code, std::size_t depth) const {
  auto it = std::ranges::find_if(problems, [&](const Problem& p) { return p.code == code && p.depth == depth; });
  return it == problems.end() ? nullptr : &*it;
}

Result<VerifyResult> verify_chain(const Certificate& leaf, std::span<const Certificate> untrusted,
                                  std::span<const Certificate> anchors, const VerifyOptions& options) {
  const auto pool = x509::path_pool(leaf, untrusted, anchors);
  if (auto ok = decode(pool); !ok) return ok.error();
  auto first = verify_path(leaf, pool.untrusted, pool.anchors, options);
  if (!first || first->valid() || !path_dependent(*first)) return first;
  // OpenSSL 3.0 builds one path and does not go back when it fails validation (RFC 4158 2.4): try the
  // others, keeping the first that validates, else what OpenSSL found.
  for (const auto& path : x509::candidate_paths(leaf, pool.untrusted, pool.anchors, options.at)) {
    auto chain = path.intermediates;
    chain.insert(chain.begin(), leaf);
    chain.push_back(path.anchor);
    if (chain == first->chain) continue;
    auto other = verify_path(leaf, path.intermediates, std::span(&path.anchor, 1), options);
    if (other && other->valid()) return other;
  }
  return first;
}

}  // namespace certkeep
