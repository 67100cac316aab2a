// certkeep keystore import | export
#include <filesystem>
#include <iostream>
#include <memory>

#include "cli/exit_codes.h"
#include "cli/keystore_cmds.h"
#include "cli/store_file.h"
#include "cli/terminal.h"
#include "core/operations/transfer.h"

namespace certkeep::cli {
namespace {

struct ImportOptions {
  StoreOptions store;
  StoreOptions source;
  std::string alias;
  std::string type;  // creates FILE when it does not exist
};

Result<OpenStore> destination(const ImportOptions& o, bool fresh) {
  if (!fresh) {
    if (!o.type.empty()) return fail(ErrorCode::invalid, "already exists: --type is only for creating a new store");
    return open_store(o.store, Access::write);
  }
  if (o.type.empty()) return fail(ErrorCode::not_found, "no such file; give --type pkcs12|jks|jceks to create it");
  return new_store(o.store, o.type);
}

int run_import(const ImportOptions& o) {
  const bool fresh = !std::filesystem::exists(o.store.file);
  auto dest = destination(o, fresh);
  if (!dest) return report_failure(o.store.file, dest.error());
  auto source = open_store(o.source, Access::source);
  if (!source) return report_failure(o.source.file, source.error());
  const UnixTime now = system_now();
  auto imported = ops::import_entries(dest->keystore, source->keystore, o.alias.empty() ? std::nullopt : std::optional(o.alias), now);
  if (!imported) return report_failure(o.store.file, imported.error());
  for (const auto& n : imported->notes) print_warning(o.source.file + ": " + n);
  for (const auto& a : imported->added) std::cout << "imported '" << a << "'\n";
  return save_and_report(*dest, o.store, fresh ? Existing::create : Existing::replace, now);
}

struct ExportOptions {
  StoreOptions store;
  PasswordOptions out_password{"out-", "password for the exported key or PKCS#12 (default: the store's)"};
  std::string alias, cert, chain, key, pkcs12;
  bool unencrypted = false;
};

struct Target {
  ops::ExportWhat what;
  std::string path;
};

Result<Target> target_of(const ExportOptions& o) {
  std::vector<Target> given;
  if (!o.cert.empty()) given.push_back({ops::ExportWhat::certificate, o.cert});
  if (!o.chain.empty()) given.push_back({ops::ExportWhat::chain, o.chain});
  if (!o.key.empty()) given.push_back({ops::ExportWhat::key, o.key});
  if (!o.pkcs12.empty()) given.push_back({ops::ExportWhat::pkcs12, o.pkcs12});
  if (given.size() != 1) return fail(ErrorCode::invalid, "give exactly one of --cert, --chain, --key, --pkcs12 OUT");
  return given.front();
}

int run_export(const ExportOptions& o) {
  auto target = target_of(o);
  if (!target) return report_failure(o.store.file, target.error());
  auto store = open_store(o.store, Access::read);
  if (!store) return report_failure(o.store.file, store.error());
  auto out_password = o.out_password.resolve();
  if (!out_password) return report_failure(o.store.file, out_password.error());
  ops::ExportRequest request{o.alias, target->what, out_password->value_or(store->password), o.unencrypted};
  auto bytes = ops::export_entry(store->keystore, request);
  if (!bytes) return report_failure(o.store.file, bytes.error());
  auto written = write_file_atomically(target->path, *bytes, AtomicWrite{Existing::create, false, system_now()});
  if (!written) return report_failure(target->path, written.error());
  std::cout << "wrote " << target->path << "\n";
  return kOk;
}

}  // namespace

std::function<int()> setup_keystore_import(CLI::App& cmd) {
  auto o = std::make_shared<ImportOptions>();
  add_store_options(cmd, o->store, Access::write);
  o->source.password = PasswordOptions{"source-", "password of SOURCE"};
  cmd.add_option("SOURCE", o->source.file, "A certificate, PEM key + chain, PKCS#12, JKS or JCEKS")->required()->type_name("SOURCE");
  o->source.password.add_to(cmd);
  cmd.add_option("--alias", o->alias, "Alias for the imported entry (SOURCE must hold one)")->type_name("ALIAS");
  cmd.add_option("--type", o->type, "Create FILE as pkcs12, jks or jceks when it does not exist (conversion)")->type_name("TYPE");
  cmd.footer("Certificates without a key become trusted certificates; keys keep their chains. Aliases taken in FILE\n"
             "are refused (nothing is written).\n\n"
             "Examples:\n  certkeep keystore import trust.jks corp-root.pem --alias corp-root --password-file pw\n"
             "  certkeep keystore import new.p12 old.jks --type pkcs12 --password-file pw --source-password-file oldpw");
  return [o] { return run_import(*o); };
}

std::function<int()> setup_keystore_export(CLI::App& cmd) {
  auto o = std::make_shared<ExportOptions>();
  add_store_options(cmd, o->store, Access::read);
  cmd.add_option("--alias", o->alias, "The entry to export")->required()->type_name("ALIAS");
  cmd.add_option("--cert", o->cert, "Its certificate, PEM")->type_name("OUT");
  cmd.add_option("--chain", o->chain, "Its certificate chain, leaf first, PEM")->type_name("OUT");
  cmd.add_option("--key", o->key, "Its private key, encrypted PKCS#8 PEM")->type_name("OUT");
  cmd.add_option("--pkcs12", o->pkcs12, "Key and chain as a new PKCS#12")->type_name("OUT");
  cmd.add_flag("--unencrypted", o->unencrypted, "With --key: write the key unencrypted (mode 0600)");
  o->out_password.add_to(cmd);
  cmd.footer("OUT must not exist; it is created with mode 0600.\n\n"
             "Example:\n  certkeep keystore export gateway.p12 --password-file pw --alias gateway --chain chain.pem");
  return [o] { return run_export(*o); };
}

}  // namespace certkeep::cli
