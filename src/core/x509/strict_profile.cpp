// RFC 5280 section 4 profile rules on a single certificate (and its issuer, for key identifiers).
#include <algorithm>

#include <openssl/x509.h>

#include "core/x509/strict.h"

namespace certkeep::x509 {
namespace {

// Content octets of the DER INTEGER: OpenSSL keeps the magnitude, DER adds a 0x00 before a high bit.
std::size_t serial_octets(const ASN1_INTEGER* serial) {
  const auto n = static_cast<std::size_t>(ASN1_STRING_length(serial));
  const unsigned char* d = ASN1_STRING_get0_data(serial);
  return n > 0 && (d[0] & 0x80) != 0 ? n + 1 : n;
}

bool is_zero(const ASN1_INTEGER* serial) {
  const unsigned char* d = ASN1_STRING_get0_data(serial);
  return std::all_of(d, d + ASN1_STRING_length(serial), [](unsigned char b) { return b == 0; });
}

}  // namespace

// RFC 5280 4.1.2.2: "The serial number MUST be a positive integer" and "Conforming CAs MUST NOT use
// serialNumber values longer than 20 octets." (CA/B Forum BR 7.1: greater than zero.)
void check_serial(const Certificate& c, std::size_t depth, std::vector<Problem>& out) {
  const ASN1_INTEGER* serial = X509_get0_serialNumber(c.x509());
  if (ASN1_STRING_type(serial) == V_ASN1_NEG_INTEGER || is_zero(serial))
    out.push_back(strict_problem("serial_not_positive", depth,
                                 "the serial number " + c.details().serial + " is not positive (RFC 5280 4.1.2.2)"));
  if (const auto octets = serial_octets(serial); octets > 20)
    out.push_back(strict_problem("serial_too_long", depth,
                                 "the serial number is " + std::to_string(octets) +
                                     " octets long; at most 20 are allowed (RFC 5280 4.1.2.2)"));
}

// RFC 5280 4.1.2.1: extensions require version 3; versions beyond v3 do not exist.
void check_version(const Certificate& c, std::size_t depth, std::vector<Problem>& out) {
  const int version = c.details().version;
  if (version < 1 || version > 3)
    out.push_back(strict_problem("bad_version", depth, "the version field says v" + std::to_string(version) +
                                                           "; only v1, v2 and v3 exist (RFC 5280 4.1.2.1)"));
  else if (version != 3 && X509_get_ext_count(c.x509()) > 0)
    out.push_back(strict_problem("bad_version", depth, "the certificate has extensions but is version " +
                                                           std::to_string(version) + ", not 3 (RFC 5280 4.1.2.1)"));
}

// RFC 5280 4.2.1.1: authorityKeyIdentifier with keyIdentifier in every certificate except a self-signed
// one; 4.2.1.2: subjectKeyIdentifier in every CA certificate. The issuer in the chain must carry the key
// identifier the certificate names (it is how the path was meant to be built).
void check_key_identifiers(const ChainView& v, std::size_t depth, std::vector<Problem>& out) {
  const auto& d = v.chain[depth].details();
  if (!d.authority_key_id && !d.self_signed)
    out.push_back(strict_problem("missing_aki", depth,
                                 "the certificate has no authorityKeyIdentifier keyIdentifier (RFC 5280 4.2.1.1)"));
  if (!d.subject_key_id && d.basic_constraints && d.basic_constraints->ca)
    out.push_back(strict_problem("missing_ski", depth, "the CA certificate has no subjectKeyIdentifier (RFC 5280 4.2.1.2)"));
  if (depth + 1 >= v.chain.size() || !d.authority_key_id) return;
  const auto& issuer_ski = v.chain[depth + 1].details().subject_key_id;
  if (issuer_ski && *issuer_ski != *d.authority_key_id)
    out.push_back(strict_problem("aki_ski_mismatch", depth,
                                 "authorityKeyIdentifier " + *d.authority_key_id +
                                     " differs from the issuer's subjectKeyIdentifier " + *issuer_ski + " (RFC 5280 4.2.1.1)"));
}

// A certificate that issues another must say it is a CA (RFC 5280 4.2.1.9, 6.1.4 k) and, when it has a
// keyUsage, allow keyCertSign (4.2.1.3, 6.1.4 n); conforming CAs always include keyUsage (4.2.1.3).
void check_ca(const Certificate& c, std::size_t depth, std::vector<Problem>& out) {
  const auto& d = c.details();
  if (!d.basic_constraints || !d.basic_constraints->ca)
    out.push_back(strict_problem("ca_not_marked_ca", depth,
                                 d.basic_constraints ? "the certificate issues others but its basicConstraints say CA:FALSE (RFC 5280 4.2.1.9)"
                                                     : "the certificate issues others but has no basicConstraints CA:TRUE (RFC 5280 4.2.1.9)"));
  if (!d.key_usage)
    out.push_back(strict_problem("missing_key_usage", depth, "the CA certificate has no keyUsage extension (RFC 5280 4.2.1.3)"));
  else if (!lists(d.key_usage, "keyCertSign"))
    out.push_back(strict_problem("wrong_key_usage", depth,
                                 "the CA certificate's keyUsage does not include keyCertSign (RFC 5280 4.2.1.3)"));
}

}  // namespace certkeep::x509
