#include "core/x509/name_match.h"

#include <algorithm>

#include <openssl/x509.h>

#include "core/ossl/error.h"
#include "core/ossl/ptr.h"

namespace certkeep::x509 {
namespace {

using Bytes = std::span<const std::uint8_t>;

ossl::UniquePtr<X509_NAME> decode_name(Bytes der) {
  const unsigned char* p = der.data();
  return ossl::UniquePtr<X509_NAME>(d2i_X509_NAME(nullptr, &p, static_cast<long>(der.size())));
}

bool canonically_equal(Bytes a, Bytes b) {
  const auto x = decode_name(a);
  const auto y = decode_name(b);
  const bool equal = x && y && X509_NAME_cmp(x.get(), y.get()) == 0;
  ossl::clear_errors();
  return equal;
}

// Names that could not be located compare as OpenSSL would, on the decoded certificates.
bool decoded_equal(const X509_NAME* a, const X509_NAME* b) { return a != nullptr && b != nullptr && X509_NAME_cmp(a, b) == 0; }

bool equal(Bytes a, Bytes b, NameMatch how) {
  if (std::ranges::equal(a, b)) return true;
  return how == NameMatch::canonical && canonically_equal(a, b);
}

const X509_NAME* subject_of(const Certificate& c) { return c.parse() ? X509_get_subject_name(c.x509()) : nullptr; }
const X509_NAME* issuer_of(const Certificate& c) { return c.parse() ? X509_get_issuer_name(c.x509()) : nullptr; }

}  // namespace

bool names_issuer(const Certificate& issuer, const Certificate& subject, NameMatch how) {
  const auto i = issuer.encoded();
  const auto s = subject.encoded();
  if (!i || !s) return how == NameMatch::encoded || decoded_equal(subject_of(issuer), issuer_of(subject));
  return equal(i->subject, s->issuer, how);
}

}  // namespace certkeep::x509
