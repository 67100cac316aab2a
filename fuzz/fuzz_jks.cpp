// Java KeyStores, JKS (0xFEEDFEED) and JCEKS (0xCECECECE), through formats::read_jks with the fixed
// candidates of fuzz::candidates(). Each input is read twice: as it is, and re-sealed, its last 20 bytes
// replaced by the keyed digest under the supplied candidate (jks_integrity.h), so that mutations get past
// the integrity check into entry, certificate, key and SealedObject decoding.
// Invariants: those of every read, eager and deferred (invariants.h); the format is the one the magic names; a store that
// opens was integrity-checked with a named candidate (the sealing one, once re-sealed); every entry has
// its creation date; secret keys occur only in JCEKS.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "core/keystore/formats.h"
#include "core/keystore/jks_integrity.h"
#include "core/ossl/providers.h"
#include "invariants.h"

namespace {

using namespace certkeep;

// Returns the candidate that opened the store, when it opened.
std::optional<std::size_t> read_and_check(std::span<const std::uint8_t> in) {
  const auto passwords = fuzz::candidates();
  const auto r = formats::read_jks(in, passwords);
  fuzz::check_outcome(r, in, passwords);
  fuzz::check_deferred(r, formats::read_jks(in, passwords, ReadOptions{.defer_certificates = true}), passwords);
  if (!r) return std::nullopt;
  fuzz::check_rewrite(*r, passwords);
  const auto& ks = r->keystore;
  CERTKEEP_FUZZ_REQUIRE(ks.format == (in[0] == 0xCE ? Format::jceks : Format::jks));
  CERTKEEP_FUZZ_REQUIRE(ks.integrity_verified == true);
  CERTKEEP_FUZZ_REQUIRE(r->opened_with.candidate.has_value());
  for (const auto& e : ks.entries) {
    CERTKEEP_FUZZ_REQUIRE(e.created.has_value());
    if (e.kind == EntryKind::secret_key) CERTKEEP_FUZZ_REQUIRE(ks.format == Format::jceks);
  }
  return r->opened_with.candidate;
}

std::vector<std::uint8_t> resealed(std::span<const std::uint8_t> in) {
  if (in.size() < jks::kStoreDigestSize) return {};
  const auto body = in.first(in.size() - jks::kStoreDigestSize);
  const auto digest = jks::store_digest(body, fuzz::candidates()[fuzz::kSuppliedCandidate].password);
  if (!digest) return {};
  std::vector<std::uint8_t> out(body.begin(), body.end());
  out.insert(out.end(), digest->begin(), digest->end());
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  ossl::ensure_providers();
  const auto in = fuzz::input(data, size);
  if (read_and_check(in)) return 0;  // its digest already opened: re-sealing changes nothing
  const auto sealed = resealed(in);
  if (sealed.empty()) return 0;
  if (const auto opened = read_and_check(sealed)) CERTKEEP_FUZZ_REQUIRE(*opened == fuzz::kSuppliedCandidate);
  return 0;
}
