// certkeep keystore create | genkey | csr
#include <iostream>
#include <memory>

#include "cli/exit_codes.h"
#include "cli/keystore_cmds.h"
#include "cli/store_file.h"
#include "cli/terminal.h"
#include "core/operations/keys.h"
#include "core/util/atomic_file.h"

namespace certkeep::cli {
namespace {

struct CreateOptions {
  StoreOptions store;
  std::string type = "pkcs12";
};

int run_create(const CreateOptions& o) {
  auto s = new_store(o.store, o.type);
  if (!s) return report_failure(o.store.file, s.error());
  return save_and_report(*s, o.store, Existing::create, system_now());
}

struct GenKeyOptions {
  StoreOptions store;
  ops::GenKeyRequest request;
  std::string key = "rsa:2048";
};

int run_genkey(GenKeyOptions o) {
  auto spec = parse_key_spec(o.key);
  if (!spec) return report_failure(o.store.file, spec.error());
  auto store = open_store(o.store, Access::write);
  if (!store) return report_failure(o.store.file, store.error());
  o.request.key = *spec;
  o.request.now = system_now();
  auto added = ops::generate_key_entry(store->keystore, o.request);
  if (!added) return report_failure(o.store.file, added.error());
  const auto& d = store->keystore.entries[*added].chain.front().details();
  std::cout << "added key entry '" << o.request.alias << "': " << d.public_key.algorithm << " "
            << (d.public_key.curve ? *d.public_key.curve : std::to_string(d.public_key.bits)) << ", self-signed "
            << d.subject << ", valid until " << format_iso8601(d.not_after) << "\n";
  return save_and_report(*store, o.store, Existing::replace, o.request.now);
}

struct CsrOptions {
  StoreOptions store;
  std::string alias;
  std::string out;
  bool new_key = false;
};

int run_csr(const CsrOptions& o) {
  auto store = open_store(o.store, o.new_key ? Access::write : Access::read);
  if (!store) return report_failure(o.store.file, store.error());
  const UnixTime now = system_now();
  auto csr = ops::request_certificate(store->keystore, ops::CsrRequest{o.alias, o.new_key, now});
  if (!csr) return report_failure(o.store.file, csr.error());
  for (const auto& n : csr->notes) print_warning(o.store.file + ": " + n);
  const std::string pem = csr_pem(csr->der);
  if (csr->store_changed)
    if (int rc = save_and_report(*store, o.store, Existing::replace, now); rc != kOk) return rc;
  if (o.out.empty()) {
    std::cout << pem;
  } else {
    const std::vector<std::uint8_t> bytes(pem.begin(), pem.end());
    auto w = write_file_atomically(o.out, bytes, AtomicWrite{Existing::create, false, now});
    if (!w) return report_failure(o.out, w.error());
    std::cerr << "certificate request for the key of '" << csr->key_alias << "' written to " << o.out << "\n";
  }
  return kOk;
}

}  // namespace

std::function<int()> setup_keystore_create(CLI::App& cmd) {
  auto o = std::make_shared<CreateOptions>();
  cmd.add_option("FILE", o->store.file, "The keystore to create (must not exist)")->required()->type_name("FILE");
  o->store.password.add_to(cmd);
  cmd.add_option("--type", o->type, "pkcs12 (default), jks or jceks")->type_name("TYPE");
  cmd.footer("Example:\n  certkeep keystore create gateway.p12 --password-file pw\n\n"
             "Without a password option, asks for one twice on the terminal. The file is created with mode 0600.");
  return [o] { return run_create(*o); };
}

std::function<int()> setup_keystore_genkey(CLI::App& cmd) {
  auto o = std::make_shared<GenKeyOptions>();
  add_store_options(cmd, o->store, Access::write);
  cmd.add_option("--alias", o->request.alias, "Alias of the new entry")->required()->type_name("ALIAS");
  cmd.add_option("--subject", o->request.subject, "Subject DN: \"CN=gw.example.com,O=Example,C=US\" or \"/C=US/O=Example/CN=gw.example.com\"")
      ->required()
      ->type_name("DN");
  cmd.add_option("--san", o->request.subject_alt_names, "Subject alternative names: DNS:name,IP:addr,email:x,URI:u")
      ->type_name("LIST");
  cmd.add_option("--key", o->key, "rsa:2048 (default), rsa:3072, rsa:4096, ec:P-256, ec:P-384 or ed25519")->type_name("SPEC");
  cmd.add_option("--days", o->request.days, "Validity of the self-signed placeholder (default 90)")->type_name("N");
  cmd.footer("Example:\n  certkeep keystore genkey gateway.p12 --password-file pw --alias gateway \\\n"
             "      --subject \"CN=gw.example.com,O=Example\" --san DNS:gw.example.com --key ec:P-256\n\n"
             "Then 'certkeep keystore csr' for the request to send to the CA, and 'receive' for its reply.");
  return [o] { return run_genkey(*o); };
}

std::function<int()> setup_keystore_csr(CLI::App& cmd) {
  auto o = std::make_shared<CsrOptions>();
  add_store_options(cmd, o->store, Access::write);
  cmd.add_option("--alias", o->alias, "The key entry to request a certificate for")->required()->type_name("ALIAS");
  cmd.add_option("--out", o->out, "Write the PEM request to this new file (default: standard output)")->type_name("FILE");
  cmd.add_flag("--new-key", o->new_key,
               "Request for a new key of the same type, kept as ALIAS.pending until 'receive' installs its "
               "certificate under ALIAS (the old key keeps serving until then)");
  cmd.footer("The subject and subject alternative names are those of the entry's current certificate.\n\n"
             "Examples:\n  certkeep keystore csr gateway.p12 --password-file pw --alias gateway --out gateway.csr\n"
             "  certkeep keystore csr gateway.p12 --password-file pw --alias gateway --new-key --out gateway.csr");
  return [o] { return run_csr(*o); };
}

}  // namespace certkeep::cli
