#include "core/keystore/pkcs7.h"

#include <openssl/pkcs7.h>

#include "core/ossl/error.h"
#include "core/ossl/ptr.h"

namespace certkeep::pkcs7 {

Result<std::vector<Certificate>> certificates(const PKCS7* p7) {
  if (OBJ_obj2nid(p7->type) != NID_pkcs7_signed || p7->d.sign == nullptr)
    return fail(ErrorCode::unsupported, "PKCS#7 content is not SignedData; it carries no certificates");
  std::vector<Certificate> out;
  STACK_OF(X509)* certs = p7->d.sign->cert;
  for (int i = 0; i < sk_X509_num(certs); ++i) {
    auto cert = Certificate::from_x509(sk_X509_value(certs, i));
    if (!cert) return cert.error();
    out.push_back(std::move(*cert));
  }
  return out;
}

Result<std::vector<Certificate>> certificates_from_der(std::span<const std::uint8_t> der) {
  ossl::clear_errors();
  const unsigned char* p = der.data();
  ossl::UniquePtr<PKCS7> p7(d2i_PKCS7(nullptr, &p, static_cast<long>(der.size())));
  if (!p7 || p != der.data() + der.size()) return ossl::make_error(ErrorCode::malformed, "not a valid PKCS#7 structure");
  return certificates(p7.get());
}

}  // namespace certkeep::pkcs7
