// Certificates in DER and PEM (single certificates, bundles, OpenSSL "TRUSTED CERTIFICATE" blocks)
// through the readers that hold them, formats::read_der and formats::read_pem, offered no password.
// Invariants (invariants.h): every certificate round-trips through Certificate::from_der with identical
// details and well-formed fingerprints, the same details as OpenSSL's X509 with its key decoded gives; a DER
// file read as one certificate keeps exactly the file's bytes; the input decodes without its key
// (x509::decode_lite) exactly when d2i_X509 decodes it.
#include <cstddef>
#include <cstdint>
#include <span>

#include "core/keystore/formats.h"
#include "core/ossl/error.h"
#include "core/ossl/providers.h"
#include "core/x509/lite_certificate.h"
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

// decode_lite accepts exactly what d2i_X509 accepts, and reads as far.
void check_lite_decode(std::span<const std::uint8_t> in) {
  std::size_t used = 0;
  const auto lite = x509::decode_lite(in, used);
  const unsigned char* p = in.data();
  const ossl::UniquePtr<X509> full(d2i_X509(nullptr, &p, static_cast<long>(in.size())));
  ossl::clear_errors();
  CERTKEEP_FUZZ_REQUIRE((lite != nullptr) == (full != nullptr));
  if (lite) CERTKEEP_FUZZ_REQUIRE(used == static_cast<std::size_t>(p - in.data()));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  ossl::ensure_providers();
  const auto in = fuzz::input(data, size);
  const std::span<const PasswordCandidate> no_passwords;
  check_lite_decode(in);
  const auto der = formats::read_der(in, no_passwords);
  fuzz::check_outcome(der, in, no_passwords);
  if (der && der->keystore.format == Format::der) check_single_der(*der, in);
  const auto pem = formats::read_pem(in, no_passwords);
  fuzz::check_outcome(pem, in, no_passwords);
  if (pem) CERTKEEP_FUZZ_REQUIRE(pem->keystore.format == Format::pem && !pem->opened_with.candidate);
  return 0;
}
