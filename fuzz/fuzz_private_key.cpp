// Private keys: keys::read_plain_der (PKCS#8, PKCS#1, SEC1, DSA in DER), keys::decrypt_pkcs8 on a DER
// EncryptedPrivateKeyInfo (RFC 5208 section 6), and formats::read_pem for every key label, plain,
// encrypted PKCS#8 and legacy "Proc-Type: 4,ENCRYPTED", with the fixed candidates of fuzz::candidates().
// Invariants: those of every read (invariants.h); a key that read_plain_der accepts and OpenSSL can
// re-encode as PKCS#8 reads back through read_plain_der as the same key.
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include <openssl/evp.h>
#include <openssl/x509.h>

#include "core/keystore/formats.h"
#include "core/keystore/key_decode.h"
#include "core/ossl/providers.h"
#include "core/ossl/ptr.h"
#include "invariants.h"

namespace {

using namespace certkeep;

std::vector<std::uint8_t> pkcs8_der(const PrivateKey& key) {
  ossl::UniquePtr<PKCS8_PRIV_KEY_INFO> p8(EVP_PKEY2PKCS8(key.pkey()));
  const int len = p8 ? i2d_PKCS8_PRIV_KEY_INFO(p8.get(), nullptr) : -1;
  if (len <= 0) return {};
  std::vector<std::uint8_t> out(static_cast<std::size_t>(len));
  unsigned char* p = out.data();
  if (i2d_PKCS8_PRIV_KEY_INFO(p8.get(), &p) != len) return {};
  return out;
}

void check_plain(std::span<const std::uint8_t> in) {
  const auto key = keys::read_plain_der(in);
  if (!key) {
    fuzz::check_error(key.error(), in, {});
    return;
  }
  fuzz::check_key(*key);
  const auto again_der = pkcs8_der(*key);
  if (again_der.empty()) return;
  const auto again = keys::read_plain_der(again_der);
  CERTKEEP_FUZZ_REQUIRE(again.has_value());
  CERTKEEP_FUZZ_REQUIRE(EVP_PKEY_eq(key->pkey(), again->pkey()) == 1);
  CERTKEEP_FUZZ_REQUIRE(again->info().algorithm == key->info().algorithm && again->info().bits == key->info().bits);
}

void check_encrypted(std::span<const std::uint8_t> in) {
  const unsigned char* p = in.data();
  ossl::UniquePtr<X509_SIG> sig(d2i_X509_SIG(nullptr, &p, static_cast<long>(in.size())));
  if (!sig) return;
  const auto passwords = fuzz::candidates();
  const auto key = keys::decrypt_pkcs8(sig.get(), passwords);
  if (!key) {
    fuzz::check_error(key.error(), in, passwords);
    return;
  }
  fuzz::check_key(key->key);
  CERTKEEP_FUZZ_REQUIRE(key->candidate.has_value() && *key->candidate < passwords.size());
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  ossl::ensure_providers();
  const auto in = fuzz::input(data, size);
  check_plain(in);
  check_encrypted(in);
  fuzz::check_outcome(formats::read_pem(in, fuzz::candidates()), in, fuzz::candidates());
  return 0;
}
