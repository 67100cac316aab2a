// Writing JKS and JCEKS: the inverse of read_jks (jks.cpp), producing what the JDK's engineStore
// produces (layout in jks_layout.h), so keytool opens the result.
#include "core/keystore/jks_integrity.h"
#include "core/keystore/jks_layout.h"
#include "core/keystore/jks_protection.h"
#include "core/keystore/jks_write_alias.h"
#include "core/keystore/jks_write_bytes.h"
#include "core/keystore/jks_write_entry.h"
#include "core/keystore/writers.h"

namespace certkeep::formats {
namespace {

constexpr std::uint32_t kVersion = 2;

Result<jks::KeyProtection> key_protection(const WriteOptions& options, bool jceks) {
  if (!jceks) return jks::KeyProtection{};
  const auto iterations = options.protection.keys.iterations;
  if (iterations > jks::kMaxPbeIterations)
    return fail(ErrorCode::invalid, "JCEKS key protection with " + std::to_string(iterations) +
                                        " iterations: the JDK reads at most 5000000");
  return jks::KeyProtection{true, iterations != 0 ? iterations : default_protection(true).keys.iterations};
}

Result<void> check_entries(const Keystore& ks, Format format) {
  for (const auto& e : ks.entries)
    if (auto ok = jks::check_entry(e, format); !ok) return ok;
  return {};
}

}  // namespace

Result<std::vector<std::uint8_t>> write_jks(const Keystore& ks, const WriteOptions& options, bool jceks) {
  const Format format = jceks ? Format::jceks : Format::jks;
  auto aliases = jks::stored_aliases(ks.entries, to_string(format));
  if (!aliases) return aliases.error();
  if (auto ok = check_entries(ks, format); !ok) return ok.error();
  auto protection = key_protection(options, jceks);
  if (!protection) return protection.error();
  const jks::EntryWriting how{*protection, options.key_password ? &*options.key_password : &options.password,
                              options.now};
  jks::ByteWriter w;
  w.u32(jceks ? jks::kJceksMagic : jks::kJksMagic);
  w.u32(kVersion);
  w.u32(static_cast<std::uint32_t>(ks.entries.size()));
  for (std::size_t i = 0; i < ks.entries.size(); ++i)
    if (auto ok = jks::write_entry(w, ks.entries[i], (*aliases)[i], how); !ok) return ok.error();
  auto digest = jks::store_digest(w.data(), options.password);
  if (!digest) return digest.error();
  w.bytes(*digest);
  return std::move(w).take();
}

}  // namespace certkeep::formats
