// Java KeyStore (JKS) and JCEKS: the formats the JDK's keytool writes with -storetype JKS / JCEKS. The
// layout, integrity check and key protection are described in jks_layout.h, jks_integrity.h and
// jks_protection.h.
#include <openssl/obj_mac.h>

#include "core/keystore/formats.h"
#include "core/keystore/jks_entry.h"
#include "core/keystore/jks_integrity.h"
#include "core/keystore/jks_keys.h"
#include "core/keystore/jks_layout.h"

namespace certkeep::formats {
namespace {

std::string protection_of(Format format) {
  return format == Format::jks ? "JKS (SHA-1 keyed digest, proprietary key protection)"
                               : "JCEKS (SHA-1 keyed digest, PBEWithMD5AndTripleDES key protection)";
}

// JCEKS: the PBE iteration count of the first key entry protected with it, for a writer to keep.
std::optional<StoreProtection> write_protection_of(const jks::Layout& layout) {
  if (layout.format != Format::jceks) return std::nullopt;
  for (const auto& raw : layout.entries) {
    if (raw.tag != jks::Tag::private_key) continue;
    if (const auto iterations = jks::pbe_iterations(raw.protected_key))
      return StoreProtection{Encryption{NID_undef, NID_undef, NID_undef, *iterations}, {}, {}};
  }
  return std::nullopt;
}

}  // namespace

Result<ReadResult> read_jks(std::span<const std::uint8_t> bytes, std::span<const PasswordCandidate> passwords,
                            const ReadOptions& options) {
  auto layout = jks::parse_layout(bytes);
  if (!layout) return layout.error();
  auto opened = jks::find_store_password(layout->signed_bytes, layout->digest, passwords);
  if (!opened) return opened.error();
  if (!*opened) return fail(ErrorCode::bad_password, "wrong password or corrupt keystore (integrity check failed)");
  const std::size_t candidate = **opened;
  ReadResult r;
  r.keystore.format = layout->format;
  r.keystore.protection = protection_of(layout->format);
  r.keystore.integrity_verified = true;
  r.keystore.write_protection = write_protection_of(*layout);
  r.opened_with = OpenedWith{candidate, passwords[candidate].well_known};
  jks::PbeBudget budget;
  for (const auto& raw : layout->entries) {
    auto entry = jks::decode_entry(raw, passwords, candidate, budget, options);
    if (!entry) return entry.error();
    r.keystore.entries.push_back(std::move(*entry));
  }
  return r;
}

}  // namespace certkeep::formats
