#include "core/keystore/jks_write_entry.h"

#include <limits>
#include <string>

#include "core/keystore/jks_bytes.h"
#include "core/keystore/jks_layout.h"
#include "core/keystore/jks_sealed.h"

namespace certkeep::jks {
namespace {

constexpr std::string_view kCertificateType = "X.509";

std::string quoted(const Entry& e) { return "'" + e.alias + "'"; }

// The serialized SealedObject of a JCEKS SecretKeyEntry, and nothing else.
bool is_sealed_object(std::span<const std::uint8_t> bytes) {
  if (bytes.empty()) return false;
  ByteReader r(bytes, "JCEKS");
  skip_sealed_object(r);
  return r.ok() && r.remaining() == 0;
}

Result<void> check_secret_key(const Entry& e, Format format) {
  if (format != Format::jceks)
    return fail(ErrorCode::unsupported, "JKS cannot hold a secret key (JCEKS can): entry " + quoted(e));
  if (!is_sealed_object(e.opaque))
    return fail(ErrorCode::unsupported, "secret key " + quoted(e) +
                                            " was not read from a JCEKS store, and certkeep copies secret keys "
                                            "only between stores of the same format");
  return {};
}

// Java's milliseconds since the epoch, saturated where seconds would overflow them.
std::int64_t java_millis(UnixTime t) {
  constexpr std::int64_t kLimit = std::numeric_limits<std::int64_t>::max() / 1000;
  return t > kLimit ? kLimit * 1000 : (t < -kLimit ? -kLimit * 1000 : t * 1000);
}

void write_certificate(ByteWriter& w, const Certificate& cert) {
  (void)w.utf(kCertificateType);
  w.u32(static_cast<std::uint32_t>(cert.der().size()));
  w.bytes(cert.der());
}

Result<void> write_key_entry(ByteWriter& w, const Entry& e, const EntryWriting& how) {
  auto protected_key = protect_private_key(*e.key, *how.key_password, how.protection);
  if (!protected_key) return protected_key.error();
  w.u32(static_cast<std::uint32_t>(protected_key->size()));
  w.bytes(*protected_key);
  w.u32(static_cast<std::uint32_t>(e.chain.size()));
  for (const auto& cert : e.chain) write_certificate(w, cert);
  return {};
}

}  // namespace

Result<void> check_entry(const Entry& e, Format format) {
  const std::string name(to_string(format));
  switch (e.kind) {
    case EntryKind::key:
      if (!e.key) return fail(ErrorCode::invalid, "key entry " + quoted(e) + " has no decrypted private key");
      if (e.chain.empty()) return fail(ErrorCode::invalid, "key entry " + quoted(e) + " has no certificate chain");
      return {};
    case EntryKind::trusted_certificate:
    case EntryKind::certificate:
      if (e.chain.empty()) return fail(ErrorCode::invalid, "certificate entry " + quoted(e) + " has no certificate");
      return {};
    case EntryKind::secret_key: return check_secret_key(e, format);
    case EntryKind::private_key:
      return fail(ErrorCode::unsupported, name + " cannot hold a private key without its certificate: entry " + quoted(e));
    case EntryKind::csr:
      return fail(ErrorCode::unsupported, name + " cannot hold a certificate request: entry " + quoted(e));
  }
  return fail(ErrorCode::internal, "unknown entry kind");
}

Result<void> write_entry(ByteWriter& w, const Entry& e, std::string_view alias, const EntryWriting& how) {
  const Tag tag = e.kind == EntryKind::key          ? Tag::private_key
                  : e.kind == EntryKind::secret_key ? Tag::secret_key
                                                    : Tag::trusted_certificate;
  w.u32(static_cast<std::uint32_t>(tag));
  if (!w.utf(alias)) return fail(ErrorCode::internal, "alias " + quoted(e) + " was not checked by stored_aliases");
  w.i64(java_millis(e.created.value_or(how.now)));
  switch (tag) {
    case Tag::private_key: return write_key_entry(w, e, how);
    case Tag::trusted_certificate: write_certificate(w, e.chain.front()); break;
    case Tag::secret_key: w.bytes(e.opaque); break;
  }
  return {};
}

}  // namespace certkeep::jks
