// An X.509 certificate as an immutable value: parsed once by a factory, its details extracted once (on
// first use), shared cheaply (copies share one const body). RFC 5280 section 4 names the fields.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
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

class Certificate {
 public:
  // Parses one DER-encoded certificate. Fails with `malformed` naming what is wrong; trailing bytes after
  // the certificate are an error.
  static Result<Certificate> from_der(std::span<const std::uint8_t> der);

  // Takes a reference to an already-parsed OpenSSL certificate.
  static Result<Certificate> from_x509(X509* x509);

  const CertificateDetails& details() const;
  std::span<const std::uint8_t> der() const;

  // Borrowed pointer for OpenSSL calls; valid while any copy of this Certificate lives. OpenSSL's API
  // is not const-correct, hence non-const X509.
  X509* x509() const;

  // Same DER encoding.
  bool operator==(const Certificate& other) const;

 private:
  struct Body;
  explicit Certificate(std::shared_ptr<const Body> body) : body_(std::move(body)) {}
  static Result<Certificate> make(ossl::UniquePtr<X509> x509, std::vector<std::uint8_t> der);
  std::shared_ptr<const Body> body_;
};

// While a CertificateReuse lives, Certificate::from_der on the same thread returns one of `known` for
// identical DER instead of parsing the bytes again (equal bytes make an equal value). Reading back a
// keystore just written then costs no second parse of its certificates, which in OpenSSL 3.0 is most of
// the work. Scopes nest; each thread has its own.
class CertificateReuse {
 public:
  explicit CertificateReuse(std::span<const Certificate> known);
  ~CertificateReuse();
  CertificateReuse(const CertificateReuse&) = delete;
  CertificateReuse& operator=(const CertificateReuse&) = delete;

  // The innermost scope's certificate with exactly these bytes, if any.
  static std::optional<Certificate> find(std::span<const std::uint8_t> der);

 private:
  std::unordered_map<std::string_view, Certificate> by_der_;  // keys view the values' own DER
  CertificateReuse* outer_;
};

}  // namespace certkeep
