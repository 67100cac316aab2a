#include "core/x509/verify_openssl.h"

#include <openssl/x509_vfy.h>
#include <openssl/x509v3.h>

#include "core/ossl/error.h"
#include "core/ossl/ptr.h"

namespace certkeep::x509 {
namespace {

// Index 0 is the application's own slot (what X509_STORE_CTX_set_app_data uses).
constexpr int kSinkIndex = 0;

// Records the error and lets verification continue, so that one run reports every problem of every
// certificate. Only running out of memory stops it.
int collect_errors(int ok, X509_STORE_CTX* ctx) {
  if (ok == 1) return 1;
  const int error = X509_STORE_CTX_get_error(ctx);
  if (error == X509_V_ERR_OUT_OF_MEM) return 0;
  auto* sink = static_cast<std::vector<OpensslError>*>(X509_STORE_CTX_get_ex_data(ctx, kSinkIndex));
  const int depth = X509_STORE_CTX_get_error_depth(ctx);
  sink->push_back({error, static_cast<std::size_t>(depth < 0 ? 0 : depth)});
  return 1;
}

int openssl_purpose(Purpose p) {
  switch (p) {
    case Purpose::server: return X509_PURPOSE_SSL_SERVER;
    case Purpose::client: return X509_PURPOSE_SSL_CLIENT;
    case Purpose::any: return X509_PURPOSE_ANY;
  }
  return X509_PURPOSE_ANY;
}

// Host names match only subjectAltName dNSName entries (RFC 9525 6.3; CA/B Forum BR 7.1.4.3 deprecates
// the CN), and wildcards only as a whole left-most label (RFC 9525 6.3 rule 2).
Result<void> set_name(X509_VERIFY_PARAM* param, const std::string& name) {
  if (name.empty()) return fail(ErrorCode::invalid, "the name to check is empty");
  if (X509_VERIFY_PARAM_set1_ip_asc(param, name.c_str()) == 1) return {};
  ossl::clear_errors();
  if (X509_VERIFY_PARAM_set1_host(param, name.data(), name.size()) != 1)
    return ossl::make_error(ErrorCode::invalid, "'" + name + "' is neither a host name nor an IP address");
  return {};
}

Result<void> configure(X509_STORE_CTX* ctx, const VerifyOptions& options) {
  X509_VERIFY_PARAM* param = X509_STORE_CTX_get0_param(ctx);
  // X509_V_FLAG_PARTIAL_CHAIN: every certificate the caller trusts is a trust anchor, self-signed or not
  // (RFC 5280 6.1.1 d), so a path may end at a trusted intermediate, as in browsers.
  X509_VERIFY_PARAM_set_flags(param, X509_V_FLAG_X509_STRICT | X509_V_FLAG_CHECK_SS_SIGNATURE | X509_V_FLAG_PARTIAL_CHAIN);
  if (!options.crls.empty()) X509_VERIFY_PARAM_set_flags(param, X509_V_FLAG_CRL_CHECK | X509_V_FLAG_CRL_CHECK_ALL);
  X509_VERIFY_PARAM_set_time(param, static_cast<time_t>(options.at));
  X509_VERIFY_PARAM_set_auth_level(param, 2);
  // The subject CN is never a name of the certificate: not for the host check, and not for name
  // constraints either (OpenSSL applies DNS constraints to a CN that looks like a host name unless told
  // otherwise).
  X509_VERIFY_PARAM_set_hostflags(param, X509_CHECK_FLAG_NEVER_CHECK_SUBJECT | X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS);
  if (X509_VERIFY_PARAM_set_purpose(param, openssl_purpose(options.purpose)) != 1)
    return ossl::make_error(ErrorCode::internal, "cannot set the verification purpose");
  if (options.name) return set_name(param, *options.name);
  return {};
}

// The chain as Certificates, reusing the caller's objects (OpenSSL's chain holds the same X509s).
Result<std::vector<Certificate>> built_chain(X509_STORE_CTX* ctx, const Certificate& leaf,
                                             std::span<const Certificate> untrusted,
                                             std::span<const Certificate> anchors) {
  std::vector<Certificate> out;
  STACK_OF(X509)* chain = X509_STORE_CTX_get0_chain(ctx);
  for (int i = 0; i < sk_X509_num(chain); ++i) {
    X509* x = sk_X509_value(chain, i);
    const Certificate* known = x == leaf.x509() ? &leaf : nullptr;
    for (const auto* list : {&untrusted, &anchors})
      for (const auto& c : *list)
        if (known == nullptr && c.x509() == x) known = &c;
    if (known != nullptr) {
      out.push_back(*known);
      continue;
    }
    auto cert = Certificate::from_x509(x);
    if (!cert) return cert.error();
    out.push_back(std::move(*cert));
  }
  if (out.empty()) out.push_back(leaf);
  return out;
}

}  // namespace

Result<ossl::X509Stack> to_stack(std::span<const Certificate> certs) {
  ossl::X509Stack stack(sk_X509_new_null());
  if (!stack) return ossl::make_error(ErrorCode::internal, "out of memory");
  for (const auto& c : certs) {
    auto ref = ossl::up_ref(c.x509());
    if (sk_X509_push(stack.get(), ref.get()) <= 0) return ossl::make_error(ErrorCode::internal, "out of memory");
    (void)ref.release();  // the stack owns it now
  }
  return stack;
}

Result<ossl::UniquePtr<X509_STORE>> anchor_store(std::span<const Certificate> anchors) {
  ossl::UniquePtr<X509_STORE> store(X509_STORE_new());
  if (!store) return ossl::make_error(ErrorCode::internal, "out of memory");
  for (const auto& a : anchors)
    if (X509_STORE_add_cert(store.get(), a.x509()) != 1)  // takes its own reference
      return ossl::make_error(ErrorCode::internal, "cannot add a trust anchor");
  return store;
}

Result<OpensslVerification> openssl_verify(const Certificate& leaf, std::span<const Certificate> untrusted,
                                           std::span<const Certificate> anchors, const VerifyOptions& options) {
  ossl::clear_errors();
  auto store = anchor_store(anchors);
  if (!store) return store.error();
  for (const auto& crl : options.crls)
    if (X509_STORE_add_crl(store->get(), crl.x509_crl()) != 1)  // takes its own reference
      return ossl::make_error(ErrorCode::internal, "cannot add a certificate revocation list");
  auto stack = to_stack(untrusted);
  if (!stack) return stack.error();
  ossl::UniquePtr<X509_STORE_CTX> ctx(X509_STORE_CTX_new());
  if (!ctx || X509_STORE_CTX_init(ctx.get(), store->get(), leaf.x509(), stack->get()) != 1)
    return ossl::make_error(ErrorCode::internal, "cannot start certificate verification");
  if (auto ok = configure(ctx.get(), options); !ok) return ok.error();
  OpensslVerification result;
  X509_STORE_CTX_set_ex_data(ctx.get(), kSinkIndex, &result.errors);
  X509_STORE_CTX_set_verify_cb(ctx.get(), collect_errors);
  const int rc = X509_verify_cert(ctx.get());
  // With a callback that accepts every error, a failure here is OpenSSL's own (memory, internal).
  if (rc <= 0 && result.errors.empty())
    return ossl::make_error(ErrorCode::internal, std::string("certificate verification failed: ") +
                                                     X509_verify_cert_error_string(X509_STORE_CTX_get_error(ctx.get())));
  auto chain = built_chain(ctx.get(), leaf, untrusted, anchors);
  if (!chain) return chain.error();
  result.chain = std::move(*chain);
  ossl::clear_errors();
  return result;
}

}  // namespace certkeep::x509
