// Protecting the private key of a JKS or JCEKS PrivateKeyEntry: the inverse of recover_private_key
// (jks_keys.h), as the JDK's two KeyProtector classes write it.
#pragma once

#include <cstdint>
#include <vector>

#include "core/util/result.h"
#include "core/util/secret.h"
#include "core/x509/private_key.h"

namespace certkeep::jks {

struct KeyProtection {
  bool pbe = false;              // PBEWithMD5AndTripleDES (JCEKS); otherwise Sun's key protector (JKS)
  std::uint32_t iterations = 0;  // PBE only
};

// `key` as a PKCS#8 PrivateKeyInfo (RFC 5208 section 5), protected under `password` as `how` says
// (jks_protection.h) with a fresh random salt, in a DER EncryptedPrivateKeyInfo (RFC 5208 section 6)
// whose AlgorithmIdentifier is the one the JDK writes: Sun's protector with NULL parameters, PBE with a
// PBEParameter {salt, iterationCount}. The plaintext PKCS#8 lives only in wiped memory. Fails with
// `invalid` for a PBE password that is not printable ASCII (the JDK cannot use it: "Password is not
// ASCII") or more than kMaxPbeIterations; `internal` when OpenSSL cannot encode the key or draw random
// bytes.
Result<std::vector<std::uint8_t>> protect_private_key(const PrivateKey& key, const Secret& password,
                                                      const KeyProtection& how);

}  // namespace certkeep::jks
