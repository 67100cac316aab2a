#include "core/ossl/providers.h"

#include <mutex>

#include <openssl/provider.h>

namespace certkeep::ossl {

bool ensure_providers() {
  static std::once_flag once;
  static bool have_legacy = false;
  std::call_once(once, [] {
    // Loading "legacy" explicitly disables the implicit default; load both. These stay loaded for the
    // life of the process, by design.
    OSSL_PROVIDER_load(nullptr, "default");
    have_legacy = OSSL_PROVIDER_load(nullptr, "legacy") != nullptr;
  });
  return have_legacy;
}

}  // namespace certkeep::ossl
