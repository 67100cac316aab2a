// An X.509 certificate as an immutable value: decoded once (by its factory, or on first use when
// deferred), its details extracted once (on first use), shared cheaply (copies share one const body).
// RFC 5280 section 4 names the fields.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include <openssl/types.h>

#include "core/ossl/ptr.h"

#include "core/util/clock.h"
#include "core/util/result.h"

namespace certkeep {

struct GeneralName {
  std::string type;   // "DNS", "IP", "email", "URI", "dirName", "otherName", "RID"
  std::string value;  // IP addresses in text form, dirName in RFC 4514
};

struct PublicKeyInfo {
  std::string algorithm;  // "RSA", "EC", "Ed25519", "Ed448", "DSA", or the OID's short name
  int bits = 0;
  std::optional<std::string> curve;  // "P-256", "P-384", ... for EC keys
};

struct BasicConstraints {
  bool ca = false;
  std::optional<long> path_len;
};

struct Fingerprints {
  std::string md5, sha1, sha256;  // upper-case hex, colon-separated, as keytool and openssl print them
};

struct CertificateDetails {
  int version = 0;                 // 1, 2 or 3
  std::string subject;             // RFC 4514 (most significant RDN last: "CN=host,O=Org,C=US")
  std::string issuer;
  std::string subject_oneline;     // OpenSSL's one-line form, as `openssl x509 -subject` prints it
  std::string issuer_oneline;
  std::string serial;              // upper-case hex, no separators, "-" prefix if negative
  UnixTime not_before = 0;
  UnixTime not_after = 0;
  std::vector<GeneralName> subject_alt_names;
  PublicKeyInfo public_key;
  std::string signature_algorithm; // "sha256WithRSAEncryption", "ecdsa-with-SHA256", "ED25519", ...
  std::optional<std::vector<std::string>> key_usage;           // absent when the extension is absent
  std::optional<std::vector<std::string>> extended_key_usage;  // "serverAuth", "clientAuth", or an OID
  std::optional<BasicConstraints> basic_constraints;
  std::optional<std::string> subject_key_id;                   // colon hex
  std::optional<std::string> authority_key_id;
  Fingerprints fingerprints;
  bool self_signed = false;  // subject == issuer and the signature verifies with its own key
};

// The encoded fields of a certificate, read from its DER without decoding it (views into der()).
struct EncodedFields {
  std::span<const std::uint8_t> subject;     // Name
  std::span<const std::uint8_t> issuer;      // Name
  std::span<const std::uint8_t> public_key;  // SubjectPublicKeyInfo
};

class Certificate {
 public:
  // Parses one DER-encoded certificate now. Fails with `malformed` naming what is wrong; trailing bytes
  // after the certificate are an error.
  static Result<Certificate> from_der(std::span<const std::uint8_t> der);

  // Checks the DER framing now and leaves decoding to the first use (OpenSSL 3.0 spends ~150 µs on
  // each certificate, most of it on the public key): a keystore of a thousand trusted certificates can
  // be rewritten without decoding the ones the operation does not touch. parse() says whether the bytes
  // decode. Fails like from_der when the framing is wrong; bytes OpenSSL reads whose framing the
  // locator does not follow are decoded at once.
  static Result<Certificate> deferred(std::span<const std::uint8_t> der);

  // Takes a reference to an already-parsed OpenSSL certificate.
  static Result<Certificate> from_x509(X509* x509);

  // Decodes a deferred certificate (once; every copy shares the outcome). An error when its bytes do not
  // decode; always success for a certificate made by the other factories.
  Result<void> parse() const;

  // Both decode a deferred certificate on first use. For one whose parse() fails, x509() is null and
  // details() empty: code that may hold deferred certificates calls parse() first.
  const CertificateDetails& details() const;
  // Borrowed pointer for OpenSSL calls; valid while any copy of this Certificate lives. OpenSSL's API
  // is not const-correct, hence non-const X509.
  X509* x509() const;

  std::span<const std::uint8_t> der() const;

  // The subject, issuer and public key as encoded, without decoding anything; nullopt for the rare
  // certificate OpenSSL decodes whose framing is not strict DER (BER lengths).
  std::optional<EncodedFields> encoded() const;

  // Same DER encoding.
  bool operator==(const Certificate& other) const;

 private:
  struct Body;
  explicit Certificate(std::shared_ptr<const Body> body) : body_(std::move(body)) {}
  std::shared_ptr<const Body> body_;
};

}  // namespace certkeep
