#include "core/keystore/protection.h"

#include <openssl/obj_mac.h>

namespace certkeep {
namespace {

constexpr std::uint32_t kKeytoolPkcs12Iterations = 10'000;
constexpr std::uint32_t kKeytoolJceksIterations = 200'000;

bool legacy_scheme(const Encryption& e) { return e.scheme_nid != NID_undef && e.scheme_nid != NID_pbes2; }

}  // namespace

StoreProtection default_protection(bool jceks) {
  const Encryption pbes2{NID_pbes2, NID_aes_256_cbc, NID_hmacWithSHA256, kKeytoolPkcs12Iterations};
  StoreProtection p{pbes2, pbes2, Mac{NID_sha256, kKeytoolPkcs12Iterations}};
  if (jceks) p = StoreProtection{Encryption{NID_undef, NID_undef, NID_undef, kKeytoolJceksIterations}, {}, {}};
  return p;
}

bool is_legacy(const StoreProtection& p) {
  return legacy_scheme(p.keys) || legacy_scheme(p.certificates) || p.mac.digest_nid == NID_sha1;
}

}  // namespace certkeep
