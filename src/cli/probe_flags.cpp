#include "cli/probe_flags.h"

#include "cli/certificate_files.h"
#include "cli/client_identity.h"
#include "net/tls_names.h"

namespace certkeep::cli {
namespace {

std::vector<std::string> split_list(const std::string& text) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start <= text.size()) {
    const auto comma = text.find(',', start);
    const auto item = text.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
    if (!item.empty()) out.push_back(item);
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return out;
}

Result<int> version(const std::string& option, const std::string& text) {
  if (text.empty()) return 0;
  if (auto v = net::parse_tls_version(text)) return *v;
  return fail(ErrorCode::invalid, option + ": '" + text + "' is not a TLS version (1.0, 1.1, 1.2 or 1.3)");
}

}  // namespace

void ProbeFlags::add_to(CLI::App& cmd, const std::string& password_prefix) {
  cmd.add_option("--sni", sni, "Server name to send (default: the host, unless it is an IP address)")->type_name("NAME");
  cmd.add_flag("--no-sni", no_sni, "Send no server name");
  cmd.add_option("--alpn", alpn, "Application protocols to offer, comma-separated (h2,http/1.1)")->type_name("LIST");
  cmd.add_option("--min-tls", min_tls, "Lowest TLS version to accept: 1.0, 1.1, 1.2 or 1.3")->type_name("VERSION");
  cmd.add_option("--max-tls", max_tls, "Highest TLS version to offer")->type_name("VERSION");
  cmd.add_option("--starttls", starttls, "Speak this protocol first and switch to TLS: smtp, xmpp, xmpp-server, postgres")
      ->type_name("PROTOCOL");
  cmd.add_option("--starttls-domain", starttls_domain, "XMPP: the service's domain for the stream (default: the SNI name or host)")
      ->type_name("DOMAIN");
  cmd.add_option("--timeout", timeout, "Give up on an endpoint after this long, every stage included (default 10s)")
      ->type_name("DURATION");
  cmd.add_option("--client-keystore", client.file, "Present the certificate and key of this keystore when the server asks (mutual TLS)")
      ->type_name("FILE");
  cmd.add_option("--alias", alias, "The key entry of --client-keystore to present (default: its only key entry)")->type_name("ALIAS");
  client.password.prefix = password_prefix;
  client.password.what = "client keystore password";
  client.password.add_to(cmd);
  client.key_password.prefix = password_prefix + "key-";
  client.key_password.add_to(cmd);
}

Result<net::ProbeOptions> ProbeFlags::resolve() const {
  net::ProbeOptions o;
  if (!sni.empty()) o.sni = sni;
  o.send_sni = !no_sni;
  o.alpn = split_list(alpn);
  auto min = version("--min-tls", min_tls);
  if (!min) return min.error();
  auto max = version("--max-tls", max_tls);
  if (!max) return max.error();
  o.min_version = *min;
  o.max_version = *max;
  if (o.min_version != 0 && o.max_version != 0 && o.min_version > o.max_version)
    return fail(ErrorCode::invalid, "--min-tls " + min_tls + " is above --max-tls " + max_tls);
  if (!starttls.empty()) {
    const auto kind = net::parse_starttls(starttls);
    if (!kind) return fail(ErrorCode::invalid, "--starttls: '" + starttls + "' is not one of smtp, xmpp, xmpp-server, postgres");
    o.starttls = *kind;
  }
  o.starttls_domain = starttls_domain;
  const auto t = parse_duration(timeout);
  if (!t || t->count() == 0) return fail(ErrorCode::invalid, "--timeout: '" + timeout + "' is not a duration (10s, 500ms, 1m)");
  o.timeout = *t;
  if (!alias.empty() && client.file.empty()) return fail(ErrorCode::invalid, "--alias needs --client-keystore");
  return o;
}

Result<std::shared_ptr<const net::ClientIdentity>> ProbeFlags::client_identity() const {
  if (client.file.empty()) return std::shared_ptr<const net::ClientIdentity>();
  return load_client_identity(client, alias);
}

}  // namespace certkeep::cli

namespace certkeep::cli {

void TrustFlags::add_to(CLI::App& cmd) {
  cmd.add_option("--ca-file", ca_files, "Trust the CAs in this file (any format; repeatable) instead of the system's")
      ->allow_extra_args(false)
      ->type_name("FILE");
  cmd.add_flag("--system-store", system_store, "Trust the system's CAs as well as --ca-file");
  cmd.add_flag("--no-name-check", no_name_check, "Do not require certificates to cover the host (or --sni) name");
}

Result<net::VerdictOptions> TrustFlags::resolve(const Judgement& j) const {
  std::vector<PasswordCandidate> passwords = password_candidates(std::nullopt);
  auto anchors = read_anchors(ca_files, system_store || ca_files.empty(), passwords, false);
  if (!anchors) return anchors.error();
  return net::VerdictOptions{std::move(*anchors), j.at, j.policy, !no_name_check};
}

}  // namespace certkeep::cli
