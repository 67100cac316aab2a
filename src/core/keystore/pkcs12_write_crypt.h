// The password-based protection a PKCS#12 writer applies, exactly as a StoreProtection names it:
// shrouded key bags (RFC 7292 section 4.2.2), encrypted safes (section 4.1, PKCS#7 EncryptedData) and
// the integrity MAC (section 5.1). PBES2 (RFC 8018 section 6.2) takes its cipher and PRF from the
// Encryption; the PKCS#12 PBE schemes (appendix C) need OpenSSL's legacy provider for RC2 and RC4.
// Passwords are handed to OpenSSL as UTF-8, as OpenSSL 3 keys them (PKCS12_key_gen_utf8); the empty
// password is the zero-length string, as `openssl pkcs12 -passout pass:` keys it.
#pragma once

#include <cstdint>
#include <span>
#include <string>

#include <openssl/pkcs12.h>

#include "core/keystore/pkcs12_safe_bag.h"
#include "core/keystore/protection.h"
#include "core/ossl/ptr.h"
#include "core/util/result.h"
#include "core/util/secret.h"
#include "core/x509/private_key.h"

namespace certkeep::pkcs12 {

// A pkcs8ShroudedKeyBag holding `key` encrypted as `e` says, or a plain keyBag when `e` is
// unencrypted, with `attributes` (the whole SafeBag's DER). Errors: `invalid` for an Encryption that
// names no usable scheme, PRF or iteration count (1 to 10,000,000) and what make_safe_bag fails with,
// `unsupported` when this OpenSSL cannot encrypt with it.
Result<Bytes> key_bag(const PrivateKey& key, const Encryption& e, const Secret& password, const BagAttributes& attributes);

// A ContentInfo of the AuthenticatedSafe holding `contents` (a SafeContents' DER): Data when `e` is
// unencrypted, else EncryptedData. `what` names the contents in errors ("certificates"). Errors as
// key_bag.
Result<ossl::UniquePtr<PKCS7>> safe(std::span<const std::uint8_t> contents, const Encryption& e, const Secret& password,
                                    const std::string& what);

// Adds the MacData `mac` names (nothing for digest 0). Errors: `invalid` for an iteration count out of
// range, `unsupported` for a digest this OpenSSL cannot compute.
Result<void> add_mac(PKCS12* p12, const Mac& mac, const Secret& password);

}  // namespace certkeep::pkcs12
