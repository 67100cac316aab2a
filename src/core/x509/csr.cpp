#include "core/x509/csr.h"

#include "core/ossl/bio.h"
#include "core/ossl/error.h"
#include "core/ossl/ptr.h"
#include "core/x509/details.h"

namespace certkeep {
namespace {

std::vector<GeneralName> requested_sans(X509_REQ* req) {
  std::vector<GeneralName> out;
  STACK_OF(X509_EXTENSION)* exts = X509_REQ_get_extensions(req);
  if (exts == nullptr) return out;
  auto* names = static_cast<GENERAL_NAMES*>(X509V3_get_d2i(exts, NID_subject_alt_name, nullptr, nullptr));
  sk_X509_EXTENSION_pop_free(exts, X509_EXTENSION_free);
  ossl::UniquePtr<GENERAL_NAMES> owned(names);
  if (!owned) return out;
  for (int i = 0; i < sk_GENERAL_NAME_num(owned.get()); ++i)
    out.push_back(x509::general_name(sk_GENERAL_NAME_value(owned.get(), i)));
  return out;
}

}  // namespace

Result<CertificateRequest> CertificateRequest::from_der(std::span<const std::uint8_t> der) {
  ossl::clear_errors();
  const unsigned char* p = der.data();
  ossl::UniquePtr<X509_REQ> req(d2i_X509_REQ(nullptr, &p, static_cast<long>(der.size())));
  if (!req) return ossl::make_error(ErrorCode::malformed, "not a valid PKCS#10 certificate request");
  return from_x509_req(req.get());
}

Result<CertificateRequest> CertificateRequest::from_x509_req(X509_REQ* req) {
  auto d = std::make_shared<CsrDetails>();
  const X509_NAME* subject = X509_REQ_get_subject_name(req);
  d->subject = x509::name_rfc4514(subject);
  d->subject_oneline = x509::name_oneline(subject);
  d->subject_alt_names = requested_sans(req);
  EVP_PKEY* pub = X509_REQ_get0_pubkey(req);
  d->public_key = x509::describe_key(pub);
  d->signature_algorithm = OBJ_nid2ln(X509_REQ_get_signature_nid(req));
  d->signature_valid = pub != nullptr && X509_REQ_verify(req, pub) == 1;
  if (const auto der = ossl::to_der(req, i2d_X509_REQ); !der.empty()) d->sha256 = x509::fingerprint(der, "SHA256");
  ossl::clear_errors();
  return CertificateRequest(std::move(d));
}

}  // namespace certkeep
