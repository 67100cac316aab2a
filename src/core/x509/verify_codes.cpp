#include "core/x509/verify_codes.h"

#include <array>
#include <string_view>

#include <openssl/x509_vfy.h>

namespace certkeep {

namespace x509 {
namespace {

struct Mapping {
  int error;
  std::string_view code;
  std::string_view text;
};

// RFC 5280 section 6.1.3 (basic certificate processing) and 6.1.4 (preparation for the next
// certificate) are where most of these rules come from; docs/verify.md gives the rule for each code.
constexpr std::array kMappings = std::to_array<Mapping>({
    {X509_V_ERR_CERT_HAS_EXPIRED, "expired", "the certificate has expired"},
    {X509_V_ERR_CERT_NOT_YET_VALID, "not_yet_valid", "the certificate is not yet valid"},
    {X509_V_ERR_ERROR_IN_CERT_NOT_BEFORE_FIELD, "malformed_validity", "the notBefore date cannot be read"},
    {X509_V_ERR_ERROR_IN_CERT_NOT_AFTER_FIELD, "malformed_validity", "the notAfter date cannot be read"},
    {X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT, "missing_issuer", "the issuer certificate was not found"},
    {X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY, "missing_issuer", "the issuer certificate was not found"},
    {X509_V_ERR_UNABLE_TO_VERIFY_LEAF_SIGNATURE, "missing_issuer", "the issuer certificate was not found"},
    {X509_V_ERR_SELF_SIGNED_CERT_IN_CHAIN, "untrusted_root", "the root certificate is not a trust anchor"},
    {X509_V_ERR_CERT_UNTRUSTED, "untrusted_root", "the root certificate is not trusted for this purpose"},
    {X509_V_ERR_CERT_REJECTED, "untrusted_root", "the root certificate is marked as rejected for this purpose"},
    {X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT, "self_signed_leaf", "the certificate is self-signed and not a trust anchor"},
    {X509_V_ERR_CERT_SIGNATURE_FAILURE, "bad_signature", "the signature does not verify with the issuer's key"},
    {X509_V_ERR_UNABLE_TO_DECRYPT_CERT_SIGNATURE, "bad_signature", "the signature cannot be decoded"},
    {X509_V_ERR_UNABLE_TO_DECODE_ISSUER_PUBLIC_KEY, "bad_signature", "the issuer's public key cannot be decoded"},
    {X509_V_ERR_NO_ISSUER_PUBLIC_KEY, "bad_signature", "the issuer has no usable public key"},
    {X509_V_ERR_SIGNATURE_ALGORITHM_MISMATCH, "bad_signature", "the signature algorithm does not fit the issuer's key type"},
    {X509_V_ERR_UNSUPPORTED_SIGNATURE_ALGORITHM, "unsupported_signature_algorithm", "the signature algorithm is not supported"},
    {X509_V_ERR_SIGNATURE_ALGORITHM_INCONSISTENCY, "signature_algorithm_mismatch",
     "the outer signatureAlgorithm differs from the signature field inside the certificate (RFC 5280 4.1.1.2)"},
    {X509_V_ERR_HOSTNAME_MISMATCH, "name_mismatch", "the host name is not among the certificate's subjectAltNames"},
    {X509_V_ERR_IP_ADDRESS_MISMATCH, "name_mismatch", "the IP address is not among the certificate's subjectAltNames"},
    {X509_V_ERR_EMAIL_MISMATCH, "name_mismatch", "the email address is not among the certificate's subjectAltNames"},
    {X509_V_ERR_INVALID_PURPOSE, "wrong_purpose", "the certificate is not valid for the requested purpose"},
    {X509_V_ERR_INVALID_CA, "invalid_ca", "the certificate issues others but is not a valid CA certificate"},
    {X509_V_ERR_PATH_LENGTH_EXCEEDED, "path_length_exceeded",
     "more CA certificates follow this one than its basicConstraints pathLenConstraint allows"},
    {X509_V_ERR_CERT_CHAIN_TOO_LONG, "chain_too_long", "the chain is longer than the verification depth limit"},
    {X509_V_ERR_PATH_LOOP, "path_loop", "the chain loops back on itself"},
    {X509_V_ERR_PERMITTED_VIOLATION, "name_constraints_violation", "a name is outside the issuer's permitted subtrees"},
    {X509_V_ERR_EXCLUDED_VIOLATION, "name_constraints_violation", "a name is inside the issuer's excluded subtrees"},
    {X509_V_ERR_SUBTREE_MINMAX, "name_constraints_violation", "a name constraint uses minimum or maximum, which RFC 5280 forbids"},
    {X509_V_ERR_UNSUPPORTED_CONSTRAINT_TYPE, "name_constraints_violation", "a name constraint has an unsupported type"},
    {X509_V_ERR_UNSUPPORTED_CONSTRAINT_SYNTAX, "name_constraints_violation", "a name constraint has an unsupported syntax"},
    {X509_V_ERR_UNSUPPORTED_NAME_SYNTAX, "name_constraints_violation", "a name cannot be checked against the name constraints"},
    {X509_V_ERR_UNHANDLED_CRITICAL_EXTENSION, "unknown_critical_extension",
     "the certificate has a critical extension this validator does not understand (RFC 5280 4.2)"},
    {X509_V_ERR_KEYUSAGE_NO_CERTSIGN, "wrong_key_usage", "the issuer's keyUsage does not include keyCertSign"},
    {X509_V_ERR_KEYUSAGE_NO_DIGITAL_SIGNATURE, "wrong_key_usage", "the keyUsage does not include digitalSignature"},
    {X509_V_ERR_KU_KEY_CERT_SIGN_INVALID_FOR_NON_CA, "ca_not_marked_ca",
     "keyUsage includes keyCertSign but basicConstraints does not say CA:TRUE (RFC 5280 4.2.1.3)"},
    {X509_V_ERR_CA_CERT_MISSING_KEY_USAGE, "missing_key_usage", "the CA certificate has no keyUsage extension (RFC 5280 4.2.1.3)"},
    {X509_V_ERR_PATHLEN_WITHOUT_KU_KEY_CERT_SIGN, "wrong_key_usage",
     "pathLenConstraint is set but keyUsage lacks keyCertSign (RFC 5280 4.2.1.9)"},
    {X509_V_ERR_PATHLEN_INVALID_FOR_NON_CA, "invalid_basic_constraints",
     "pathLenConstraint is set on a certificate that is not a CA (RFC 5280 4.2.1.9)"},
    {X509_V_ERR_CA_BCONS_NOT_CRITICAL, "basic_constraints_not_critical",
     "basicConstraints of a CA certificate must be critical (RFC 5280 4.2.1.9)"},
    {X509_V_ERR_MISSING_AUTHORITY_KEY_IDENTIFIER, "missing_aki",
     "the certificate has no authorityKeyIdentifier keyIdentifier (RFC 5280 4.2.1.1)"},
    {X509_V_ERR_MISSING_SUBJECT_KEY_IDENTIFIER, "missing_ski",
     "the CA certificate has no subjectKeyIdentifier (RFC 5280 4.2.1.2)"},
    {X509_V_ERR_AKID_SKID_MISMATCH, "aki_ski_mismatch", "the authorityKeyIdentifier does not match the issuer's subjectKeyIdentifier"},
    {X509_V_ERR_AUTHORITY_KEY_IDENTIFIER_CRITICAL, "key_identifier_critical",
     "authorityKeyIdentifier must not be critical (RFC 5280 4.2.1.1)"},
    {X509_V_ERR_SUBJECT_KEY_IDENTIFIER_CRITICAL, "key_identifier_critical",
     "subjectKeyIdentifier must not be critical (RFC 5280 4.2.1.2)"},
    {X509_V_ERR_EXTENSIONS_REQUIRE_VERSION_3, "bad_version", "the certificate has extensions but is not version 3 (RFC 5280 4.1.2.1)"},
    {X509_V_ERR_ISSUER_NAME_EMPTY, "empty_name", "the issuer name is empty (RFC 5280 4.1.2.4)"},
    {X509_V_ERR_SUBJECT_NAME_EMPTY, "empty_name", "the subject name is empty (RFC 5280 4.1.2.6)"},
    {X509_V_ERR_EMPTY_SUBJECT_ALT_NAME, "empty_name", "the subjectAltName extension is empty (RFC 5280 4.2.1.6)"},
    {X509_V_ERR_EMPTY_SUBJECT_SAN_NOT_CRITICAL, "empty_name",
     "the subject is empty but subjectAltName is not critical (RFC 5280 4.2.1.6)"},
    {X509_V_ERR_INVALID_EXTENSION, "invalid_extension", "an extension cannot be decoded or contradicts itself"},
    {X509_V_ERR_EE_KEY_TOO_SMALL, "weak_key", "the key is too small (at least 2048-bit RSA or 224-bit EC required)"},
    {X509_V_ERR_CA_KEY_TOO_SMALL, "weak_key", "the CA key is too small (at least 2048-bit RSA or 224-bit EC required)"},
    {X509_V_ERR_CA_MD_TOO_WEAK, "weak_signature_algorithm", "the signature uses a broken digest (MD5 or SHA-1)"},
    {X509_V_ERR_CERT_REVOKED, "revoked", "the certificate is revoked: its issuer's CRL lists its serial number"},
    {X509_V_ERR_UNABLE_TO_GET_CRL, "crl_missing", "no CRL of the certificate's issuer was given (--crl-file)"},
    {X509_V_ERR_CRL_HAS_EXPIRED, "crl_expired", "the issuer's CRL is past its nextUpdate: it is too old to rely on"},
    {X509_V_ERR_CRL_NOT_YET_VALID, "crl_not_yet_valid", "the issuer's CRL has a thisUpdate after the validation time"},
    {X509_V_ERR_ERROR_IN_CRL_LAST_UPDATE_FIELD, "crl_invalid", "the CRL's thisUpdate cannot be read"},
    {X509_V_ERR_ERROR_IN_CRL_NEXT_UPDATE_FIELD, "crl_invalid", "the CRL's nextUpdate cannot be read"},
    {X509_V_ERR_CRL_SIGNATURE_FAILURE, "crl_invalid", "the CRL's signature does not verify with its issuer's key"},
    {X509_V_ERR_UNABLE_TO_DECRYPT_CRL_SIGNATURE, "crl_invalid", "the CRL's signature cannot be decoded"},
    {X509_V_ERR_UNABLE_TO_GET_CRL_ISSUER, "crl_invalid", "the CRL's issuer certificate was not found"},
    {X509_V_ERR_KEYUSAGE_NO_CRL_SIGN, "crl_invalid", "the CRL's issuer has a keyUsage without cRLSign (RFC 5280 4.2.1.3)"},
    {X509_V_ERR_UNHANDLED_CRITICAL_CRL_EXTENSION, "crl_invalid", "the CRL has a critical extension this validator does not understand"},
    {X509_V_ERR_DIFFERENT_CRL_SCOPE, "crl_invalid", "the CRL does not cover this certificate (a different scope)"},
    {X509_V_ERR_CRL_PATH_VALIDATION_ERROR, "crl_invalid", "the path of the CRL's issuer does not validate"},
    {X509_V_ERR_EC_KEY_EXPLICIT_PARAMS, "ec_explicit_parameters",
     "the EC key uses explicit curve parameters instead of a named curve (RFC 5480 2.1.1)"},
});

std::string san_list(const CertificateDetails& d) {
  std::string out;
  for (const auto& n : d.subject_alt_names)
    if (n.type == "DNS" || n.type == "IP") out += (out.empty() ? "" : ", ") + n.type + ":" + n.value;
  return out.empty() ? "none" : out;
}

// The message with what the certificate says, where that is what an admin needs to act.
std::string detailed(const Mapping& m, const Certificate* cert, const VerifyOptions& o) {
  const auto code = m.code;
  if (cert == nullptr) return std::string(m.text);
  const auto& d = cert->details();
  if (code == "expired") return "the certificate expired on " + format_iso8601(d.not_after);
  if (code == "not_yet_valid") return "the certificate is not valid before " + format_iso8601(d.not_before);
  if (code == "missing_issuer")
    return "the issuer \"" + d.issuer + "\" is neither among the intermediates nor among the trust anchors";
  if (m.error == X509_V_ERR_SELF_SIGNED_CERT_IN_CHAIN) return "the root \"" + d.subject + "\" is not among the trust anchors";
  if (code == "name_mismatch" && o.name)
    return "\"" + *o.name + "\" is not among the certificate's subjectAltNames (" + san_list(d) + ")";
  return std::string(m.text);
}

}  // namespace

}  // namespace x509

std::span<const std::string_view> problem_codes() {
  static constexpr std::array<std::string_view, 52> kCodes = {
      "expired", "not_yet_valid", "malformed_validity", "missing_issuer", "untrusted_root", "self_signed_leaf",
      "bad_signature", "unsupported_signature_algorithm", "signature_algorithm_mismatch", "weak_key",
      "weak_signature_algorithm", "ec_explicit_parameters", "name_mismatch", "cn_fallback_refused", "wrong_purpose",
      "wrong_key_usage", "missing_key_usage", "wrong_extended_key_usage", "missing_extended_key_usage", "invalid_ca", "ca_not_marked_ca",
      "invalid_basic_constraints", "basic_constraints_not_critical", "path_length_exceeded", "chain_too_long",
      "path_loop", "name_constraints_violation", "unknown_critical_extension", "invalid_extension", "missing_aki",
      "missing_ski", "aki_ski_mismatch", "key_identifier_critical", "bad_version", "serial_not_positive",
      "serial_too_long", "empty_name", "openssl_error", "malformed_dns_name", "san_critical_with_subject",
      "cn_not_in_san", "invalid_name_constraints", "forbidden_key", "policy_constraints_not_critical",
      "invalid_root_aki", "ca_as_leaf", "eku_critical", "revoked", "crl_missing", "crl_expired",
      "crl_not_yet_valid", "crl_invalid"};
  return kCodes;
}

namespace x509 {

Problem openssl_problem(const OpensslError& e, std::span<const Certificate> chain, const VerifyOptions& options) {
  const Certificate* cert = e.depth < chain.size() ? &chain[e.depth] : nullptr;
  for (const auto& m : kMappings)
    if (m.error == e.error)
      return {std::string(m.code), Severity::error, e.depth, detailed(m, cert, options)};
  return {"openssl_error", Severity::error, e.depth,
          std::string("OpenSSL: ") + X509_verify_cert_error_string(e.error) + " (X509_V_ERR " + std::to_string(e.error) + ")"};
}

}  // namespace x509
}  // namespace certkeep
