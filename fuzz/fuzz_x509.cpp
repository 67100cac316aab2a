// Certificates in DER and PEM (single certificates, bundles, OpenSSL "TRUSTED CERTIFICATE" blocks)
// through the readers that hold them, formats::read_der and formats::read_pem, offered no password.
// Invariants (invariants.h): every certificate round-trips through Certificate::from_der with identical
// details and well-formed fingerprints; a DER file read as one certificate keeps exactly the file's bytes.
#include <cstddef>
#include <cstdint>
#include <span>

#include "core/keystore/formats.h"
#include "core/ossl/providers.h"
#include "invariants.h"

namespace {

using namespace certkeep;

void check_single_der(const ReadResult& r, std::span<const std::uint8_t> in) {
  CERTKEEP_FUZZ_REQUIRE(!r.opened_with.candidate);
  const auto& entries = r.keystore.entries;
  if (entries.size() != 1 || entries[0].kind != EntryKind::certificate) return;
  CERTKEEP_FUZZ_REQUIRE(entries[0].chain.size() == 1);
  CERTKEEP_FUZZ_REQUIRE(std::ranges::equal(entries[0].chain[0].der(), in));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  ossl::ensure_providers();
  const auto in = fuzz::input(data, size);
  const std::span<const PasswordCandidate> no_passwords;
  const auto der = formats::read_der(in, no_passwords);
  fuzz::check_outcome(der, in, no_passwords);
  if (der && der->keystore.format == Format::der) check_single_der(*der, in);
  const auto pem = formats::read_pem(in, no_passwords);
  fuzz::check_outcome(pem, in, no_passwords);
  if (pem) CERTKEEP_FUZZ_REQUIRE(pem->keystore.format == Format::pem && !pem->opened_with.candidate);
  return 0;
}
