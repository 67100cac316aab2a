// Java KeyStore (JKS) and JCEKS: the formats the JDK's keytool writes with -storetype JKS / JCEKS. The
// layout, integrity check and key protection are described in jks_layout.h, jks_integrity.h and
// jks_protection.h.
#include "core/keystore/formats.h"
#include "core/keystore/jks_entry.h"
#include "core/keystore/jks_integrity.h"
#include "core/keystore/jks_layout.h"

namespace certkeep::formats {
namespace {

std::string protection_of(Format format) {
  return format == Format::jks ? "JKS (SHA-1 keyed digest, proprietary key protection)"
                               : "JCEKS (SHA-1 keyed digest, PBEWithMD5AndTripleDES key protection)";
}

}  // namespace

Result<ReadResult> read_jks(std::span<const std::uint8_t> bytes, std::span<const PasswordCandidate> passwords) {
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
  r.opened_with = OpenedWith{candidate, passwords[candidate].well_known};
  jks::PbeBudget budget;
  for (const auto& raw : layout->entries) {
    auto entry = jks::decode_entry(raw, passwords, candidate, budget);
    if (!entry) return entry.error();
    r.keystore.entries.push_back(std::move(*entry));
  }
  return r;
}

}  // namespace certkeep::formats
