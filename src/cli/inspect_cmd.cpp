// certkeep inspect PATH... — the "View Details" and "cert tool" steps for every format an admin meets.
#include <iostream>
#include <sstream>

#include <unistd.h>

#include "cli/certificate_files.h"
#include "cli/commands.h"
#include "cli/exit_codes.h"
#include "cli/password_options.h"
#include "cli/render_json.h"
#include "cli/render_text.h"
#include "cli/terminal.h"
#include "cli/time_options.h"

namespace certkeep::cli {
namespace {

struct InspectOptions {
  std::vector<std::string> paths;
  PasswordOptions password;
  TimeOptions time;
  bool json = false;
  bool verbose = false;
  bool no_color = false;
  unsigned threads = 0;
  std::vector<std::string> ca_files;
  bool system_store = false;
};

class Inspector {
 public:
  Inspector(const InspectOptions& o, Judgement j, std::vector<PasswordCandidate> pw, bool supplied,
            std::optional<ChainCheckOptions> chain_check)
      : opts_(o), judgement_(j), passwords_(std::move(pw)), can_prompt_(!supplied && stdin_is_tty()),
        chain_check_(std::move(chain_check)) {
    style_.color = !o.no_color && !o.json && stdout_is_tty();
    style_.verbose = o.verbose;
    progress_ = !stdout_is_tty() && ::isatty(2) == 1;
  }

  // Files are read as the walk finds them: memory stays flat however many there are. Each report is
  // rendered on the worker that read it; this thread only writes, in order.
  int run(PathWalk& walk) {
    if (opts_.json) begin_json();
    InventoryOptions io{passwords_, opts_.threads, chain_check_};
    inspect_files(
        walk, io, [this](FileReport&& r) { return finish(std::move(r)); },
        [this](Finished&& f) {
          emit(f.report ? finish(retry_with_prompt(std::move(*f.report))) : std::move(f));
          show_progress();
        });
    if (progress_shown_) std::cerr << "\r\033[K";
    if (opts_.json) end_json();
    else render_totals_text(std::cout, totals_, style_);
    return totals_.exit_code();
  }

 private:
  static constexpr std::size_t kProgressMin = 200;

  // A file's report, ready to print.
  struct Finished {
    std::optional<FileReport> report;  // kept only when no password opened it: this thread may prompt
    Totals totals;                     // this file's share
    std::string error, warning;        // a line for stderr each, or empty
    std::string output;                // its JSON object or its text
  };

  static bool needs_password(const FileReport& r) {
    return r.error && r.error->code == ErrorCode::bad_password;
  }

  // Thread-safe: reads only what does not change while files are read (not prompted_, not passwords_).
  Finished finish(FileReport&& r) const {
    Finished f;
    if (needs_password(r) && can_prompt_) {  // (no prompt possible: no retry with a prompted password)
      f.report = std::move(r);
      return f;
    }
    f.totals.add(r, judgement_);
    if (r.error) f.error = r.path + ": " + r.error->message;
    f.warning = opened_with_warning(r);
    if (opts_.json) {
      JsonWriter w(f.output);
      write_file(w, r, judgement_);
    } else {
      std::ostringstream text;
      render_file_text(text, r, judgement_, style_);
      f.output = std::move(text).str();
    }
    return f;
  }

  // On a terminal with no password given, a store that no candidate opens earns a prompt; the answer is
  // kept for the files that follow. Files read concurrently before the answer are read again with it.
  FileReport retry_with_prompt(FileReport r) {
    if (prompted_) {
      r = inspect_file(r.path, options());
      if (!needs_password(r)) return r;
    }
    if (!can_prompt_) return r;
    auto pw = prompt_secret("Password for " + r.path + ": ");
    if (!pw) return r;
    passwords_.insert(passwords_.begin(), PasswordCandidate{std::move(*pw), false});
    prompted_ = true;
    return inspect_file(r.path, options());
  }

  InventoryOptions options() const { return InventoryOptions{passwords_, opts_.threads, chain_check_}; }

  void emit(const Finished& f) {
    totals_.merge(f.totals);
    if (!f.error.empty()) print_error(f.error);
    if (!f.warning.empty()) print_warning(f.warning);
    if (opts_.json) {
      std::cout << (first_ ? "\n  " : ",\n  ") << f.output;
      first_ = false;
    } else {
      std::cout << f.output;
    }
  }

