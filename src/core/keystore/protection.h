// How a keystore protects what it holds, as parameters a writer can reproduce. Readers record what they
// found (Keystore::write_protection) so that rewriting a store keeps its algorithms: an old reader that
// opened the store before must still open it after (DESIGN.md, "Keystore rules").
//
// Algorithms are OpenSSL NIDs (openssl/obj_mac.h), so any scheme OpenSSL knows can be named; 0 is
// NID_undef.
#pragma once

#include <cstdint>
#include <optional>

namespace certkeep {

// Password-based encryption of one kind of content (PKCS#12 key bags, PKCS#12 certificate safes).
struct Encryption {
  // 0 (NID_undef): stored unencrypted. A PKCS#12 PBE scheme (RFC 7292 appendix C), e.g.
  // NID_pbe_WithSHA1And3_Key_TripleDES_CBC or NID_pbe_WithSHA1And40BitRC2_CBC. Or NID_pbes2 (RFC 8018),
  // with `cipher_nid` and `prf_nid` below.
  int scheme_nid = 0;
  int cipher_nid = 0;       // PBES2 only: e.g. NID_aes_256_cbc
  int prf_nid = 0;          // PBES2 only: e.g. NID_hmacWithSHA256
  std::uint32_t iterations = 0;
  bool operator==(const Encryption&) const = default;
};

// The PKCS#12 integrity MAC (RFC 7292 section 5.1).
struct Mac {
  int digest_nid = 0;       // 0: no MAC. e.g. NID_sha1, NID_sha256
  std::uint32_t iterations = 0;
  bool operator==(const Mac&) const = default;
};

struct StoreProtection {
  Encryption keys;          // PKCS#12 shrouded key bags; JCEKS: `iterations` of PBEWithMD5AndTripleDES
  Encryption certificates;  // PKCS#12 certificate safe
  Mac mac;                  // PKCS#12 only; JKS and JCEKS always carry their keyed SHA-1 digest
  bool operator==(const StoreProtection&) const = default;
};

// What certkeep writes into a new store, or on --upgrade-protection: the JDK 17 keytool defaults for
// PKCS#12 (PBES2 PBKDF2-HMAC-SHA256 AES-256-CBC, 10,000 iterations; MAC HMAC-SHA256, 10,000 iterations)
// and for JCEKS (200,000 iterations, jdk.jceks.iterationCount).
StoreProtection default_protection(bool jceks = false);

// True when any scheme is a PKCS#12 PBE or PKCS#5 v1.5 one (3DES, RC2, RC4, DES) or the MAC uses SHA-1.
bool is_legacy(const StoreProtection& p);

}  // namespace certkeep
