// certkeep keystore receive FILE REPLY — install a CA's reply for an entry's key (docs/keystore.md).
#include <iostream>
#include <memory>

#include <fmt/format.h>

#include "cli/certificate_files.h"
#include "cli/exit_codes.h"
#include "cli/keystore_cmds.h"
#include "cli/render_json.h"
#include "cli/store_file.h"
#include "cli/terminal.h"
#include "cli/time_options.h"
#include "core/operations/receive.h"

namespace certkeep::cli {
namespace {

struct ReceiveOptions {
  StoreOptions store;
  std::string reply;
  std::string alias;
  std::vector<std::string> ca_files;
  bool system_store = false;
  bool json = false;
  TimeOptions time;
};

// One side of the old/new comparison: serial, validity, subject ("-" where there is no certificate).
struct Side {
  std::string serial = "-", not_before = "-", not_after = "-", subject = "-";
};

Side side_of(const std::optional<Certificate>& c) {
  if (!c) return {};
  const auto& d = c->details();
  return {d.serial, format_iso8601(d.not_before), format_iso8601(d.not_after), d.subject};
}

void print_side_by_side(const ops::ReceiveOutcome& r) {
  const Side old_side = side_of(r.old_leaf);
  const Side new_side = side_of(r.chain.front());
  const auto row = [](std::string_view label, const std::string& a, const std::string& b) {
    std::cout << fmt::format("  {:<11} {:<40} {}\n", label, a, b);
  };
  std::cout << "entry '" << r.alias << "'" << (r.pending_used ? " (key from '" + *r.pending_used + "')" : "") << "\n";
  row("", "old", "new");
  row("serial", old_side.serial, new_side.serial);
  row("not before", old_side.not_before, new_side.not_before);
  row("not after", old_side.not_after, new_side.not_after);
  row("subject", old_side.subject, new_side.subject);
  const auto& anchor = r.chain.back().details().subject;
  std::cout << fmt::format("  chain: {} certificate{}{}\n", r.chain.size(), r.chain.size() == 1 ? "" : "s",
                           r.verification.anchored ? ", verified up to " + anchor : ", not verified to a trust anchor");
}

nlohmann::ordered_json side_json(const std::optional<Certificate>& c) {
  if (!c) return nullptr;
  const Side s = side_of(c);
  return {{"serial", s.serial}, {"not_before", s.not_before}, {"not_after", s.not_after}, {"subject", s.subject}};
}

// docs/keystore.md, "receive --json".
void print_json(const ops::ReceiveOutcome& r, const std::string& file, const std::optional<Written>& written) {
  nlohmann::ordered_json chain = nlohmann::ordered_json::array();
  for (const auto& c : r.chain) chain.push_back(c.details().subject);
  const nlohmann::ordered_json out = {
      {"schema_version", kJsonSchemaVersion},
      {"file", file},
      {"alias", r.alias},
      {"changed", !r.unchanged},
      {"pending_key_used", r.pending_used ? nlohmann::ordered_json(*r.pending_used) : nullptr},
      {"old", side_json(r.old_leaf)},
      {"new", side_json(r.chain.front())},
      {"chain", chain},
      {"anchored", r.verification.anchored},
      {"warnings", r.warnings},
      {"backup", written && written->backup ? nlohmann::ordered_json(written->backup->string()) : nullptr}};
  std::cout << out.dump(2) << "\n";
}

int run_receive(const ReceiveOptions& o) {
  auto judgement = o.time.judgement();
  if (!judgement) return report_failure(o.store.file, judgement.error());
  auto store = open_store(o.store, Access::write);
  if (!store) return report_failure(o.store.file, store.error());
  std::vector<PasswordCandidate> passwords = password_candidates(store->password);
  auto reply = read_certificates(o.reply, passwords, true);
  if (!reply) return report_failure(o.reply, reply.error());
  auto anchors = read_anchors(o.ca_files, o.system_store, passwords, true);
  if (!anchors) return report_failure(o.store.file, anchors.error());
  ops::ReceiveRequest request{*reply, o.alias.empty() ? std::nullopt : std::optional(o.alias), *anchors, judgement->at,
                              o.store.force};
  auto outcome = ops::receive_reply(store->keystore, request);
  if (!outcome) return report_failure(o.store.file, outcome.error());
  std::optional<Written> written;
  if (!outcome->unchanged) {
    auto saved = save_store(*store, o.store, Existing::replace, system_now());
    if (!saved) return report_failure(o.store.file, saved.error());
    written = std::move(*saved);
  }
  for (const auto& w : outcome->warnings) print_warning(o.store.file + ": " + w);
  if (o.json) {
    print_json(*outcome, o.store.file, written);
  } else if (!written) {
    std::cout << "entry '" << outcome->alias << "' already holds this certificate and chain; " << o.store.file
              << " was not changed\n";
  } else {
    print_side_by_side(*outcome);
    print_written(o.store.file, *written);
  }
  return kOk;
}

}  // namespace

std::function<int()> setup_keystore_receive(CLI::App& cmd) {
  auto o = std::make_shared<ReceiveOptions>();
  add_store_options(cmd, o->store, Access::write);
  cmd.add_option("REPLY", o->reply, "The CA's reply: PEM or DER certificate, PEM bundle, or PKCS#7 (.p7b)")
      ->required()
      ->type_name("REPLY");
  cmd.add_option("--alias", o->alias, "Install into this entry only (default: the entry whose key matches)")->type_name("ALIAS");
  cmd.add_option("--ca-file", o->ca_files, "Trust anchors to complete and verify the chain (repeatable)")->type_name("FILE");
  cmd.add_flag("--system-store", o->system_store, "Also trust the system's CA store");
  cmd.add_flag("--json", o->json, "Print the outcome as JSON (docs/keystore.md)");
  cmd.add_flag("--force", o->store.force, "Install even if the reply is expired, not yet valid, or does not verify");
  o->time.add_to(cmd, false);
  cmd.footer(
      "Finds the key entry (or the pending key of 'csr --new-key') whose public key matches the reply, completes\n"
      "the chain from the reply, the store's own certificates and --ca-file, verifies it, and replaces that\n"
      "entry's chain only. Warns when the new certificate drops a name or changes the subject.\n\n"
      "Example:\n  certkeep keystore receive STGWKS.p12 renewed.p7b --password-file pw --ca-file corp-root.pem");
  return [o] { return run_receive(*o); };
}

}  // namespace certkeep::cli