  // The total is not known until the walk ends: the count so far, from the 200th file on.
  void show_progress() {
    if (!progress_ || totals_.files < kProgressMin || totals_.files % 50 != 0) return;
    std::cerr << "\rinspected " << totals_.files << " files" << std::flush;
    progress_shown_ = true;
  }

  void begin_json() {
    std::cout << "{\"schema_version\":" << kJsonSchemaVersion << ",\"command\":\"inspect\",\"at\":\""
              << format_iso8601(judgement_.at) << "\",\"warn_days\":" << judgement_.policy.warn_days
              << ",\"files\":[";
  }

  void end_json() {
    std::string totals;
    JsonWriter w(totals);
    write_totals(w, totals_);
    std::cout << "\n],\"totals\":" << totals << ",\"exit_code\":" << totals_.exit_code() << "}\n";
  }

  const InspectOptions& opts_;
  Judgement judgement_;
  std::vector<PasswordCandidate> passwords_;
  bool can_prompt_;
  bool prompted_ = false;
  std::optional<ChainCheckOptions> chain_check_;
  TextStyle style_;
  Totals totals_;
  bool progress_ = false;
  bool progress_shown_ = false;
  bool first_ = true;
};

}  // namespace

std::function<int()> setup_inspect(CLI::App& cmd) {
  auto o = std::make_shared<InspectOptions>();
  cmd.add_option("paths", o->paths, "Files or directories (searched recursively); format is detected from content")
      ->required()
      ->type_name("PATH");
  o->password.add_to(cmd);
  o->time.add_to(cmd);
  cmd.add_flag("--json", o->json, "Machine-readable output (schema: docs/json-schema.md)");
  cmd.add_flag("-v,--verbose", o->verbose, "Show every field: key usage, constraints, key ids, MD5 and SHA-1");
  cmd.add_flag("--no-color", o->no_color, "Never color the output");
  cmd.add_option("--threads", o->threads, "Files read in parallel (default: one per core)");
  cmd.add_option("--ca-file", o->ca_files,
                 "Also verify every chain against the trust anchors in this file (any format; repeatable)")
      ->allow_extra_args(false)
      ->type_name("FILE");
  cmd.add_flag("--system-store", o->system_store, "Also verify every chain against the system's trusted CAs");
  cmd.footer(
      "Reads PEM, DER, PKCS#7, PKCS#10, PKCS#12, JKS and JCEKS files and private keys.\n"
      "Keystore passwords: --password-file, --password-env, or a prompt on a terminal; the well-known\n"
      "defaults (WebAS, changeit, password, empty) are tried last and earn a warning when they work.\n\n"
      "Exit status: 0 all valid, 1 something expires within --warn-days, 2 something expired or not yet\n"
      "valid (or, with --ca-file/--system-store, a chain does not verify), 3 an input could not be read.\n\n"
      "Examples:\n"
      "  certkeep inspect /etc/ssl/private/server.pem\n"
      "  certkeep inspect --password-file pw.txt config/cells/ --warn-days 45\n"
      "  certkeep inspect --at 2027-01-01 --json key.p12 | jq '.files[].entries[].chain[0].status'\n"
      "  certkeep inspect --ca-file corporate-root.pem /etc/nginx/certs/");
  return [o] {
    auto judgement = o->time.judgement();
    if (!judgement) {
      print_error(judgement.error().message);
      return static_cast<int>(kUsage);
    }
    auto supplied = o->password.resolve();
    if (!supplied) {
      print_error(supplied.error().message);
      return static_cast<int>(kUnknown);
    }
    auto passwords = password_candidates(*supplied);
    std::optional<ChainCheckOptions> chain_check;
    if (!o->ca_files.empty() || o->system_store) {
      auto anchors = read_anchors(o->ca_files, o->system_store, passwords, supplied->has_value());
      if (!anchors) {
        print_error(anchors.error().message);
        return static_cast<int>(kUnknown);
      }
      chain_check = ChainCheckOptions{std::move(*anchors), judgement->at};
    }
    PathWalk walk(o->paths);
    Inspector inspector(*o, *judgement, std::move(passwords), supplied->has_value(), std::move(chain_check));
    return inspector.run(walk);
  };
}

}  // namespace certkeep::cli
