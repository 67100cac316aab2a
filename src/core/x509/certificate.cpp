#include "core/x509/certificate.h"

#include <algorithm>
#include <mutex>

#include "core/ossl/bio.h"
#include "core/ossl/error.h"
#include "core/ossl/ptr.h"
#include "core/x509/details.h"

namespace certkeep {

// The details are computed on first use (once, whichever thread asks first): a store of a thousand
// trusted certificates can be rewritten without verifying a thousand self-signatures.
struct Certificate::Body {
  ossl::UniquePtr<X509> x509;
  std::vector<std::uint8_t> der;
  mutable std::once_flag described;
  mutable CertificateDetails details;
};

Result<Certificate> Certificate::from_der(std::span<const std::uint8_t> der) {
  if (auto known = CertificateReuse::find(der)) return *known;
  ossl::clear_errors();
  const unsigned char* p = der.data();
  ossl::UniquePtr<X509> x(d2i_X509(nullptr, &p, static_cast<long>(der.size())));
  if (!x) return ossl::make_error(ErrorCode::malformed, "not a valid DER certificate");
  const auto used = static_cast<std::size_t>(p - der.data());
  if (used != der.size())
    return fail(ErrorCode::malformed, "unexpected data after the certificate at offset " + std::to_string(used));
  return make(std::move(x), std::vector<std::uint8_t>(der.begin(), der.end()));
}

Result<Certificate> Certificate::from_x509(X509* x509) {
  if (x509 == nullptr) return fail(ErrorCode::internal, "null certificate");
  auto der = ossl::x509_to_der(x509);
  if (der.empty()) return ossl::make_error(ErrorCode::malformed, "certificate cannot be re-encoded");
  return make(ossl::up_ref(x509), std::move(der));
}

Result<Certificate> Certificate::make(ossl::UniquePtr<X509> x509, std::vector<std::uint8_t> der) {
  if (auto ok = x509::check_certificate(x509.get()); !ok) return ok.error();
  auto body = std::make_shared<Body>();
  body->x509 = std::move(x509);
  body->der = std::move(der);
  return Certificate(std::move(body));
}

const CertificateDetails& Certificate::details() const {
  std::call_once(body_->described, [this] {
    // check_certificate passed in make(), so extraction cannot fail here.
    if (auto d = x509::extract_details(body_->x509.get(), body_->der)) body_->details = std::move(*d);
  });
  return body_->details;
}

namespace {

thread_local CertificateReuse* innermost_reuse = nullptr;

std::string_view as_text(std::span<const std::uint8_t> bytes) {
  return {reinterpret_cast<const char*>(bytes.data()), bytes.size()};  // NOLINT(cppcoreguidelines-pro-type-reinterpret-cast)
}

}  // namespace

CertificateReuse::CertificateReuse(std::span<const Certificate> known) : outer_(innermost_reuse) {
  by_der_.reserve(known.size());
  for (const auto& c : known) by_der_.emplace(as_text(c.der()), c);
  innermost_reuse = this;
}

CertificateReuse::~CertificateReuse() { innermost_reuse = outer_; }

std::optional<Certificate> CertificateReuse::find(std::span<const std::uint8_t> der) {
  if (innermost_reuse == nullptr) return std::nullopt;
  const auto& map = innermost_reuse->by_der_;
  const auto it = map.find(as_text(der));
  if (it == map.end()) return std::nullopt;
  return it->second;
}

bool Certificate::operator==(const Certificate& other) const {
  return body_ == other.body_ || std::ranges::equal(body_->der, other.body_->der);
}

}  // namespace certkeep

namespace certkeep {
X509* Certificate::x509() const { return body_->x509.get(); }
std::span<const std::uint8_t> Certificate::der() const { return body_->der; }
}  // namespace certkeep
