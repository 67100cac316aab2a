// certkeep keystore delete | rename | passwd
#include <iostream>
#include <memory>

#include "cli/exit_codes.h"
#include "cli/keystore_cmds.h"
#include "cli/store_file.h"
#include "cli/terminal.h"
#include "core/operations/entries.h"

namespace certkeep::cli {
namespace {

struct EditOptions {
  StoreOptions store;
  std::string alias;
  std::string new_alias;
  PasswordOptions new_password{"new-", "new store password"};
  PasswordOptions new_key_password{"new-key-", "new key password (JKS/JCEKS; default: the new store password)"};
};

// Opens the store, applies `change` to it and writes it back; what `change` says it did is printed
// once the store is written, so that a refused write never reads as done.
int edit(const EditOptions& o, const std::function<Result<std::string>(OpenStore&)>& change) {
  auto store = open_store(o.store, Access::write);
  if (!store) return report_failure(o.store.file, store.error());
  auto done = change(*store);
  if (!done) return report_failure(o.store.file, done.error());
  auto written = save_store(*store, o.store, Existing::replace, system_now());
  if (!written) return report_failure(store->path, written.error());
  std::cout << *done << "\n";
  print_written(store->path, *written);
  return kOk;
}

Result<std::string> change_passwords(const EditOptions& o, OpenStore& s) {
  auto password = new_store_password(o.new_password, s.path);
  if (!password) return password.error();
  auto key_password = o.new_key_password.resolve();
  if (!key_password) return key_password.error();
  s.password = std::move(*password);
  s.key_password = *key_password;
  // A secret key is copied as sealed (keystore.h, Entry::opaque): it keeps its own password, as keytool
  // -storepasswd leaves it.
  for (const auto& e : s.keystore.entries)
    if (e.kind == EntryKind::secret_key)
      print_warning(s.path + ": secret key '" + e.alias + "' keeps the password it was sealed with (the old one)");
  return "changed the password of " + s.path + (s.key_password ? " and its key password" : "");
}

}  // namespace

std::function<int()> setup_keystore_delete(CLI::App& cmd) {
  auto o = std::make_shared<EditOptions>();
  add_store_options(cmd, o->store, Access::write);
  cmd.add_option("--alias", o->alias, "The entry to remove")->required()->type_name("ALIAS");
  return [o] {
    return edit(*o, [&](OpenStore& s) -> Result<std::string> {
      auto removed = ops::delete_entry(s.keystore, o->alias);
      if (!removed) return removed.error();
      return "deleted " + std::string(to_string(removed->kind)) + " '" + removed->alias + "'";
    });
  };
}

std::function<int()> setup_keystore_rename(CLI::App& cmd) {
  auto o = std::make_shared<EditOptions>();
  add_store_options(cmd, o->store, Access::write);
  cmd.add_option("--alias", o->alias, "The entry to rename")->required()->type_name("ALIAS");
  cmd.add_option("--to", o->new_alias, "Its new alias")->required()->type_name("ALIAS");
  return [o] {
    return edit(*o, [&](OpenStore& s) -> Result<std::string> {
      if (auto ok = ops::rename_entry(s.keystore, o->alias, o->new_alias); !ok) return ok.error();
      return "renamed '" + o->alias + "' to '" + o->new_alias + "'";
    });
  };
}

std::function<int()> setup_keystore_passwd(CLI::App& cmd) {
  auto o = std::make_shared<EditOptions>();
  add_store_options(cmd, o->store, Access::write);
  o->new_password.add_to(cmd);
  o->new_key_password.add_to(cmd);
  cmd.footer("Without --new-password-file or --new-password-env, asks twice on the terminal. PKCS#12 keys are\n"
             "protected with the store password; JKS and JCEKS keys get --new-key-password-* or the new store password.\n\n"
             "Example:\n  certkeep keystore passwd trust.jks --password-file old --new-password-file new");
  return [o] { return edit(*o, [&](OpenStore& s) { return change_passwords(*o, s); }); };
}

}  // namespace certkeep::cli
