// certkeep keystore receive FILE REPLY — install a CA's reply for an entry's key (docs/keystore.md).
#include <iostream>
#include <memory>

#include <fmt/format.h>

#include "cli/certificate_files.h"
#include "cli/exit_codes.h"
#include "cli/keystore_cmds.h"
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
  TimeOptions time;
};

std::string column(const std::optional<Certificate>& c, const std::string& (*field)(const CertificateDetails&)) {
  return c ? field(c->details()) : std::string("-");
}

void print_side_by_side(const ops::ReceiveOutcome& r, const Certificate& leaf) {
  const std::optional<Certificate> now{leaf};
  const auto row = [](std::string_view label, const std::string& a, const std::string& b) {
    std::cout << fmt::format("  {:<11} {:<40} {}\n", label, a, b);
  };
  const auto time_of = [](const std::optional<Certificate>& c, bool after) {
    return c ? format_iso8601(after ? c->details().not_after : c->details().not_before) : std::string("-");
  };
  std::cout << "entry '" << r.alias << "'" << (r.pending_used ? " (key from '" + *r.pending_used + "')" : "") << "\n";
  row("", "old", "new");
  row("serial", column(r.old_leaf, [](const CertificateDetails& d) -> const std::string& { return d.serial; }),
      column(now, [](const CertificateDetails& d) -> const std::string& { return d.serial; }));
  row("not before", time_of(r.old_leaf, false), time_of(now, false));
  row("not after", time_of(r.old_leaf, true), time_of(now, true));
  row("subject", column(r.old_leaf, [](const CertificateDetails& d) -> const std::string& { return d.subject; }),
      column(now, [](const CertificateDetails& d) -> const std::string& { return d.subject; }));
  const auto& anchor = r.chain.back().details().subject;
  std::cout << fmt::format("  chain: {} certificate{}{}\n", r.chain.size(), r.chain.size() == 1 ? "" : "s",
                           r.verification.anchored ? ", verified up to " + anchor : ", not verified to a trust anchor");
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
  if (outcome->unchanged) {
    std::cout << "entry '" << outcome->alias << "' already holds this certificate and chain; " << o.store.file
              << " was not changed\n";
    return kOk;
  }
  auto written = save_store(*store, o.store, Existing::replace, system_now());
  if (!written) return report_failure(o.store.file, written.error());
  for (const auto& w : outcome->warnings) print_warning(o.store.file + ": " + w);
  print_side_by_side(*outcome, outcome->chain.front());
  print_written(o.store.file, *written);
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
