#include "core/x509/certificate.h"

#include <algorithm>
#include <mutex>

#include "core/ossl/bio.h"
#include "core/ossl/error.h"
#include "core/ossl/ptr.h"
#include "core/ossl/thread_context.h"
#include "core/x509/certificate_fields.h"
#include "core/x509/details.h"

namespace certkeep {

// Decoding and details happen once, whichever thread asks first; the details on first use, so that a
// store of a thousand trusted certificates can be rewritten without verifying a thousand self-signatures.
struct Certificate::Body {
  std::vector<std::uint8_t> der;
  std::optional<x509::CertificateFields> fields;
  mutable std::once_flag decoded;
  mutable ossl::UniquePtr<X509> x509;
  mutable std::optional<Error> decode_error;
  mutable std::once_flag described;
  mutable CertificateDetails details;

  void decode() const {
    ossl::clear_errors();
    const unsigned char* p = der.data();
    ossl::UniquePtr<X509> x(reinterpret_cast<X509*>(ASN1_item_d2i_ex(
        nullptr, &p, static_cast<long>(der.size()), ASN1_ITEM_rptr(X509), ossl::decoding_context(), nullptr)));
    const auto used = static_cast<std::size_t>(p - der.data());
    if (!x) {
      decode_error = ossl::make_error(ErrorCode::malformed, "not a valid DER certificate");
    } else if (used != der.size()) {
      decode_error = Error{ErrorCode::malformed, "unexpected data after the certificate at offset " + std::to_string(used)};
    } else if (auto ok = x509::check_certificate(x.get()); !ok) {
      decode_error = ok.error();
    } else {
      x509 = std::move(x);
    }
  }
};

Result<Certificate> Certificate::deferred(std::span<const std::uint8_t> der) {
  auto fields = x509::locate_fields(der);
  if (!fields) {
    // OpenSSL reads a few encodings the locator does not follow (a name whose SEQUENCE tag lacks the
    // constructed bit): such a certificate is decoded now, as from_der decodes it.
    if (auto now = from_der(der)) return now;
    return fields.error();
  }
  auto body = std::make_shared<Body>();
  body->der.assign(der.begin(), der.end());
  body->fields = *fields;
  return Certificate(std::move(body));
}

Result<Certificate> Certificate::from_der(std::span<const std::uint8_t> der) {
  auto body = std::make_shared<Body>();
  body->der.assign(der.begin(), der.end());
  Certificate cert(body);
  if (auto ok = cert.parse(); !ok) return ok.error();
  if (auto fields = x509::locate_fields(der)) body->fields = *fields;
  return cert;
}

Result<Certificate> Certificate::from_x509(X509* x509) {
  if (x509 == nullptr) return fail(ErrorCode::internal, "null certificate");
  auto der = ossl::x509_to_der(x509);
  if (der.empty()) return ossl::make_error(ErrorCode::malformed, "certificate cannot be re-encoded");
  if (auto ok = x509::check_certificate(x509); !ok) return ok.error();
  auto body = std::make_shared<Body>();
  if (auto fields = x509::locate_fields(der)) body->fields = *fields;
  body->der = std::move(der);
  body->x509 = ossl::up_ref(x509);
  std::call_once(body->decoded, [] {});
  return Certificate(std::move(body));
}

Result<void> Certificate::parse() const {
  std::call_once(body_->decoded, [this] { body_->decode(); });
  if (body_->decode_error) return *body_->decode_error;
  return {};
}

X509* Certificate::x509() const {
  (void)parse();
  return body_->x509.get();
}

const CertificateDetails& Certificate::details() const {
  std::call_once(body_->described, [this] {
    if (X509* x = x509())
      if (auto d = x509::extract_details(x, body_->der)) body_->details = std::move(*d);
  });
  return body_->details;
}

std::span<const std::uint8_t> Certificate::der() const { return body_->der; }

std::optional<EncodedFields> Certificate::encoded() const {
  if (!body_->fields) return std::nullopt;
  const std::span<const std::uint8_t> der = body_->der;
  return EncodedFields{body_->fields->subject.in(der), body_->fields->issuer.in(der), body_->fields->public_key.in(der)};
}

bool Certificate::operator==(const Certificate& other) const {
  return body_ == other.body_ || std::ranges::equal(body_->der, other.body_->der);
}

}  // namespace certkeep
