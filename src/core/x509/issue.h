// Making new keys, self-signed placeholder certificates and certificate requests, and encoding
// certificates and keys as PEM — what `certkeep keystore genkey`, `csr` and `export` need.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/util/clock.h"
#include "core/util/result.h"
#include "core/util/secret.h"
#include "core/x509/certificate.h"
#include "core/x509/csr.h"
#include "core/x509/private_key.h"

namespace certkeep {

// A key to generate: "rsa:2048", "rsa:3072", "rsa:4096", "ec:P-256", "ec:P-384", "ed25519".
struct KeySpec {
  std::string algorithm;  // "RSA", "EC", "Ed25519" (PublicKeyInfo::algorithm spelling)
  int bits = 0;           // RSA only
  std::optional<std::string> curve;  // EC only: "P-256" or "P-384"
};

// Parses the spellings above (case-insensitive); `invalid` naming the accepted ones otherwise.
Result<KeySpec> parse_key_spec(std::string_view text);
// The spec of an existing key (same type, size, curve), for a replacement key; `unsupported` for others.
Result<KeySpec> key_spec_of(const PublicKeyInfo& info);
Result<PrivateKey> generate_key(const KeySpec& spec);

// A distinguished name given as "CN=host,O=Org,C=US" (RFC 4514 order: most significant RDN last, as
// keytool -dname and certkeep's output write it) or "/C=US/O=Org/CN=host" (openssl -subj order).
// Escaped commas ("\,") are allowed. Short names as OpenSSL knows them (CN, O, OU, L, ST, C, DC,
// emailAddress, ...). `invalid` with the offending part otherwise.
Result<ossl::UniquePtr<X509_NAME>> parse_distinguished_name(std::string_view text);

// "DNS:a.example,IP:192.0.2.1,email:x@y,URI:https://..." → names; `invalid` otherwise.
Result<std::vector<GeneralName>> parse_subject_alt_names(std::string_view text);

struct SelfSignedSpec {
  const X509_NAME* subject = nullptr;   // not owned
  std::vector<GeneralName> subject_alt_names;
  UnixTime not_before = 0;              // the caller's clock
  int days = 90;
  // keytool-like placeholder: v3, random positive 64-bit serial, SKI, SAN when names are given,
  // signed with SHA-256 (Ed25519: pure), not a CA.
};
Result<Certificate> self_signed(const PrivateKey& key, const SelfSignedSpec& spec);

// PKCS#10 request for `key` with `subject` and (when non-empty) a subjectAltName in the
// extensionRequest attribute; signed with SHA-256 (Ed25519: pure).
Result<std::vector<std::uint8_t>> make_csr_der(const PrivateKey& key, const X509_NAME* subject,
                                               const std::vector<GeneralName>& subject_alt_names);
std::string csr_pem(std::span<const std::uint8_t> der);

// "-----BEGIN CERTIFICATE-----" blocks, one per certificate, in order.
std::string certificates_pem(std::span<const Certificate> certs);

// PKCS#8 PEM: "ENCRYPTED PRIVATE KEY" (PBES2, AES-256-CBC, PBKDF2-HMAC-SHA256 with kPkcs8Iterations)
// when `password` is given, else "PRIVATE KEY". Plaintext key bytes only in wiped memory.
inline constexpr int kPkcs8Iterations = 100'000;
Result<std::string> private_key_pem(const PrivateKey& key, const std::optional<Secret>& password);

}  // namespace certkeep
