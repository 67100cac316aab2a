#include "core/keystore/pkcs12_safe_bag.h"

#include <algorithm>
#include <array>

#include <openssl/pkcs12.h>

#include "core/keystore/bmp_string.h"
#include "core/ossl/bio.h"
#include "core/ossl/error.h"
#include "core/ossl/ptr.h"
#include "core/util/der.h"

namespace certkeep::pkcs12 {
namespace {

constexpr std::uint8_t kSequence = 0x30, kSet = 0x31, kOid = 0x06, kOctets = 0x04, kExplicit0 = 0xA0;
constexpr std::uint8_t kBmpString = 0x1E, kUtf8String = 0x0C;

using Oid = std::span<const std::uint8_t>;  // an OBJECT IDENTIFIER's whole TLV

// RFC 7292 appendix D (bag types), RFC 2985 (attributes), JDK PKCS12KeyStore (trusted key usage).
constexpr std::array<std::uint8_t, 13> kKeyBag = {0x06, 0x0B, 0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x0C, 0x0A, 0x01, 0x01};
constexpr std::array<std::uint8_t, 13> kShroudedKeyBag = {0x06, 0x0B, 0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x0C, 0x0A, 0x01, 0x02};
constexpr std::array<std::uint8_t, 13> kCertBag = {0x06, 0x0B, 0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x0C, 0x0A, 0x01, 0x03};
constexpr std::array<std::uint8_t, 13> kCrlBag = {0x06, 0x0B, 0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x0C, 0x0A, 0x01, 0x04};
constexpr std::array<std::uint8_t, 13> kSecretBag = {0x06, 0x0B, 0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x0C, 0x0A, 0x01, 0x05};
constexpr std::array<std::uint8_t, 13> kSafeContentsBag = {0x06, 0x0B, 0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x0C, 0x0A, 0x01, 0x06};
constexpr std::array<std::uint8_t, 12> kX509Certificate = {0x06, 0x0A, 0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x09, 0x16, 0x01};
constexpr std::array<std::uint8_t, 11> kFriendlyName = {0x06, 0x09, 0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x09, 0x14};
constexpr std::array<std::uint8_t, 11> kLocalKeyId = {0x06, 0x09, 0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x09, 0x15};
constexpr std::array<std::uint8_t, 14> kTrustedKeyUsage = {0x06, 0x0C, 0x60, 0x86, 0x48, 0x01, 0x86, 0xF9, 0x66, 0xAD, 0xCA, 0x7B, 0x01, 0x01};
constexpr std::array<std::uint8_t, 6> kAnyExtendedKeyUsage = {0x06, 0x04, 0x55, 0x1D, 0x25, 0x00};

struct BagOid {
  BagType type;
  Oid oid;
};
constexpr std::array<BagOid, 6> kBagOids = {{{BagType::key, kKeyBag},
                                             {BagType::shrouded_key, kShroudedKeyBag},
                                             {BagType::certificate, kCertBag},
                                             {BagType::crl, kCrlBag},
                                             {BagType::secret, kSecretBag},
                                             {BagType::safe_contents, kSafeContentsBag}}};

bool same(Oid a, Oid b) { return std::ranges::equal(a, b); }

BagType bag_type(Oid oid) {
  const auto* found = std::ranges::find_if(kBagOids, [&](const BagOid& b) { return same(b.oid, oid); });
  return found != kBagOids.end() ? found->type : BagType::unknown;
}

Oid bag_oid(BagType type) {
  const auto* found = std::ranges::find(kBagOids, type, &BagOid::type);
  return found != kBagOids.end() ? found->oid : Oid{};
}

// The first value of an attribute: a friendlyName or localKeyId has exactly one (RFC 2985).
void read_attribute(Oid oid, der::Cursor values, BagAttributes& out) {
  if (same(oid, kTrustedKeyUsage)) {
    out.java_trusted = true;
    return;
  }
  if (same(oid, kFriendlyName)) {
    const bool bmp = values.next_is(kBmpString);
    auto v = values.take(bmp ? kBmpString : kUtf8String, "a friendlyName");
    if (!v) return;  // another string type: no name, as OpenSSL's reader would give
    const auto text = v->contents();
    out.friendly_name = bmp ? bmp_to_utf8(text) : std::string(text.begin(), std::ranges::find(text, 0));
    return;
  }
  if (same(oid, kLocalKeyId)) {
    if (auto v = values.take(kOctets, "a localKeyId")) out.local_key_id.assign(v->contents().begin(), v->contents().end());
  }
}

// PKCS12Attribute ::= SEQUENCE { attrId OBJECT IDENTIFIER, attrValues SET OF ANY }
Result<BagAttributes> read_attributes(der::Cursor set) {
  BagAttributes out;
  while (!set.at_end()) {
    auto attribute = set.enter(kSequence, "a bag attribute");
    if (!attribute) return attribute.error();
    auto oid = attribute->take(kOid, "an attribute type");
    if (!oid) return oid.error();
    auto values = attribute->enter(kSet, "the attribute's values");
    if (!values) return values.error();
    if (!attribute->at_end()) return fail(ErrorCode::malformed, "unexpected data in a bag attribute at offset " + std::to_string(attribute->offset()));
    read_attribute(oid->bytes, *values, out);
  }
  return out;
}

Bytes attribute(Oid oid, std::span<const std::uint8_t> value) {
  Bytes contents(oid.begin(), oid.end());
  der::append_tlv(contents, kSet, value);
  return der::tlv(kSequence, contents);
}

// The attributes as OpenSSL's i2d writes a SET OF: each element's DER, sorted (X.690 section 11.6).
Result<Bytes> encode_attributes(const BagAttributes& a) {
  std::vector<Bytes> elements;
  if (!a.friendly_name.empty()) {
    auto bmp = utf8_to_bmp(a.friendly_name);
    if (!bmp) return fail(ErrorCode::invalid, "alias '" + a.friendly_name + "' cannot be stored as a PKCS#12 friendlyName");
    elements.push_back(attribute(kFriendlyName, der::tlv(kBmpString, *bmp)));
  }
  if (!a.local_key_id.empty()) elements.push_back(attribute(kLocalKeyId, der::tlv(kOctets, a.local_key_id)));
  if (a.java_trusted) elements.push_back(attribute(kTrustedKeyUsage, kAnyExtendedKeyUsage));
  std::ranges::sort(elements);
  Bytes set;
  for (const auto& e : elements) set.insert(set.end(), e.begin(), e.end());
  return set;
}

}  // namespace

Result<SafeBag> parse_safe_bag(std::span<const std::uint8_t> bag) {
  der::Cursor whole(bag);
  auto fields = whole.enter(kSequence, "a safe bag");
  if (!fields) return fields.error();
  if (!whole.at_end()) return fail(ErrorCode::malformed, "unexpected data after a safe bag at offset " + std::to_string(whole.offset()));
  auto oid = fields->take(kOid, "the bag type");
  if (!oid) return oid.error();
  auto value = fields->enter(kExplicit0, "the bag value");
  if (!value) return value.error();
  SafeBag out;
  out.type = bag_type(oid->bytes);
  auto inner = value->take_any("the bag value");
  if (!inner) return inner.error();
  if (!value->at_end()) return fail(ErrorCode::malformed, "unexpected data after the bag value at offset " + std::to_string(value->offset()));
  out.value = inner->bytes;
  if (fields->next_is(kSet)) {
    auto set = fields->enter(kSet, "the bag attributes");
    if (!set) return set.error();
    auto attributes = read_attributes(*set);
    if (!attributes) return attributes.error();
    out.attributes = std::move(*attributes);
  }
  if (!fields->at_end()) return fail(ErrorCode::malformed, "unexpected data in a safe bag at offset " + std::to_string(fields->offset()));
  return out;
}

Result<std::vector<Bytes>> split_safe_contents(std::span<const std::uint8_t> contents) {
  der::Cursor whole(contents);
  auto bags = whole.enter(kSequence, "the safe contents");
  if (bags && whole.at_end()) {
    std::vector<Bytes> out;
    while (!bags->at_end()) {
      auto bag = bags->take(kSequence, "a safe bag");
      if (!bag) return bag.error();
      out.emplace_back(bag->bytes.begin(), bag->bytes.end());
    }
    return out;
  }
  ossl::clear_errors();
  const unsigned char* p = contents.data();
  const ossl::SafeBagStack stack(reinterpret_cast<STACK_OF(PKCS12_SAFEBAG)*>(
      ASN1_item_d2i(nullptr, &p, static_cast<long>(contents.size()), ASN1_ITEM_rptr(PKCS12_SAFEBAGS))));
  ossl::clear_errors();
  if (!stack || p != contents.data() + contents.size()) {
    if (!bags) return bags.error();
    return fail(ErrorCode::malformed, "unexpected data after the safe contents at offset " + std::to_string(whole.offset()));
  }
  std::vector<Bytes> out;
  for (int i = 0; i < sk_PKCS12_SAFEBAG_num(stack.get()); ++i) {
    auto der = ossl::to_der(sk_PKCS12_SAFEBAG_value(stack.get(), i), i2d_PKCS12_SAFEBAG);
    if (der.empty()) return ossl::make_error(ErrorCode::malformed, "a safe bag cannot be encoded");
    out.push_back(std::move(der));
  }
  return out;
}

Result<Bytes> canonical_safe_bag(std::span<const std::uint8_t> bag) {
  ossl::clear_errors();
  const unsigned char* p = bag.data();
  const ossl::UniquePtr<PKCS12_SAFEBAG> decoded(d2i_PKCS12_SAFEBAG(nullptr, &p, static_cast<long>(bag.size())));
  auto der = decoded ? ossl::to_der(decoded.get(), i2d_PKCS12_SAFEBAG) : Bytes{};
  ossl::clear_errors();
  if (der.empty()) return fail(ErrorCode::malformed, "damaged safe bag");
  return der;
}

Result<std::optional<std::span<const std::uint8_t>>> x509_certificate(std::span<const std::uint8_t> cert_bag_value) {
  der::Cursor whole(cert_bag_value);
  auto fields = whole.enter(kSequence, "a certificate bag");
  if (!fields) return fields.error();
  auto type = fields->take(kOid, "the certificate type");
  if (!type) return type.error();
  if (!same(type->bytes, kX509Certificate)) return std::optional<std::span<const std::uint8_t>>{};
  auto value = fields->enter(kExplicit0, "the certificate value");
  if (!value) return value.error();
  auto octets = value->take(kOctets, "the certificate");
  if (!octets) return octets.error();
  if (!value->at_end() || !fields->at_end())
    return fail(ErrorCode::malformed, "unexpected data in a certificate bag at offset " + std::to_string(fields->offset()));
  return std::optional(octets->contents());
}

Result<Bytes> make_safe_bag(BagType type, std::span<const std::uint8_t> value, const BagAttributes& attributes) {
  const Oid oid = bag_oid(type);
  if (oid.empty()) return fail(ErrorCode::internal, "a safe bag of an unknown type");
  auto set = encode_attributes(attributes);
  if (!set) return set.error();
  Bytes contents(oid.begin(), oid.end());
  der::append_tlv(contents, kExplicit0, value);
  if (!set->empty()) der::append_tlv(contents, kSet, *set);
  return der::tlv(kSequence, contents);
}

Bytes certificate_bag_value(std::span<const std::uint8_t> certificate) {
  Bytes contents(kX509Certificate.begin(), kX509Certificate.end());
  der::append_tlv(contents, kExplicit0, der::tlv(kOctets, certificate));
  return der::tlv(kSequence, contents);
}

Bytes join_safe_contents(std::span<const std::span<const std::uint8_t>> bags) {
  Bytes contents;
  std::size_t size = 0;
  for (const auto& b : bags) size += b.size();
  contents.reserve(size);
  for (const auto& b : bags) contents.insert(contents.end(), b.begin(), b.end());
  return der::tlv(kSequence, contents);
}

}  // namespace certkeep::pkcs12
