// PKCS#12 (RFC 7292) through formats::read_pkcs12 with the fixed candidates of fuzz::candidates(). An
// input with a MAC is read twice: as it is, and with its MAC recomputed under the supplied candidate
// (section 5.1; one iteration, fixed salt), so that mutations get past the MAC into the bags.
// Invariants: those of every read, eager and deferred (invariants.h); the store says whether its MAC
// was checked, and a checked MAC names the candidate that opened it (the sealing one, once re-MACed); no
// password in the protection text.
#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include <openssl/pkcs12.h>

#include "core/keystore/formats.h"
#include "core/ossl/providers.h"
#include "core/ossl/ptr.h"
#include "invariants.h"

namespace {

using namespace certkeep;

// Returns the candidate that opened a store whose MAC was verified.
std::optional<std::size_t> read_and_check(std::span<const std::uint8_t> in) {
  const auto passwords = fuzz::candidates();
  const auto r = formats::read_pkcs12(in, passwords);
  fuzz::check_outcome(r, in, passwords);
  fuzz::check_deferred(r, formats::read_pkcs12(in, passwords, ReadOptions{.defer_certificates = true}), passwords);
  if (!r) return std::nullopt;
  fuzz::check_rewrite(*r, passwords);
  const auto& ks = r->keystore;
  CERTKEEP_FUZZ_REQUIRE(ks.format == Format::pkcs12);
  CERTKEEP_FUZZ_REQUIRE(ks.integrity_verified.has_value());
  for (const auto& p : passwords)
    if (!p.well_known) CERTKEEP_FUZZ_REQUIRE(ks.protection.find(p.password.view()) == std::string::npos);
  if (!*ks.integrity_verified) return std::nullopt;
  CERTKEEP_FUZZ_REQUIRE(r->opened_with.candidate.has_value());
  return r->opened_with.candidate;
}

std::vector<std::uint8_t> remaced(std::span<const std::uint8_t> in) {
  const unsigned char* p = in.data();
  ossl::UniquePtr<PKCS12> p12(d2i_PKCS12(nullptr, &p, static_cast<long>(in.size())));
  if (!p12 || PKCS12_mac_present(p12.get()) != 1) return {};
  const auto pw = fuzz::candidates()[fuzz::kSuppliedCandidate].password.view();
  std::array<unsigned char, 8> salt = {'c', 'k', '-', 's', 'a', 'l', 't', '!'};
  if (PKCS12_set_mac(p12.get(), pw.data(), static_cast<int>(pw.size()), salt.data(), static_cast<int>(salt.size()), 1,
                     nullptr) != 1)
    return {};
  const int len = i2d_PKCS12(p12.get(), nullptr);
  if (len <= 0) return {};
  std::vector<std::uint8_t> out(static_cast<std::size_t>(len));
  unsigned char* w = out.data();
  if (i2d_PKCS12(p12.get(), &w) != len) return {};
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  ossl::ensure_providers();
  const auto in = fuzz::input(data, size);
  if (read_and_check(in)) return 0;  // its MAC already opened: re-MACing changes nothing
  const auto sealed = remaced(in);
  if (sealed.empty()) return 0;
  if (const auto opened = read_and_check(sealed)) CERTKEEP_FUZZ_REQUIRE(*opened == fuzz::kSuppliedCandidate);
  return 0;
}
