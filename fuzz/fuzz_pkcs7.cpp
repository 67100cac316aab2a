// PKCS#7 "certs-only" messages (.p7b/.p7c, CA replies): pkcs7::certificates_from_der on the raw bytes,
// formats::read_der (which must agree with it), and formats::read_pem for "PKCS7" blocks.
// Invariants: every certificate round-trips (invariants.h); read_der of a PKCS#7 yields exactly the
// certificates certificates_from_der found, in the same order, as certificate entries.
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "core/keystore/formats.h"
#include "core/keystore/pkcs7.h"
#include "core/ossl/providers.h"
#include "invariants.h"

namespace {

using namespace certkeep;

void check_agrees(const ReadResult& r, const Result<std::vector<Certificate>>& certs) {
  CERTKEEP_FUZZ_REQUIRE(certs.has_value());
  const auto& entries = r.keystore.entries;
  CERTKEEP_FUZZ_REQUIRE(entries.size() == certs->size());
  for (std::size_t i = 0; i < entries.size(); ++i) {
    CERTKEEP_FUZZ_REQUIRE(entries[i].kind == EntryKind::certificate && entries[i].chain.size() == 1);
    CERTKEEP_FUZZ_REQUIRE(entries[i].chain[0] == (*certs)[i]);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  ossl::ensure_providers();
  const auto in = fuzz::input(data, size);
  const std::span<const PasswordCandidate> no_passwords;
  const auto certs = pkcs7::certificates_from_der(in);
  if (certs) {
    for (const auto& c : *certs) fuzz::check_certificate(c);
  } else {
    fuzz::check_error(certs.error(), in, no_passwords);
  }
  const auto der = formats::read_der(in, no_passwords);
  fuzz::check_outcome(der, in, no_passwords);
  if (der && der->keystore.format == Format::pkcs7) check_agrees(*der, certs);
  fuzz::check_outcome(formats::read_pem(in, no_passwords), in, no_passwords);
  return 0;
}
