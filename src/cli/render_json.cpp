#include "cli/render_json.h"

namespace certkeep::cli {
namespace {

void write_key(JsonWriter& w, const PublicKeyInfo& k) {
  w.begin_object().member("algorithm", k.algorithm).member("bits", k.bits).member("curve", k.curve).end_object();
}

void write_names(JsonWriter& w, const std::vector<GeneralName>& names) {
  w.begin_array();
  for (const auto& n : names) w.begin_object().member("type", n.type).member("value", n.value).end_object();
  w.end_array();
}

void write_basic_constraints(JsonWriter& w, const std::optional<BasicConstraints>& bc) {
  if (!bc) {
    w.null();
    return;
  }
  w.begin_object().member("ca", bc->ca).member("path_len", bc->path_len).end_object();
}

void write_csr(JsonWriter& w, const CsrDetails& d) {
  w.begin_object().member("subject", d.subject).member("subject_oneline", d.subject_oneline);
  write_names(w.key("sans"), d.subject_alt_names);
  write_key(w.key("public_key"), d.public_key);
  w.member("signature_algorithm", d.signature_algorithm)
      .member("signature_valid", d.signature_valid)
      .member("sha256", d.sha256)
      .end_object();
}

void write_entry(JsonWriter& w, const Entry& e, const Judgement& j, const std::optional<VerifyResult>& check) {
  w.begin_object().member("alias", e.alias).member("kind", to_string(e.kind));
  if (e.key) write_key(w.key("private_key"), e.key->info());
  else w.key("private_key").null();
  w.member("key_matches_certificate", e.key_matches)
      .member("local_key_id", e.local_key_id)
      .member("secret_algorithm", e.secret_algorithm);
  if (e.created) w.member("created", format_iso8601(*e.created));
  else w.key("created").null();
  w.key("chain").begin_array();
  for (const auto& c : e.chain) write_certificate(w, c, j);
  w.end_array();
  if (e.csr) write_csr(w.key("csr"), e.csr->details());
  else w.key("csr").null();
  write_chain_check(w.key("chain_verification"), check);
  w.member("warnings", e.warnings).end_object();
}

// A document written by `write`, as a value nlohmann can merge into others.
template <typename Write>
nlohmann::ordered_json as_document(Write write) {
  std::string text;
  JsonWriter w(text);
  write(w);
  return nlohmann::ordered_json::parse(text);
}

}  // namespace

void write_problems(JsonWriter& w, const std::vector<Problem>& problems) {
  w.begin_array();
  for (const auto& p : problems)
    w.begin_object()
        .member("code", p.code)
        .member("severity", to_string(p.severity))
        .member("depth", p.depth)
        .member("message", p.message)
        .end_object();
  w.end_array();
}

void write_chain_check(JsonWriter& w, const std::optional<VerifyResult>& v) {
  if (!v) {
    w.null();
    return;
  }
  w.begin_object().member("valid", v->valid()).member("anchored", v->anchored);
  w.key("chain").begin_array();
  for (const auto& c : v->chain) w.value(c.details().subject);
  w.end_array();
  write_problems(w.key("problems"), v->problems);
  w.end_object();
}

void write_certificate(JsonWriter& w, const Certificate& c, const Judgement& j) {
  const auto& d = c.details();
  const auto status = judge_expiry(d, j.at, j.policy);
  w.begin_object()
      .member("subject", d.subject)
      .member("issuer", d.issuer)
      .member("subject_oneline", d.subject_oneline)
      .member("issuer_oneline", d.issuer_oneline)
      .member("serial", d.serial)
      .member("version", d.version)
      .member("not_before", format_iso8601(d.not_before))
      .member("not_after", format_iso8601(d.not_after))
      .member("days_left", days_between(j.at, d.not_after))
      .member("status", to_string(status));
  write_names(w.key("sans"), d.subject_alt_names);
  write_key(w.key("public_key"), d.public_key);
  w.member("signature_algorithm", d.signature_algorithm)
      .member("key_usage", d.key_usage)
      .member("extended_key_usage", d.extended_key_usage);
  write_basic_constraints(w.key("basic_constraints"), d.basic_constraints);
  w.member("subject_key_id", d.subject_key_id).member("authority_key_id", d.authority_key_id);
  w.key("fingerprints")
      .begin_object()
      .member("md5", d.fingerprints.md5)
      .member("sha1", d.fingerprints.sha1)
      .member("sha256", d.fingerprints.sha256)
      .end_object();
  w.member("self_signed", d.self_signed).end_object();
}

void write_error(JsonWriter& w, const Error& e) {
  w.begin_object().member("code", to_string(e.code)).member("message", e.message).end_object();
}

void write_file(JsonWriter& w, const FileReport& r, const Judgement& j) {
  w.begin_object().member("path", r.path);
  if (!r.result) {
    write_error(w.key("error"), *r.error);
    w.end_object();
    return;
  }
  const auto& ks = r.result->keystore;
  const auto& ow = r.result->opened_with;
  w.member("format", to_string(ks.format));
  if (ks.protection.empty()) w.key("protection").null();
  else w.member("protection", ks.protection);
  w.member("integrity_verified", ks.integrity_verified)
      .member("password", !ow.candidate ? "none" : (ow.well_known ? "well_known_default" : "supplied"))
      .member("warnings", ks.warnings);
  w.key("entries").begin_array();
  for (std::size_t i = 0; i < ks.entries.size(); ++i)
    write_entry(w, ks.entries[i], j, i < r.chains.size() ? r.chains[i] : std::nullopt);
  w.end_array();
  w.key("error").null().end_object();
}

void write_totals(JsonWriter& w, const Totals& t) {
  w.begin_object()
      .member("files", t.files)
      .member("unreadable", t.unreadable)
      .member("entries", t.entries)
      .member("certificates", t.certificates)
      .member("valid", t.valid)
      .member("expiring", t.expiring)
      .member("expired", t.expired)
      .member("not_yet_valid", t.not_yet_valid)
      .member("default_passwords", t.default_passwords)
      .member("chains_checked", t.chains_checked)
      .member("chains_invalid", t.chains_invalid)
      .end_object();
}

nlohmann::ordered_json problems_json(const std::vector<Problem>& problems) {
  return as_document([&](JsonWriter& w) { write_problems(w, problems); });
}

nlohmann::ordered_json chain_check_json(const std::optional<VerifyResult>& v) {
  return as_document([&](JsonWriter& w) { write_chain_check(w, v); });
}

nlohmann::ordered_json certificate_json(const Certificate& c, const Judgement& j) {
  return as_document([&](JsonWriter& w) { write_certificate(w, c, j); });
}

nlohmann::ordered_json error_json(const Error& e) {
  return as_document([&](JsonWriter& w) { write_error(w, e); });
}

nlohmann::ordered_json file_json(const FileReport& r, const Judgement& j) {
  return as_document([&](JsonWriter& w) { write_file(w, r, j); });
}

}  // namespace certkeep::cli
