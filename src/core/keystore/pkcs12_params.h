// What protects a PKCS#12 store as parameters a writer can reproduce (protection.h): the reader records
// them in Keystore::write_protection so that a rewrite keeps the store's algorithms.
#pragma once

#include <optional>

#include <openssl/pkcs12.h>

#include "core/keystore/protection.h"
#include "core/ossl/error.h"
#include "core/ossl/ptr.h"

namespace certkeep::pkcs12 {

// Decodes an AlgorithmIdentifier parameter of type `T` (PBEPARAM, PBE2PARAM, PBKDF2PARAM); null when it
// is absent or damaged.
template <typename T>
ossl::UniquePtr<T> unpack(const ASN1_ITEM* item, const ASN1_TYPE* param) {
  ossl::UniquePtr<T> out(static_cast<T*>(ASN1_TYPE_unpack_sequence(item, param)));
  ossl::clear_errors();
  return out;
}

// A password-based encryption AlgorithmIdentifier (RFC 7292 appendix C, RFC 8018 appendix A.4) as an
// Encryption; a PBES2 PRF left out means hmacWithSHA1 (RFC 8018 appendix A.2). nullopt for what a
// writer cannot reproduce: a null or unknown algorithm, scrypt, damaged parameters.
std::optional<Encryption> encryption_params(const X509_ALGOR* alg);

// The store's MAC (RFC 7292 section 4, iterations DEFAULT 1); {} when it has none.
Mac mac_params(const PKCS12* p12);

// The protection to rewrite a store with, from the first key and certificate protection found (nullopt
// when the store holds none, or none a writer can reproduce). A missing part follows the other one, so
// that an entry added later is protected like the rest: certificates follow the keys; keys follow
// encrypted certificates, with 3DES in place of the weaker RC2 and RC4 schemes. With neither, or keys
// next to unencrypted certificates, the missing parts are default_protection()'s.
StoreProtection complete_protection(std::optional<Encryption> keys, std::optional<Encryption> certificates, Mac mac);

}  // namespace certkeep::pkcs12
