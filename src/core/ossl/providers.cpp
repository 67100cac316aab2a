#include "core/ossl/providers.h"

#include <cstdlib>
#include <mutex>

#include <openssl/provider.h>

namespace certkeep::ossl {
namespace {

OSSL_PROVIDER* g_default = nullptr;
OSSL_PROVIDER* g_legacy = nullptr;

// Unloaded at exit so that leak checkers see every allocation returned.
void unload_providers() {
  if (g_legacy != nullptr) OSSL_PROVIDER_unload(g_legacy);
  if (g_default != nullptr) OSSL_PROVIDER_unload(g_default);
  g_legacy = g_default = nullptr;
}

}  // namespace

bool ensure_providers() {
  static std::once_flag once;
  std::call_once(once, [] {
    // Loading "legacy" explicitly disables the implicit default; load both.
    g_default = OSSL_PROVIDER_load(nullptr, "default");
    g_legacy = OSSL_PROVIDER_load(nullptr, "legacy");
    std::atexit(unload_providers);
  });
  return g_legacy != nullptr;
}

}  // namespace certkeep::ossl
