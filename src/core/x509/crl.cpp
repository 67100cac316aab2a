#include "core/x509/crl.h"

#include <openssl/err.h>
#include <openssl/pem.h>

#include "core/ossl/bio.h"
#include "core/ossl/error.h"
#include "core/ossl/ptr.h"

namespace certkeep {

struct Crl::Body {
  ossl::UniquePtr<X509_CRL> crl;
};

Result<std::vector<Crl>> Crl::read_all(std::span<const std::uint8_t> bytes) {
  ossl::clear_errors();
  std::vector<Crl> out;
  auto wrap = [&out](X509_CRL* crl) {
    auto body = std::make_shared<Body>();
    body->crl.reset(crl);
    out.push_back(Crl(std::move(body)));
  };
  const unsigned char* p = bytes.data();
  if (!bytes.empty() && bytes.front() == 0x30) {  // a DER SEQUENCE
    X509_CRL* crl = d2i_X509_CRL(nullptr, &p, static_cast<long>(bytes.size()));
    if (crl == nullptr || p != bytes.data() + bytes.size()) {
      const ossl::UniquePtr<X509_CRL> owned(crl);
      return ossl::make_error(ErrorCode::malformed, "not a valid DER certificate revocation list");
    }
    wrap(crl);
    return out;
  }
  auto bio = ossl::read_bio(bytes);
  while (X509_CRL* crl = PEM_read_bio_X509_CRL(bio.get(), nullptr, nullptr, nullptr)) wrap(crl);
  // The loop ends at the end of the data (PEM_R_NO_START_LINE) or at a block that does not decode.
  const unsigned long last = ERR_peek_last_error();
  const bool clean_end = ERR_GET_LIB(last) == ERR_LIB_PEM && ERR_GET_REASON(last) == PEM_R_NO_START_LINE;
  if (!clean_end && last != 0) return ossl::make_error(ErrorCode::malformed, "a certificate revocation list cannot be decoded");
  ossl::clear_errors();
  if (out.empty()) return fail(ErrorCode::not_found, "holds no certificate revocation list (PEM \"X509 CRL\" or DER)");
  return out;
}

X509_CRL* Crl::x509_crl() const { return body_->crl.get(); }

}  // namespace certkeep
