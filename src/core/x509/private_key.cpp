#include "core/x509/private_key.h"

#include <algorithm>
#include <vector>

#include "core/ossl/bio.h"
#include "core/ossl/error.h"
#include "core/ossl/ptr.h"
#include "core/ossl/thread_context.h"
#include "core/x509/details.h"

namespace certkeep {

struct PrivateKey::Body {
  ossl::UniquePtr<EVP_PKEY> key;
  PublicKeyInfo info;
  std::vector<std::uint8_t> public_key_der;  // SubjectPublicKeyInfo; empty if it cannot be encoded
};

namespace {

std::vector<std::uint8_t> public_key_der(const EVP_PKEY* key) {
  auto der = ossl::to_der(key, i2d_PUBKEY);
  ossl::clear_errors();
  return der;
}

}  // namespace

Result<PrivateKey> PrivateKey::from_pkey(EVP_PKEY* key) {
  if (key == nullptr) return fail(ErrorCode::internal, "null private key");
  auto body = std::make_shared<Body>();
  body->key = ossl::up_ref(key);
  body->info = x509::describe_key(key);
  body->public_key_der = public_key_der(key);
  return PrivateKey(std::move(body));
}

Result<PrivateKey> PrivateKey::from_pkcs8_der(std::span<const std::uint8_t> der) {
  ossl::clear_errors();
  const unsigned char* p = der.data();
  ossl::UniquePtr<PKCS8_PRIV_KEY_INFO> p8(d2i_PKCS8_PRIV_KEY_INFO(nullptr, &p, static_cast<long>(der.size())));
  if (!p8) return ossl::make_error(ErrorCode::malformed, "not a valid PKCS#8 private key");
  ossl::UniquePtr<EVP_PKEY> key(EVP_PKCS82PKEY_ex(p8.get(), ossl::decoding_context(), nullptr));
  if (!key) return ossl::make_error(ErrorCode::unsupported, "PKCS#8 private key of an unsupported type");
  return from_pkey(key.get());
}

const PublicKeyInfo& PrivateKey::info() const { return body_->info; }

bool PrivateKey::matches_encoded(const Certificate& cert) const {
  const auto fields = cert.encoded();
  return fields && !body_->public_key_der.empty() && std::ranges::equal(fields->public_key, body_->public_key_der);
}

bool PrivateKey::matches(const Certificate& cert) const {
  if (matches_encoded(cert)) return true;
  if (!cert.parse()) return false;
  const EVP_PKEY* pub = X509_get0_pubkey(cert.x509());
  const bool same = pub != nullptr && EVP_PKEY_eq(pub, body_->key.get()) == 1;
  ossl::clear_errors();
  return same;
}

EVP_PKEY* PrivateKey::pkey() const { return body_->key.get(); }

}  // namespace certkeep
