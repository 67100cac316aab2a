#include "core/ossl/thread_context.h"

#include <mutex>
#include <vector>

#include <openssl/crypto.h>
#include <openssl/provider.h>

namespace certkeep::ossl {
namespace {

// Contexts no thread is using. Never freed: objects decoded in them may outlive their threads; they
// stay reachable from here until the process ends.
struct Pool {
  std::mutex mu;
  std::vector<OSSL_LIB_CTX*> idle;
};

Pool& pool() {
  static auto* const p = new Pool;  // not destroyed at exit: threads may still give contexts back
  return *p;
}

OSSL_LIB_CTX* new_context() {
  OSSL_LIB_CTX* ctx = OSSL_LIB_CTX_new();
  if (ctx == nullptr) return nullptr;
  // As in the default context (providers.cpp): loading "legacy" explicitly needs "default" loaded too.
  if (OSSL_PROVIDER_load(ctx, "default") == nullptr) {
    OSSL_LIB_CTX_free(ctx);
    return nullptr;
  }
  (void)OSSL_PROVIDER_load(ctx, "legacy");  // absent: certificates signed with MD4 or MD2 do not verify
  return ctx;
}

OSSL_LIB_CTX* take_context() {
  {
    std::lock_guard lock(pool().mu);
    if (!pool().idle.empty()) {
      OSSL_LIB_CTX* ctx = pool().idle.back();
      pool().idle.pop_back();
      return ctx;
    }
  }
  return new_context();
}

// This thread's context, given back to the pool when the thread ends.
struct ThreadContext {
  OSSL_LIB_CTX* ctx = nullptr;
  ThreadContext() = default;
  ThreadContext(const ThreadContext&) = delete;
  ThreadContext& operator=(const ThreadContext&) = delete;
  ~ThreadContext() {
    if (ctx == nullptr) return;
    std::lock_guard lock(pool().mu);
    pool().idle.push_back(ctx);
  }
};

thread_local ThreadContext t_context;

}  // namespace

void use_own_context_on_this_thread() {
  if (t_context.ctx == nullptr) t_context.ctx = take_context();
}

OSSL_LIB_CTX* decoding_context() { return t_context.ctx; }

}  // namespace certkeep::ossl
