#include "gateway/tls_contexts.h"

#include "core/ossl/error.h"

namespace certkeep::gateway {
namespace {

Result<void> apply_policy(SSL_CTX* ctx, const TlsPolicy& policy) {
  if (SSL_CTX_set_min_proto_version(ctx, policy.min_version != 0 ? policy.min_version : TLS1_2_VERSION) != 1 ||
      SSL_CTX_set_max_proto_version(ctx, policy.max_version) != 1)
    return ossl::make_error(ErrorCode::invalid, "TLS version limits refused");
  if (!policy.ciphers.empty() && SSL_CTX_set_cipher_list(ctx, policy.ciphers.c_str()) != 1)
    return ossl::make_error(ErrorCode::invalid, "ciphers \"" + policy.ciphers + "\" selects no cipher OpenSSL knows");
  if (!policy.ciphersuites.empty() && SSL_CTX_set_ciphersuites(ctx, policy.ciphersuites.c_str()) != 1)
    return ossl::make_error(ErrorCode::invalid, "ciphersuites \"" + policy.ciphersuites + "\" selects no TLS 1.3 suite OpenSSL knows");
  return {};
}

Result<void> use_certificate(SSL_CTX* ctx, const LoadedCertificate& cert) {
  const auto& chain = cert.served_chain;
  if (SSL_CTX_use_certificate(ctx, chain.front().x509()) != 1 || SSL_CTX_use_PrivateKey(ctx, cert.identity.key.pkey()) != 1)
    return ossl::make_error(ErrorCode::invalid, "OpenSSL refused the certificate or key");
  for (std::size_t i = 1; i < chain.size(); ++i)
    if (SSL_CTX_add1_chain_cert(ctx, chain[i].x509()) != 1) return ossl::make_error(ErrorCode::internal, "cannot add a chain certificate");
  if (SSL_CTX_check_private_key(ctx) != 1) return ossl::make_error(ErrorCode::invalid, "key and certificate mismatch");
  return {};
}

Result<void> trust(SSL_CTX* ctx, const std::vector<Certificate>& anchors) {
  X509_STORE* store = SSL_CTX_get_cert_store(ctx);  // get0: owned by ctx
  for (const auto& a : anchors)
    if (X509_STORE_add_cert(store, a.x509()) != 1) ossl::clear_errors();  // a duplicate is harmless
  return {};
}

ossl::UniquePtr<SSL_CTX> new_context(const SSL_METHOD* method) {
  ossl::UniquePtr<SSL_CTX> ctx(SSL_CTX_new(method));
  if (ctx) SSL_CTX_set_options(ctx.get(), SSL_OP_NO_COMPRESSION | SSL_OP_NO_RENEGOTIATION | SSL_OP_CIPHER_SERVER_PREFERENCE);
  return ctx;
}

}  // namespace

Result<ossl::UniquePtr<SSL_CTX>> server_context(const LoadedCertificate& cert, const TlsPolicy& policy, ClientAuth client_auth,
                                                const std::vector<Certificate>& client_anchors, TicketKeys& tickets) {
  ossl::clear_errors();
  auto ctx = new_context(TLS_server_method());
  if (!ctx) return ossl::make_error(ErrorCode::internal, "cannot make a TLS server context");
  if (auto ok = apply_policy(ctx.get(), policy); !ok) return ok.error();
  if (auto ok = use_certificate(ctx.get(), cert); !ok) return ok.error();
  SSL_CTX_set_session_cache_mode(ctx.get(), SSL_SESS_CACHE_OFF);  // stateless tickets only
  static constexpr unsigned char kSessionContext[] = "certkeep-gateway";
  SSL_CTX_set_session_id_context(ctx.get(), kSessionContext, sizeof kSessionContext - 1);
  tickets.install(ctx.get());
  if (client_auth != ClientAuth::none) {
    (void)trust(ctx.get(), client_anchors);
    STACK_OF(X509_NAME)* ca_names = sk_X509_NAME_new_null();
    for (const auto& a : client_anchors) sk_X509_NAME_push(ca_names, X509_NAME_dup(X509_get_subject_name(a.x509())));
    SSL_CTX_set_client_CA_list(ctx.get(), ca_names);  // set0: ctx owns the list
    const int mode = SSL_VERIFY_PEER | (client_auth == ClientAuth::required ? SSL_VERIFY_FAIL_IF_NO_PEER_CERT : 0);
    SSL_CTX_set_verify(ctx.get(), mode, nullptr);
  }
  return ctx;
}

Result<ossl::UniquePtr<SSL_CTX>> client_context(const LoadedCertificate* client, const TlsPolicy& policy,
                                                const std::vector<Certificate>& anchors) {
  ossl::clear_errors();
  auto ctx = new_context(TLS_client_method());
  if (!ctx) return ossl::make_error(ErrorCode::internal, "cannot make a TLS client context");
  if (auto ok = apply_policy(ctx.get(), policy); !ok) return ok.error();
  if (client != nullptr)
    if (auto ok = use_certificate(ctx.get(), *client); !ok) return ok.error();
  (void)trust(ctx.get(), anchors);
  SSL_CTX_set_verify(ctx.get(), SSL_VERIFY_PEER, nullptr);
  X509_VERIFY_PARAM_set_flags(SSL_CTX_get0_param(ctx.get()), X509_V_FLAG_X509_STRICT);
  return ctx;
}

}  // namespace certkeep::gateway
