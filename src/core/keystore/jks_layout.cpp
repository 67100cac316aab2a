#include "core/keystore/jks_layout.h"

#include "core/keystore/jks_bytes.h"
#include "core/keystore/jks_integrity.h"
#include "core/keystore/jks_sealed.h"

namespace certkeep::jks {
namespace {

constexpr std::uint32_t kMaxJavaInt = 0x7FFFFFFF;

// A count or length the JDK reads as a Java int: negative values fail the reader.
std::uint32_t java_length(ByteReader& r, std::string_view what) {
  const std::size_t at = r.offset();
  const std::uint32_t v = r.u32();
  if (v > kMaxJavaInt) r.fail(ErrorCode::malformed, "negative " + std::string(what), at);
  return r.ok() ? v : 0;
}

void read_certificate(ByteReader& r, std::uint32_t version, std::vector<CertificateBytes>& out) {
  if (version == 2) {
    const std::size_t at = r.offset();
    const auto type = r.utf();
    if (r.ok() && type != "X.509" && type != "X509")
      r.fail(ErrorCode::unsupported, "certificate of a type other than X.509", at);
  }
  const std::uint32_t length = java_length(r, "certificate length");
  const std::size_t at = r.offset();
  const auto der = r.take(length, "certificate");
  if (r.ok()) out.push_back({at, der});
}

void read_private_key_entry(ByteReader& r, std::uint32_t version, RawEntry& e) {
  const std::uint32_t key_length = java_length(r, "key length");
  e.protected_key = r.take(key_length, "protected key");
  const std::uint32_t count = java_length(r, "certificate count");
  // Every certificate takes at least 4 bytes, so a false count ends in truncation, not allocation.
  for (std::uint32_t i = 0; i < count && r.ok(); ++i) read_certificate(r, version, e.certificates);
}

void read_secret_key_entry(ByteReader& r, RawEntry& e) {
  const std::size_t start = r.offset();
  skip_sealed_object(r);
  if (r.ok()) e.sealed_key = r.since(start);
}

bool known_tag(std::uint32_t tag, Format format) {
  return tag == 1 || tag == 2 || (tag == 3 && format == Format::jceks);
}

RawEntry read_entry(ByteReader& r, const Layout& layout) {
  RawEntry e;
  e.offset = r.offset();
  const std::uint32_t tag = r.u32();
  if (!r.ok()) return e;
  if (!known_tag(tag, layout.format)) {
    r.fail(ErrorCode::malformed, "unknown entry tag " + std::to_string(tag), e.offset);
    return e;
  }
  e.tag = static_cast<Tag>(tag);
  e.alias = r.utf();
  e.created_ms = r.i64();
  switch (e.tag) {
    case Tag::private_key: read_private_key_entry(r, layout.version, e); break;
    case Tag::trusted_certificate: read_certificate(r, layout.version, e.certificates); break;
    case Tag::secret_key: read_secret_key_entry(r, e); break;
  }
  return e;
}

}  // namespace

Result<Layout> parse_layout(std::span<const std::uint8_t> bytes) {
  Layout layout;
  const bool jceks = !bytes.empty() && bytes[0] == 0xCE;
  layout.format = jceks ? Format::jceks : Format::jks;
  ByteReader r(bytes, to_string(layout.format));
  const std::uint32_t magic = r.u32();
  layout.version = r.u32();
  if (!r.ok()) return r.error();
  if (magic != (jceks ? kJceksMagic : kJksMagic)) return fail(ErrorCode::malformed, "not a JKS or JCEKS keystore");
  if (layout.version != 1 && layout.version != 2)
    return fail(ErrorCode::unsupported, std::string(r.format()) + " version " + std::to_string(layout.version) +
                                            " is not supported (only 1 and 2 exist)");
  const std::uint32_t count = java_length(r, "entry count");
  for (std::uint32_t i = 0; i < count && r.ok(); ++i) layout.entries.push_back(read_entry(r, layout));
  if (!r.ok()) return r.error();
  layout.signed_bytes = bytes.first(r.offset());
  layout.digest = r.take(kStoreDigestSize, "keystore digest");
  if (!r.ok()) return r.error();
  if (r.remaining() > 0)
    return fail(ErrorCode::malformed, std::to_string(r.remaining()) + " unexpected bytes after the keystore digest at offset " +
                                          std::to_string(r.offset()));
  return layout;
}

}  // namespace certkeep::jks
