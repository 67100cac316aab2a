#include "core/x509/certificate.h"

#include <algorithm>
#include <mutex>

#include "core/ossl/bio.h"
#include "core/ossl/error.h"
#include "core/ossl/ptr.h"
#include "core/ossl/thread_context.h"
#include "core/x509/certificate_fields.h"
#include "core/x509/details.h"
#include "core/x509/lite_certificate.h"

namespace certkeep {

// Each step happens once, whichever thread asks first, and only when asked: decoding (without the public
// key, x509::LiteCertificate), the details, and the X509 with its decoded key, which verification, key
// matching and writing need but listing a certificate mostly does not. So a store of a thousand trusted
// certificates can be rewritten without decoding them, and `inspect` shows a certificate without
// OpenSSL building a key decoder for it.
struct Certificate::Body {
  std::vector<std::uint8_t> der;
  std::optional<x509::CertificateFields> fields;
  mutable std::once_flag decoded;
  mutable x509::LiteCertificatePtr lite;
  mutable std::optional<Error> decode_error;
  mutable std::once_flag full;
  mutable ossl::UniquePtr<X509> x509;
  mutable std::once_flag described;
  mutable CertificateDetails details;

  void decode() const {
    ossl::clear_errors();
    std::size_t used = 0;
    auto c = x509::decode_lite(der, used);
    if (!c) {
      decode_error = ossl::make_error(ErrorCode::malformed, "not a valid DER certificate");
    } else if (used != der.size()) {
      decode_error = Error{ErrorCode::malformed, "unexpected data after the certificate at offset " + std::to_string(used)};
    } else if (auto ok = x509::check_certificate(x509::view_of(*c)); !ok) {
      decode_error = ok.error();
    } else {
      lite = std::move(c);
    }
  }

  // d2i_X509 accepts what decode_lite accepted (the same templates); should it not, x509() is null.
  void decode_full() const {
    const unsigned char* p = der.data();
    x509.reset(reinterpret_cast<X509*>(ASN1_item_d2i_ex(nullptr, &p, static_cast<long>(der.size()),
                                                        ASN1_ITEM_rptr(X509), ossl::decoding_context(), nullptr)));
    ossl::clear_errors();
  }

  // The X509, decoded on first use; for a certificate that decoded (lite).
  X509* full_x509() const {
    std::call_once(full, [this] { decode_full(); });
    return x509.get();
  }

  CertificateDetails describe() const {
    const auto view = x509::view_of(*lite);
    auto key = x509::describe_encoded_key(*lite->tbs->key);
    if (!key) {
      X509* x = full_x509();
      key = x509::describe_key(x != nullptr ? X509_get0_pubkey(x) : nullptr);
    }
    bool self_signed = false;
    if (x509::self_issued(view)) {
      X509* x = full_x509();
      self_signed = x != nullptr && x509::signature_is_its_own(x);
    }
    auto d = x509::extract_details(view, der, std::move(*key), self_signed);
    return d ? std::move(*d) : CertificateDetails{};
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
  auto body = std::make_shared<Body>();
  if (auto fields = x509::locate_fields(der)) body->fields = *fields;
  body->der = std::move(der);
  body->x509 = ossl::up_ref(x509);
  std::call_once(body->full, [] {});
  Certificate cert(body);
  if (auto ok = cert.parse(); !ok) return ok.error();  // checks what check_certificate checks, on the same bytes
  return cert;
}

Result<void> Certificate::parse() const {
  std::call_once(body_->decoded, [this] { body_->decode(); });
  if (body_->decode_error) return *body_->decode_error;
  return {};
}

X509* Certificate::x509() const {
  return parse() ? body_->full_x509() : nullptr;
}

const CertificateDetails& Certificate::details() const {
  std::call_once(body_->described, [this] {
    if (parse()) body_->details = body_->describe();
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
