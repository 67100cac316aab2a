// Anything at all through read_keystore, the dispatcher every command uses, with the fixed candidates
// of fuzz::candidates().
// Invariants: those of every read (invariants.h); bytes detect_format does not recognise are refused as
// `malformed`; a store that reads has the format detect_format announced (DER may turn out PKCS#7).
#include <cstddef>
#include <cstdint>
#include <optional>

#include "core/keystore/reader.h"
#include "invariants.h"

namespace {

using namespace certkeep;

bool consistent(Format detected, Format read) {
  if (detected == Format::der) return read == Format::der || read == Format::pkcs7;
  return detected == read;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto in = fuzz::input(data, size);
  const auto passwords = fuzz::candidates();
  const std::optional<Format> detected = detect_format(in);
  const auto r = read_keystore(in, passwords);
  fuzz::check_outcome(r, in, passwords);
  if (!detected) CERTKEEP_FUZZ_REQUIRE(!r && r.error().code == ErrorCode::malformed);
  if (r) CERTKEEP_FUZZ_REQUIRE(detected && consistent(*detected, r->keystore.format));
  return 0;
}
