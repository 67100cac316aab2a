// certkeep keystore — create, inspect and change PKCS#12, JKS and JCEKS keystores (docs/keystore.md).
#include <sys/prctl.h>
#include <sys/resource.h>

#include <array>
#include <memory>

#include "cli/exit_codes.h"
#include "cli/keystore_cmds.h"

namespace certkeep::cli {

std::span<const Command> keystore_subcommands() {
  static const std::array<Command, 11> kSubcommands = {{
      {"list", "One line per entry: alias, kind, subject, expiry", setup_keystore_list},
      {"show", "Every detail of every entry, or of one (--alias)", setup_keystore_show},
      {"create", "Create an empty PKCS#12, JKS or JCEKS keystore", setup_keystore_create},
      {"genkey", "Add a new key with a self-signed placeholder certificate", setup_keystore_genkey},
      {"csr", "Write a certificate request for an entry (or for a new key with --new-key)", setup_keystore_csr},
      {"receive", "Install the certificate a CA sent back for an entry's key (renewal)", setup_keystore_receive},
      {"import", "Add a certificate, a key with its chain, or a whole keystore (conversion)", setup_keystore_import},
      {"export", "Write an entry's certificate, chain, key or a PKCS#12 of it", setup_keystore_export},
      {"delete", "Remove an entry", setup_keystore_delete},
      {"rename", "Change an entry's alias", setup_keystore_rename},
      {"passwd", "Change the store password (and JKS/JCEKS key passwords)", setup_keystore_passwd},
  }};
  return kSubcommands;
}

namespace {

// Private keys and passwords are in this process's memory while a keystore command runs: no core dump
// may carry them to disk, and no other process of the same user may attach to read them.
void keep_secrets_in_memory() {
  const rlimit none{0, 0};
  (void)::setrlimit(RLIMIT_CORE, &none);
  (void)::prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
}

}  // namespace

std::function<int()> setup_keystore(CLI::App& cmd) {
  cmd.require_subcommand(1);
  cmd.footer(
      "Every change is written atomically (temporary file, fsync, rename) after the new store has been read\n"
      "back with its password; the previous file is kept as FILE.<UTC time>.certkeep.bak (--no-backup to\n"
      "skip). A refused or failed command leaves every file byte-identical. A store keeps its own protection\n"
      "algorithms unless --upgrade-protection.\n\n"
      "Exit status: 0 done, 3 unreadable input, 4 wrong password, 5 no such file or alias, 6 conflict\n"
      "(duplicate alias, reply for another key), 7 reply refused (expired, chain does not verify),\n"
      "8 the file could not be written, 64 usage. See docs/keystore.md.");
  auto chosen = std::make_shared<std::function<int()>>();
  for (const auto& c : keystore_subcommands()) {
    auto* sub = cmd.add_subcommand(std::string(c.name), std::string(c.summary));
    auto fn = c.setup(*sub);
    sub->callback([chosen, fn] { *chosen = fn; });
  }
  return [chosen] {
    keep_secrets_in_memory();
    return *chosen ? (*chosen)() : int{kUsage};
  };
}

}  // namespace certkeep::cli
