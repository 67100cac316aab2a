#include "cli/client_identity.h"

#include "core/operations/identity.h"

namespace certkeep::cli {

Result<std::shared_ptr<const net::ClientIdentity>> load_client_identity(const StoreOptions& store, const std::string& alias) {
  const auto named = [&](const Error& e) { return Error{e.code, "client keystore " + store.file + ": " + e.message}; };
  auto opened = open_store(store, Access::read);
  if (!opened) return named(opened.error());
  auto identity = ops::select_identity(opened->keystore, alias, "client");
  if (!identity) return named(identity.error());
  return std::make_shared<const net::ClientIdentity>(net::ClientIdentity{std::move(identity->key), std::move(identity->chain)});
}

}  // namespace certkeep::cli
