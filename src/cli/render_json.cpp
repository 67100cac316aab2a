#include "cli/render_json.h"

namespace certkeep::cli {
namespace {

using json = nlohmann::ordered_json;

template <typename T>
json optional_json(const std::optional<T>& v) {
  return v ? json(*v) : json(nullptr);
}

json key_json(const PublicKeyInfo& k) {
  return {{"algorithm", k.algorithm}, {"bits", k.bits}, {"curve", optional_json(k.curve)}};
}

json names_json(const std::vector<GeneralName>& names) {
  json out = json::array();
  for (const auto& n : names) out.push_back({{"type", n.type}, {"value", n.value}});
  return out;
}

json basic_constraints_json(const std::optional<BasicConstraints>& bc) {
  if (!bc) return nullptr;
  return {{"ca", bc->ca}, {"path_len", optional_json(bc->path_len)}};
}

json csr_json(const CsrDetails& d) {
  return {{"subject", d.subject},           {"subject_oneline", d.subject_oneline},
          {"sans", names_json(d.subject_alt_names)}, {"public_key", key_json(d.public_key)},
          {"signature_algorithm", d.signature_algorithm}, {"signature_valid", d.signature_valid},
          {"sha256", d.sha256}};
}

json entry_json(const Entry& e, const Judgement& j, const std::optional<VerifyResult>& check) {
  json chain = json::array();
  for (const auto& c : e.chain) chain.push_back(certificate_json(c, j));
  return {{"alias", e.alias},
          {"kind", std::string(to_string(e.kind))},
          {"private_key", e.key ? key_json(e.key->info()) : json(nullptr)},
          {"key_matches_certificate", optional_json(e.key_matches)},
          {"local_key_id", optional_json(e.local_key_id)},
          {"secret_algorithm", optional_json(e.secret_algorithm)},
          {"created", e.created ? json(format_iso8601(*e.created)) : json(nullptr)},
          {"chain", chain},
          {"csr", e.csr ? csr_json(e.csr->details()) : json(nullptr)},
          {"chain_verification", chain_check_json(check)},
          {"warnings", e.warnings}};
}

}  // namespace

json problems_json(const std::vector<Problem>& problems) {
  json out = json::array();
  for (const auto& p : problems)
    out.push_back({{"code", p.code}, {"severity", std::string(to_string(p.severity))}, {"depth", p.depth}, {"message", p.message}});
  return out;
}

json chain_check_json(const std::optional<VerifyResult>& v) {
  if (!v) return nullptr;
  json subjects = json::array();
  for (const auto& c : v->chain) subjects.push_back(c.details().subject);
  return {{"valid", v->valid()}, {"anchored", v->anchored}, {"chain", subjects}, {"problems", problems_json(v->problems)}};
}

json certificate_json(const Certificate& c, const Judgement& j) {
  const auto& d = c.details();
  const auto status = judge_expiry(d, j.at, j.policy);
  return {{"subject", d.subject},
          {"issuer", d.issuer},
          {"subject_oneline", d.subject_oneline},
          {"issuer_oneline", d.issuer_oneline},
          {"serial", d.serial},
          {"version", d.version},
          {"not_before", format_iso8601(d.not_before)},
          {"not_after", format_iso8601(d.not_after)},
          {"days_left", days_between(j.at, d.not_after)},
          {"status", std::string(to_string(status))},
          {"sans", names_json(d.subject_alt_names)},
          {"public_key", key_json(d.public_key)},
          {"signature_algorithm", d.signature_algorithm},
          {"key_usage", optional_json(d.key_usage)},
          {"extended_key_usage", optional_json(d.extended_key_usage)},
          {"basic_constraints", basic_constraints_json(d.basic_constraints)},
          {"subject_key_id", optional_json(d.subject_key_id)},
          {"authority_key_id", optional_json(d.authority_key_id)},
          {"fingerprints", {{"md5", d.fingerprints.md5}, {"sha1", d.fingerprints.sha1}, {"sha256", d.fingerprints.sha256}}},
          {"self_signed", d.self_signed}};
}

json error_json(const Error& e) { return {{"code", std::string(to_string(e.code))}, {"message", e.message}}; }

json file_json(const FileReport& r, const Judgement& j) {
  json out = {{"path", r.path}};
  if (!r.result) {
    out["error"] = error_json(*r.error);
    return out;
  }
  const auto& ks = r.result->keystore;
  json entries = json::array();
  for (std::size_t i = 0; i < ks.entries.size(); ++i)
    entries.push_back(entry_json(ks.entries[i], j, i < r.chains.size() ? r.chains[i] : std::nullopt));
  const auto& ow = r.result->opened_with;
  out["format"] = std::string(to_string(ks.format));
  out["protection"] = ks.protection.empty() ? json(nullptr) : json(ks.protection);
  out["integrity_verified"] = optional_json(ks.integrity_verified);
  out["password"] = !ow.candidate ? "none" : (ow.well_known ? "well_known_default" : "supplied");
  out["warnings"] = ks.warnings;
  out["entries"] = entries;
  out["error"] = nullptr;
  return out;
}

json totals_json(const Totals& t) {
  return {{"files", t.files},       {"unreadable", t.unreadable}, {"entries", t.entries},
          {"certificates", t.certificates}, {"valid", t.valid}, {"expiring", t.expiring},
          {"expired", t.expired},   {"not_yet_valid", t.not_yet_valid},
          {"default_passwords", t.default_passwords}, {"chains_checked", t.chains_checked},
          {"chains_invalid", t.chains_invalid}};
}

}  // namespace certkeep::cli
