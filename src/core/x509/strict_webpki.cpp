// CA/Browser Forum Baseline Requirements (BR) and RFC 5280 rules on keys, on the form of extensions and
// on the shape of the path that OpenSSL 3.0 does not check.
#include <openssl/evp.h>
#include <openssl/x509v3.h>

#include "core/ossl/error.h"
#include "core/ossl/ptr.h"
#include "core/x509/strict.h"

namespace certkeep::x509 {
namespace {

bool self_issued(const Certificate& c) {
  return X509_NAME_cmp(X509_get_subject_name(c.x509()), X509_get_issuer_name(c.x509())) == 0;
}

// Signed by its own key, whatever its key identifiers say (OpenSSL's self-signed test trusts them).
bool signed_by_own_key(const Certificate& c) {
  const bool ok = X509_verify(c.x509(), X509_get0_pubkey(c.x509())) == 1;
  ossl::clear_errors();
  return ok;
}

// BR 7.1.2.1.3: a root's authorityKeyIdentifier, when present, carries a keyIdentifier equal to its
// subjectKeyIdentifier and neither authorityCertIssuer nor authorityCertSerialNumber. The last rule is a
// warning: five roots of the Debian store (Go Daddy and Starfield Class 2 among them) break it. Other
// certificates without a keyIdentifier already get missing_aki.
void check_root_aki(const Certificate& c, std::size_t depth, std::vector<Problem>& out) {
  const auto& d = c.details();
  if (!extension_critical(c, NID_authority_key_identifier).has_value() || !self_issued(c) || !signed_by_own_key(c)) return;
  if (!d.authority_key_id)
    out.push_back(strict_problem("invalid_root_aki", depth,
                                 "the root's authorityKeyIdentifier has no keyIdentifier (CA/B Forum BR 7.1.2.1.3)"));
  else if (d.subject_key_id && *d.subject_key_id != *d.authority_key_id)
    out.push_back(strict_problem("invalid_root_aki", depth,
                                 "the root's authorityKeyIdentifier differs from its subjectKeyIdentifier (CA/B Forum BR 7.1.2.1.3)"));
  if (X509_get0_authority_issuer(c.x509()) != nullptr || X509_get0_authority_serial(c.x509()) != nullptr)
    out.push_back(strict_problem("invalid_root_aki", depth,
                                 "the root's authorityKeyIdentifier names an issuer and serial (CA/B Forum BR 7.1.2.1.3)",
                                 Severity::warning));
}

}  // namespace

// BR 6.1.5: RSA keys with a modulus that is a multiple of 8 bits, or ECDSA keys; DSA is not allowed.
// Checked on every certificate, trust anchors included: none in the Debian store breaks it.
void check_key_algorithm(const Certificate& c, std::size_t depth, std::vector<Problem>& out) {
  EVP_PKEY* key = X509_get0_pubkey(c.x509());
  if (key == nullptr) return;
  const int type = EVP_PKEY_get_base_id(key);
  if (type == EVP_PKEY_DSA)
    out.push_back(strict_problem("forbidden_key", depth, "the certificate has a DSA key, which the Web PKI no longer allows (CA/B Forum BR 6.1.5)"));
  else if ((type == EVP_PKEY_RSA || type == EVP_PKEY_RSA_PSS) && EVP_PKEY_get_bits(key) % 8 != 0)
    out.push_back(strict_problem("forbidden_key", depth,
                                 "the RSA modulus is " + std::to_string(EVP_PKEY_get_bits(key)) +
                                     " bits, not a multiple of 8 (CA/B Forum BR 6.1.5)"));
}

// RFC 5280 4.2.2.1: authorityInfoAccess is a SEQUENCE SIZE (1..MAX). 4.2.1.11: policyConstraints MUST be
// critical.
void check_extension_forms(const Certificate& c, std::size_t depth, bool anchor, std::vector<Problem>& out) {
  if (extension_critical(c, NID_info_access).has_value()) {
    const ossl::UniquePtr<AUTHORITY_INFO_ACCESS> aia(
        static_cast<AUTHORITY_INFO_ACCESS*>(X509_get_ext_d2i(c.x509(), NID_info_access, nullptr, nullptr)));
    if (!aia || sk_ACCESS_DESCRIPTION_num(aia.get()) <= 0)
      out.push_back(strict_problem("invalid_extension", depth,
                                   "authorityInfoAccess holds no access description (RFC 5280 4.2.2.1)"));
  }
  if (!anchor && extension_critical(c, NID_policy_constraints) == false)
    out.push_back(strict_problem("policy_constraints_not_critical", depth,
                                 "policyConstraints must be critical (RFC 5280 4.2.1.11)"));
  check_root_aki(c, depth, out);
}

// BR 7.1.2.7.8: a subscriber (TLS) certificate says CA:FALSE or has no basicConstraints; BR 7.1.2.7.6:
// its extendedKeyUsage is not critical. A self-issued leaf is left out of the first rule: `openssl req
// -x509` marks every self-signed certificate CA:TRUE, and such a leaf is either pinned as its own trust
// anchor or already refused as self_signed_leaf.
void check_subscriber(const Certificate& leaf, Purpose purpose, std::vector<Problem>& out) {
  if (purpose == Purpose::any) return;
  const auto& bc = leaf.details().basic_constraints;
  if (bc && bc->ca && !self_issued(leaf))
    out.push_back(strict_problem("ca_as_leaf", 0,
                                 "a CA certificate (basicConstraints CA:TRUE) cannot be a TLS " + std::string(to_string(purpose)) +
                                     " certificate (CA/B Forum BR 7.1.2.7.8)"));
  if (purpose == Purpose::server && extension_critical(leaf, NID_ext_key_usage) == true)
    out.push_back(strict_problem("eku_critical", 0, "extendedKeyUsage must not be critical (CA/B Forum BR 7.1.2.7.6)"));
}

// The caller's limit on intermediates (the CA certificates between the leaf and the trust anchor). As
// with pathLenConstraint (RFC 5280 6.1.4 l), a self-issued certificate (a CA's key rollover) is not
// counted.
void check_max_intermediates(const ChainView& v, std::vector<Problem>& out) {
  if (!v.max_intermediates || v.chain.size() < 2) return;
  const std::size_t end = v.ends_at_anchor ? v.chain.size() - 1 : v.chain.size();
  std::size_t counted = 0;
  for (std::size_t depth = 1; depth < end; ++depth)
    if (!self_issued(v.chain[depth])) ++counted;
  if (counted > *v.max_intermediates)
    out.push_back(strict_problem("chain_too_long", end - 1,
                                 "the path has " + std::to_string(counted) + " intermediate CA certificates; at most " +
                                     std::to_string(*v.max_intermediates) + " are allowed here"));
}

}  // namespace certkeep::x509
