// certkeep keystore list | show FILE
#include <iostream>
#include <memory>

#include <fmt/format.h>

#include "cli/exit_codes.h"
#include "cli/keystore_cmds.h"
#include "cli/render_json.h"
#include "cli/render_text.h"
#include "cli/store_file.h"
#include "cli/terminal.h"
#include "cli/time_options.h"
#include "core/operations/entries.h"
#include "core/x509/expiry.h"

namespace certkeep::cli {
namespace {

struct ViewOptions {
  StoreOptions store;
  TimeOptions time;
  std::string alias;
  bool json = false;
  bool no_color = false;
};

void add_view_options(CLI::App& cmd, ViewOptions& o) {
  add_store_options(cmd, o.store, Access::read);
  o.time.add_to(cmd);
  cmd.add_option("--alias", o.alias, "Only this entry")->type_name("ALIAS");
  cmd.add_flag("--json", o.json, "JSON as 'certkeep inspect --json' writes it (docs/json-schema.md)");
  cmd.add_flag("--no-color", o.no_color, "No colors, even on a terminal");
}

// The store as an inspect report, narrowed to --alias when given.
Result<FileReport> report_of(const ViewOptions& o, OpenStore store) {
  if (!o.alias.empty()) {
    auto i = ops::find_alias(store.keystore, o.alias);
    if (!i) return i.error();
    store.keystore.entries = {store.keystore.entries[*i]};
  }
  FileReport r;
  r.path = store.path;
  r.result = ReadResult{std::move(store.keystore), OpenedWith{}};
  return r;
}

std::string leaf_line(const Entry& e, const Judgement& j) {
  if (e.chain.empty()) return "-";
  const auto& d = e.chain.front().details();
  const auto status = judge_expiry(d, j.at, j.policy);
  return fmt::format("{}  {:>5}d  {:<13}  {}", format_iso8601(d.not_after), days_between(j.at, d.not_after),
                     to_string(status), d.subject);
}

void print_list(const Keystore& ks, const Judgement& j) {
  std::cout << fmt::format("{}  {} entries  {}\n", to_string(ks.format), ks.entries.size(), ks.protection);
  for (const auto& e : ks.entries)
    std::cout << fmt::format("  {:<24} {:<20} {}\n", e.alias.empty() ? "(no alias)" : e.alias, to_string(e.kind), leaf_line(e, j));
}

int run_view(const ViewOptions& o, bool detailed) {
  auto judgement = o.time.judgement();
  if (!judgement) return report_failure(o.store.file, judgement.error());
  auto store = open_store(o.store, Access::read);
  if (!store) return report_failure(o.store.file, store.error());
  auto report = report_of(o, std::move(*store));
  if (!report) return report_failure(o.store.file, report.error());
  Totals totals;
  totals.add(*report, *judgement);
  if (o.json) {
    std::cout << file_json(*report, *judgement).dump(2) << "\n";
  } else if (detailed) {
    render_file_text(std::cout, *report, *judgement, TextStyle{!o.no_color && stdout_is_tty(), true});
  } else {
    print_list(report->result->keystore, *judgement);
  }
  return totals.exit_code();
}

std::function<int()> setup_view(CLI::App& cmd, bool detailed) {
  auto o = std::make_shared<ViewOptions>();
  add_view_options(cmd, *o);
  cmd.footer(detailed ? "Example:\n  certkeep keystore show gateway.p12 --password-file pw --alias gateway"
                      : "Example:\n  certkeep keystore list truststore.jks --password-env STOREPASS\n\n"
                        "Exit status as 'certkeep inspect': 0 all valid, 1 expiring, 2 expired, 3 unreadable.");
  return [o, detailed] { return run_view(*o, detailed); };
}

}  // namespace

std::function<int()> setup_keystore_list(CLI::App& cmd) { return setup_view(cmd, false); }
std::function<int()> setup_keystore_show(CLI::App& cmd) { return setup_view(cmd, true); }

}  // namespace certkeep::cli
