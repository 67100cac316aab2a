#include "core/x509/verify_system_store.h"

#include <cstdlib>
#include <string>

#include <openssl/x509.h>
#include <openssl/x509_vfy.h>

#include "core/ossl/error.h"
#include "core/ossl/ptr.h"

namespace certkeep {
namespace {

std::string default_bundle() {
  const char* env = std::getenv(X509_get_default_cert_file_env());
  return env != nullptr && *env != '\0' ? env : X509_get_default_cert_file();
}

}  // namespace

Result<std::vector<Certificate>> system_trust_anchors() {
  const std::string file = default_bundle();
  ossl::clear_errors();
  ossl::UniquePtr<X509_STORE> store(X509_STORE_new());
  if (!store) return ossl::make_error(ErrorCode::internal, "out of memory");
  if (X509_STORE_load_file(store.get(), file.c_str()) != 1)
    return ossl::make_error(ErrorCode::not_found, file + ": cannot read the system trust store");
  ossl::X509Stack certs(X509_STORE_get1_all_certs(store.get()));
  std::vector<Certificate> out;
  for (int i = 0; certs && i < sk_X509_num(certs.get()); ++i) {
    auto c = Certificate::from_x509(sk_X509_value(certs.get(), i));
    if (c) out.push_back(std::move(*c));
  }
  ossl::clear_errors();
  if (out.empty()) return fail(ErrorCode::not_found, file + ": the system trust store holds no certificates");
  return out;
}

}  // namespace certkeep
