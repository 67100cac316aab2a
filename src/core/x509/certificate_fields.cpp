#include "core/x509/certificate_fields.h"

#include <string>
#include <string_view>

#include "core/util/der.h"

namespace certkeep::x509 {
namespace {

constexpr std::uint8_t kSequence = 0x30, kInteger = 0x02, kBitString = 0x03, kVersion = 0xA0;

// A field of the certificate as a FieldSpan: Cursors over it are based at the certificate's first byte.
Result<FieldSpan> take(der::Cursor& c, std::uint8_t tag, std::string_view what) {
  auto t = c.take(tag, what);
  if (!t) return t.error();
  return FieldSpan{t->offset, t->bytes.size()};
}

Result<CertificateFields> tbs_fields(der::Cursor& tbs) {
  if (tbs.next_is(kVersion))
    if (auto v = take(tbs, kVersion, "the version"); !v) return v.error();
  auto serial = take(tbs, kInteger, "the serial number");
  if (!serial) return serial.error();
  auto signature = take(tbs, kSequence, "the signature algorithm");
  if (!signature) return signature.error();
  auto issuer = take(tbs, kSequence, "the issuer");
  if (!issuer) return issuer.error();
  auto validity = take(tbs, kSequence, "the validity");
  if (!validity) return validity.error();
  auto subject = take(tbs, kSequence, "the subject");
  if (!subject) return subject.error();
  auto key = take(tbs, kSequence, "the public key");
  if (!key) return key.error();
  return CertificateFields{*issuer, *subject, *key};
}

}  // namespace

Result<CertificateFields> locate_fields(std::span<const std::uint8_t> der) {
  der::Cursor whole(der);
  auto cert = whole.enter(kSequence, "a certificate");
  if (!cert) return cert.error();
  if (!whole.at_end())
    return fail(ErrorCode::malformed, "unexpected data after the certificate at offset " + std::to_string(whole.offset()));
  auto tbs = cert->enter(kSequence, "the certificate's contents");
  if (!tbs) return tbs.error();
  auto fields = tbs_fields(*tbs);
  if (!fields) return fields.error();
  if (auto a = cert->take(kSequence, "the signature algorithm"); !a) return a.error();
  if (auto s = cert->take(kBitString, "the signature"); !s) return s.error();
  if (!cert->at_end()) return fail(ErrorCode::malformed, "unexpected data inside the certificate at offset " + std::to_string(cert->offset()));
  return fields;
}

}  // namespace certkeep::x509
