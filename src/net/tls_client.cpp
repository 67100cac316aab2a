#include "net/tls_client.h"

#include <openssl/ssl.h>

#include "core/ossl/error.h"
#include "net/tls_names.h"

namespace certkeep::net {
namespace {

int observer_index() {
  static const int index = SSL_get_ex_new_index(0, nullptr, nullptr, nullptr, nullptr);
  return index;
}

HandshakeObserver* observer_of(const SSL* ssl) {
  return static_cast<HandshakeObserver*>(SSL_get_ex_data(ssl, observer_index()));
}

void on_info(const SSL* ssl, int where, int value) {
  auto* o = observer_of(ssl);
  if (o == nullptr || (where & SSL_CB_ALERT) == 0) return;
  const bool fatal = (value >> 8) == SSL3_AL_FATAL;
  const int description = value & 0xff;
  if (!fatal && description != SSL_AD_CLOSE_NOTIFY) return;
  auto& slot = (where & SSL_CB_READ) != 0 ? o->alert_received : o->alert_sent;
  if (!slot) slot = description;
}

// Called on a client when the server sends CertificateRequest: note it, go on with what is configured.
int on_certificate_request(SSL* ssl, void* /*arg*/) {
  if (auto* o = observer_of(ssl)) o->certificate_requested = true;
  return 1;
}

int on_new_session(SSL* ssl, SSL_SESSION* /*session*/) {
  if (auto* o = observer_of(ssl)) o->ticket_received = true;
  return 0;  // not kept: every probe is a full handshake
}

Error refused(const std::string& what) { return ossl::make_error(ErrorCode::invalid, what); }

Result<void> use_identity(SSL* ssl, const ClientIdentity& id) {
  if (id.chain.empty()) return fail(ErrorCode::invalid, "the client identity has no certificate");
  if (SSL_use_certificate(ssl, id.chain.front().x509()) != 1) return refused("cannot use the client certificate");
  if (SSL_use_PrivateKey(ssl, id.key.pkey()) != 1) return refused("cannot use the client private key");
  if (SSL_check_private_key(ssl) != 1) return fail(ErrorCode::invalid, "the client private key does not match its certificate");
  for (std::size_t i = 1; i < id.chain.size(); ++i)  // SSL_add1_chain_cert, without the macro's C cast
    if (SSL_ctrl(ssl, SSL_CTRL_CHAIN_CERT, 1, id.chain[i].x509()) != 1) return refused("cannot add the client certificate's chain");
  return {};
}

Result<void> use_alpn(SSL* ssl, const std::vector<std::string>& protocols) {
  std::vector<unsigned char> wire;
  for (const auto& p : protocols) {
    if (p.empty() || p.size() > 255) return fail(ErrorCode::invalid, "ALPN protocol names are 1 to 255 bytes: \"" + p + "\"");
    wire.push_back(static_cast<unsigned char>(p.size()));
    wire.insert(wire.end(), p.begin(), p.end());
  }
  // SSL_set_alpn_protos returns 0 on success, unlike nearly everything else in OpenSSL.
  if (SSL_set_alpn_protos(ssl, wire.data(), static_cast<unsigned>(wire.size())) != 0) return refused("cannot offer ALPN");
  return {};
}

std::string group_name(SSL* ssl) {
  const int nid = static_cast<int>(SSL_get_negotiated_group(ssl));
  if (nid != NID_undef) {
    if (const char* name = SSL_group_to_name(ssl, nid)) return name;
  }
  EVP_PKEY* key = nullptr;
  if (SSL_get_peer_tmp_key(ssl, &key) != 1) return {};
  const ossl::UniquePtr<EVP_PKEY> owned(key);
  return EVP_PKEY_get0_type_name(key) != nullptr ? EVP_PKEY_get0_type_name(key) : std::string();
}

}  // namespace

asio::ssl::context make_probe_context() {
  asio::ssl::context ctx(asio::ssl::context::tls_client);
  SSL_CTX* native = ctx.native_handle();
  SSL_CTX_set_verify(native, SSL_VERIFY_NONE, nullptr);
  SSL_CTX_set_session_cache_mode(native, SSL_SESS_CACHE_CLIENT | SSL_SESS_CACHE_NO_INTERNAL_STORE);
  SSL_CTX_sess_set_new_cb(native, on_new_session);
  SSL_CTX_set_info_callback(native, on_info);
  return ctx;
}

Result<void> prepare_connection(SSL* ssl, const ProbeOptions& options, const std::string& sni, HandshakeObserver& observer) {
  SSL_set_ex_data(ssl, observer_index(), &observer);
  SSL_set_cert_cb(ssl, on_certificate_request, nullptr);
  // SSL_set_tlsext_host_name, without the macro's C cast
  if (!sni.empty() && SSL_ctrl(ssl, SSL_CTRL_SET_TLSEXT_HOSTNAME, TLSEXT_NAMETYPE_host_name, const_cast<char*>(sni.c_str())) != 1) return refused("cannot send the server name \"" + sni + "\"");
  if (!options.alpn.empty()) {
    if (auto r = use_alpn(ssl, options.alpn); !r) return r;
  }
  if (options.min_version != 0 && SSL_set_min_proto_version(ssl, options.min_version) != 1)
    return refused("cannot set the minimum TLS version");
  if (options.max_version != 0 && SSL_set_max_proto_version(ssl, options.max_version) != 1)
    return refused("cannot set the maximum TLS version");
  if (options.request_ocsp) SSL_set_tlsext_status_type(ssl, TLSEXT_STATUSTYPE_ocsp);
  if (options.client) return use_identity(ssl, *options.client);
  return {};
}

void record_session(SSL* ssl, ProbeReport& report) {
  report.protocol = SSL_get_version(ssl);
  if (const SSL_CIPHER* c = SSL_get_current_cipher(ssl)) {
    const char* standard = SSL_CIPHER_standard_name(c);
    report.cipher = standard != nullptr ? standard : SSL_CIPHER_get_name(c);
  }
  report.group = group_name(ssl);
  const unsigned char* alpn = nullptr;
  unsigned alpn_len = 0;
  SSL_get0_alpn_selected(ssl, &alpn, &alpn_len);
  if (alpn != nullptr) report.alpn.assign(reinterpret_cast<const char*>(alpn), alpn_len);
  const unsigned char* ocsp = nullptr;
  const long ocsp_len = SSL_get_tlsext_status_ocsp_resp(ssl, &ocsp);
  if (ocsp != nullptr && ocsp_len > 0) report.ocsp_response.assign(ocsp, ocsp + ocsp_len);
  if (STACK_OF(X509)* served = SSL_get_peer_cert_chain(ssl)) {
    for (int i = 0; i < sk_X509_num(served); ++i)
      if (auto c = Certificate::from_x509(sk_X509_value(served, i))) report.chain.push_back(std::move(*c));
  }
}

}  // namespace certkeep::net
