// What protects a PKCS#12 store, in words: the password-based encryption of keys and certificates
// (PBES2, RFC 8018 section 6.2 and appendix A.4; the PKCS#12 PBE schemes, RFC 7292 appendix C) and the
// integrity MAC (RFC 7292 section 5.1). Also answers whether this OpenSSL can undo each of them.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <openssl/pkcs12.h>

#include "core/keystore/protection.h"
#include "core/util/result.h"

namespace certkeep::pkcs12 {

struct Cipher {
  std::string description;  // "PBES2 PBKDF2-HMAC-SHA256 AES-256-CBC (2048 iterations)"
  bool legacy = false;      // a PKCS#12 or PKCS#5 v1.5 PBE scheme (3DES, RC2, RC4, DES)
  std::optional<Encryption> params;  // for a writer (pkcs12_params.h); nullopt when it cannot reproduce it
};

// Describes a password-based encryption AlgorithmIdentifier. Never fails: what cannot be decoded is
// named by its OID.
Cipher describe_encryption(const X509_ALGOR* alg);

// What an unencrypted bag or safe is described as.
Cipher unencrypted();

// Fails with `unsupported`, naming the algorithm and `what` it protects ("certificates", "private key"),
// when this OpenSSL cannot decrypt with it (RC2-40 needs the legacy provider); with `malformed` when
// its parameters are damaged.
Result<void> check_encryption_available(const X509_ALGOR* alg, const std::string& what);

// "MAC HMAC-SHA256 (2048 iterations)", or "no MAC".
std::string describe_mac(const PKCS12* p12);

// Fails with `unsupported` when the store has a MAC whose digest this OpenSSL cannot compute.
Result<void> check_mac_available(const PKCS12* p12);

// Collects, while the bags are walked, what protects the keys and the certificates.
class ProtectionSummary {
 public:
  void add_keys(const Cipher& c);
  void add_certificates(const Cipher& c);

  // The first protection of each kind found, completed for a writer (pkcs12_params.h), with `mac`.
  StoreProtection write_protection(const Mac& mac) const;

  // "keys PBES2 ... (2048 iterations), certificates PBES2 ..., MAC HMAC-SHA256 (2048 iterations)";
  // prefixed "legacy: " when any scheme is legacy. Parts with nothing to protect are left out.
  std::string text(const std::string& mac) const;

 private:
  std::vector<std::string> keys_;
  std::vector<std::string> certificates_;
  bool legacy_ = false;
  bool keys_seen_ = false;
  bool certificates_seen_ = false;
  std::optional<Encryption> first_keys_;
  std::optional<Encryption> first_certificates_;
};

}  // namespace certkeep::pkcs12
