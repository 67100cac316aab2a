#include "core/x509/certificate_fields.h"

#include <string>
#include <string_view>

#include "core/util/der.h"

namespace certkeep::x509 {
namespace {

constexpr std::uint8_t kSequence = 0x30, kInteger = 0x02, kBitString = 0x03, kVersion = 0xA0;

// Reads TLVs one after the other inside `bytes`, which start at `base` in the certificate.
class Fields {
 public:
  Fields(std::span<const std::uint8_t> bytes, std::size_t base) : bytes_(bytes), base_(base) {}

  bool at_end() const { return pos_ == bytes_.size(); }
  std::size_t offset() const { return base_ + pos_; }
  bool next_is(std::uint8_t tag) const { return pos_ < bytes_.size() && bytes_[pos_] == tag; }

  // The next TLV, which must have `tag`; `what` names it in the error.
  Result<FieldSpan> take(std::uint8_t tag, std::string_view what) {
    auto h = header(tag, what);
    if (!h) return h.error();
    const FieldSpan f{offset(), h->header_length + h->content_length};
    pos_ += f.length;
    return f;
  }

  // The contents of the next TLV, as a reader of their own.
  Result<Fields> enter(std::uint8_t tag, std::string_view what) {
    auto h = header(tag, what);
    if (!h) return h.error();
    Fields inner(bytes_.subspan(pos_ + h->header_length, h->content_length), offset() + h->header_length);
    pos_ += h->header_length + h->content_length;
    return inner;
  }

 private:
  Result<der::Header> header(std::uint8_t tag, std::string_view what) const {
    if (!next_is(tag)) return fail(ErrorCode::malformed, "expected " + std::string(what) + " at offset " + std::to_string(offset()));
    return der::read_header(bytes_.subspan(pos_), offset());
  }

  std::span<const std::uint8_t> bytes_;
  std::size_t base_;
  std::size_t pos_ = 0;
};

Result<CertificateFields> tbs_fields(Fields& tbs) {
  if (tbs.next_is(kVersion))
    if (auto v = tbs.take(kVersion, "the version"); !v) return v.error();
  CertificateFields out;
  auto serial = tbs.take(kInteger, "the serial number");
  if (!serial) return serial.error();
  auto signature = tbs.take(kSequence, "the signature algorithm");
  if (!signature) return signature.error();
  auto issuer = tbs.take(kSequence, "the issuer");
  if (!issuer) return issuer.error();
  auto validity = tbs.take(kSequence, "the validity");
  if (!validity) return validity.error();
  auto subject = tbs.take(kSequence, "the subject");
  if (!subject) return subject.error();
  auto key = tbs.take(kSequence, "the public key");
  if (!key) return key.error();
  return CertificateFields{*issuer, *subject, *key};
}

}  // namespace

Result<CertificateFields> locate_fields(std::span<const std::uint8_t> der) {
  Fields whole(der, 0);
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
