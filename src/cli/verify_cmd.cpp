// certkeep verify CERT — path validation the way a careful TLS client does it (docs/verify.md).
#include <iostream>

#include <fmt/format.h>

#include "cli/certificate_files.h"
#include "cli/commands.h"
#include "cli/exit_codes.h"
#include "cli/password_options.h"
#include "cli/render_json.h"
#include "cli/terminal.h"
#include "cli/time_options.h"
#include "core/util/file.h"
#include "core/x509/verify.h"

namespace certkeep::cli {
namespace {

using Json = nlohmann::ordered_json;

struct VerifyCliOptions {
  std::string cert;
  std::vector<std::string> ca_files;
  std::vector<std::string> untrusted_files;
  std::vector<std::string> crl_files;
  std::string name;
  bool name_given = false;  // --name "" is a usage error, not "no name"
  std::string purpose = "server";
  std::optional<std::size_t> max_depth;
  bool system_store = false;
  bool json = false;
  bool no_color = false;
  PasswordOptions password;
  TimeOptions time;
};

// A failure before validation could run: the message for stderr and the exit status.
struct Refusal {
  Error error;
  int exit_code = kUnknown;
};

struct Inputs {
  std::vector<Certificate> leaf_and_untrusted;  // CERT's certificates, then every --untrusted file's
  std::vector<Certificate> anchors;
  std::vector<Crl> crls;
};

Result<std::vector<Crl>> read_crls(const std::vector<std::string>& files) {
  std::vector<Crl> out;
  for (const auto& f : files) {
    auto bytes = read_file(f);
    if (!bytes) return bytes.error();
    auto crls = Crl::read_all(*bytes);
    if (!crls) return Error{crls.error().code, f + ": " + crls.error().message};
    out.insert(out.end(), crls->begin(), crls->end());
  }
  return out;
}

Result<Inputs> read_inputs(const VerifyCliOptions& o) {
  auto supplied = o.password.resolve();
  if (!supplied) return supplied.error();
  auto passwords = password_candidates(*supplied);
  Inputs in;
  std::vector<std::string> files{o.cert};
  files.insert(files.end(), o.untrusted_files.begin(), o.untrusted_files.end());
  for (const auto& f : files) {
    auto certs = read_certificates(f, passwords, supplied->has_value());
    if (!certs) return certs.error();
    in.leaf_and_untrusted.insert(in.leaf_and_untrusted.end(), certs->begin(), certs->end());
  }
  auto anchors = read_anchors(o.ca_files, o.system_store, passwords, supplied->has_value());
  if (!anchors) return anchors.error();
  in.anchors = std::move(*anchors);
  auto crls = read_crls(o.crl_files);
  if (!crls) return crls.error();
  in.crls = std::move(*crls);
  return in;
}

std::string days_note(const CertificateDetails& d, UnixTime at) {
  if (at < d.not_before) return fmt::format("not yet valid, starts in {} days", days_between(at, d.not_before));
  const auto left = days_between(at, d.not_after);
  return left < 0 ? fmt::format("expired {} days ago", -left) : fmt::format("{} days left", left);
}

void render_result_text(const VerifyResult& r, const VerifyOptions& vo, bool color) {
  std::cout << "Chain (leaf first) at " << format_iso8601(vo.at) << ":\n";
  for (std::size_t i = 0; i < r.chain.size(); ++i) {
    const auto& d = r.chain[i].details();
    const bool anchor = r.anchored && i + 1 == r.chain.size();
    std::cout << fmt::format("  [{}] {}{}\n", i, paint(d.subject.empty() ? "(empty subject)" : d.subject, Color::bold, color),
                             anchor ? "  (trust anchor)" : "");
    std::cout << fmt::format("      Issuer:  {}\n", d.issuer);
    std::cout << fmt::format("      Valid:   {} .. {} ({})\n", format_iso8601(d.not_before), format_iso8601(d.not_after),
                             days_note(d, vo.at));
  }
  const std::string use = fmt::format("TLS {} use{}", to_string(vo.purpose), vo.name ? " as " + *vo.name : "");
  if (r.valid()) std::cout << paint("OK", Color::green, color) << ": valid for " << (vo.purpose == Purpose::any ? "any use" : use) << '\n';
  else std::cout << paint("INVALID", Color::red, color) << ":\n";
  for (const auto& p : r.problems) {
    const auto sev = p.severity == Severity::error ? paint("error", Color::red, color) : paint("warning", Color::yellow, color);
    std::cout << fmt::format("  [{}] {} {}: {}\n", p.depth, sev, p.code, p.message);
  }
}

Json result_json(const VerifyResult& r, const VerifyOptions& vo, const Judgement& j) {
  Json chain = Json::array();
  for (const auto& c : r.chain) chain.push_back(certificate_json(c, j));
  return {{"schema_version", kJsonSchemaVersion},
          {"command", "verify"},
          {"at", format_iso8601(vo.at)},
          {"name", vo.name ? Json(*vo.name) : Json(nullptr)},
          {"purpose", std::string(to_string(vo.purpose))},
          {"valid", r.valid()},
          {"anchored", r.anchored},
          {"chain", chain},
          {"problems", problems_json(r.problems)}};
}

int refuse(const Refusal& r, bool json) {
  print_error(r.error.message);
  if (json)
    std::cout << Json{{"schema_version", kJsonSchemaVersion}, {"command", "verify"}, {"error", error_json(r.error)}}.dump()
              << '\n';
  return r.exit_code;
}

int run_verify(const VerifyCliOptions& o) {
  const auto judgement = o.time.judgement();
  if (!judgement) return refuse({judgement.error(), kUsage}, o.json);
  auto inputs = read_inputs(o);
  if (!inputs) return refuse({inputs.error(), kUnknown}, o.json);
  VerifyOptions vo(judgement->at);
  if (o.name_given) vo.name = o.name;
  vo.purpose = parse_purpose(o.purpose).value_or(Purpose::server);
  vo.max_intermediates = o.max_depth;
  vo.crls = inputs->crls;
  const auto& certs = inputs->leaf_and_untrusted;
  const auto result = verify_chain(certs.front(), std::span(certs).subspan(1), inputs->anchors, vo);
  if (!result) return refuse({result.error(), result.error().code == ErrorCode::invalid ? kUsage : kUnknown}, o.json);
  if (o.json) std::cout << result_json(*result, vo, *judgement).dump() << '\n';
  else render_result_text(*result, vo, !o.no_color && stdout_is_tty());
  return result->valid() ? kOk : kCritical;
}

}  // namespace

std::function<int()> setup_verify(CLI::App& cmd) {
  auto o = std::make_shared<VerifyCliOptions>();
  cmd.add_option("cert", o->cert, "The certificate to verify: any file inspect reads. Its first certificate is the leaf, "
                                  "the others are intermediates")
      ->required()
      ->type_name("CERT");
  cmd.add_option("--ca-file", o->ca_files, "Trust the certificates in this file (PEM, DER, PKCS#7, PKCS#12, JKS); repeatable")
      ->allow_extra_args(false)
      ->type_name("FILE");
  cmd.add_option("--untrusted", o->untrusted_files, "Intermediate certificates to build the chain with; repeatable")
      ->allow_extra_args(false)
      ->type_name("FILE");
  cmd.add_option("--crl-file", o->crl_files,
                 "Check revocation against the CRLs in this file (PEM or DER); the leaf must then be covered; repeatable")
      ->allow_extra_args(false)
      ->type_name("FILE");
  auto* name = cmd.add_option("--name", o->name, "Host name or IP address the certificate must be valid for (subjectAltName only)")
      ->type_name("HOST|IP");
  cmd.add_option("--purpose", o->purpose, "What the certificate is for: server (default), client or any")
      ->check(CLI::IsMember({"server", "client", "any"}))
      ->type_name("PURPOSE");
  cmd.add_option("--max-depth", o->max_depth,
                 "At most N intermediate CA certificates between the leaf and the anchor (self-issued ones not counted)")
      ->check(CLI::NonNegativeNumber)
      ->type_name("N");
  cmd.add_flag("--system-store", o->system_store, "Also trust the system's CA bundle ($SSL_CERT_FILE or OpenSSL's default)");
  o->time.add_to(cmd, false);
  o->password.add_to(cmd);
  cmd.add_flag("--json", o->json, "Machine-readable output (schema: docs/verify.md)");
  cmd.add_flag("--no-color", o->no_color, "Never color the output");
  cmd.footer(
      "Builds the chain from CERT through its own and --untrusted intermediates to a --ca-file or\n"
      "--system-store anchor, and checks it as a strict TLS client would: validity at --at, signatures,\n"
      "CA flags, key usages, path length, name constraints, the host name in the subjectAltNames (never\n"
      "the CN), and the RFC 5280 / CA/Browser Forum profile rules. Every problem is listed with a stable\n"
      "code (docs/verify.md). Nothing is trusted unless --ca-file or --system-store says so; every\n"
      "certificate trusted that way is an anchor, a root or an intermediate.\n\n"
      "Exit status: 0 valid, 2 invalid, 3 an input could not be read, 64 bad usage.\n\n"
      "Examples:\n"
      "  certkeep verify server.pem --untrusted chain.pem --ca-file root.pem --name www.example.com\n"
      "  certkeep verify fullchain.pem --system-store --name 192.0.2.10\n"
      "  certkeep verify client.p12 --password-file pw.txt --ca-file ca.pem --purpose client\n"
      "  certkeep verify server.pem --ca-file root.pem --at 2027-01-01 --json | jq -r '.problems[].code'");
  return [o, name] {
    o->name_given = name->count() > 0;
    return run_verify(*o);
  };
}

}  // namespace certkeep::cli
