// RFC 5280 certificate-profile rules and CA/Browser Forum Baseline Requirements (BR) usage rules that
// OpenSSL 3.0's X509_verify_cert does not enforce, or reports only under a catch-all error. Run on the
// chain OpenSSL built; each rule reports its own problem code. Internal to core/x509.
#pragma once

#include <cstddef>
#include <span>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/x509/verify.h"

namespace certkeep::x509 {

struct ChainView {
  std::span<const Certificate> chain;  // leaf first
  // chain.back() is one of the caller's trust anchors. An anchor is input to path validation, not a
  // certificate to validate (RFC 5280 6.1.1 d), so profile rules other than being a CA skip it.
  bool ends_at_anchor = false;
  Purpose purpose = Purpose::server;
  std::optional<std::size_t> max_intermediates;  // VerifyOptions::max_intermediates
  std::span<const Crl> crls;                      // VerifyOptions::crls

  [[nodiscard]] bool is_anchor(std::size_t depth) const { return ends_at_anchor && depth + 1 == chain.size(); }
};

// Every rule below, on every certificate it applies to.
std::vector<Problem> strict_checks(const ChainView& view);

// A problem of severity error (or `severity`) at `depth`.
Problem strict_problem(std::string code, std::size_t depth, std::string message, Severity severity = Severity::error);

// Whether the certificate's extension `nid` is critical; nothing when the certificate does not have it.
std::optional<bool> extension_critical(const Certificate& c, int nid);

// True when the optional list (a keyUsage or extendedKeyUsage) is present and names `item`.
bool lists(const std::optional<std::vector<std::string>>& list, std::string_view item);

// strict_profile.cpp: RFC 5280 section 4 rules on one certificate.
void check_serial(const Certificate& c, std::size_t depth, std::vector<Problem>& out);            // 4.1.2.2
void check_version(const Certificate& c, std::size_t depth, std::vector<Problem>& out);           // 4.1.2.1
void check_key_identifiers(const ChainView& v, std::size_t depth, std::vector<Problem>& out);     // 4.2.1.1-2
void check_ca(const Certificate& c, std::size_t depth, std::vector<Problem>& out);                // 4.2.1.3, 4.2.1.9

// strict_usage.cpp: key usage and extended key usage for the purpose, along the chain.
void check_leaf_key_usage(const Certificate& leaf, Purpose purpose, std::vector<Problem>& out);
void check_extended_key_usage(const ChainView& v, std::vector<Problem>& out);

// strict_names.cpp: DNS name syntax, the CN as a copy of a SAN, name constraints' form and wildcards.
void check_leaf_names(const Certificate& leaf, Purpose purpose, std::vector<Problem>& out);
void check_name_constraints(const ChainView& v, std::vector<Problem>& out);

// strict_webpki.cpp: key algorithms, extension forms, subscriber certificates, the intermediates limit.
void check_key_algorithm(const Certificate& c, std::size_t depth, std::vector<Problem>& out);      // BR 6.1.5
void check_extension_forms(const Certificate& c, std::size_t depth, bool anchor, std::vector<Problem>& out);
void check_subscriber(const Certificate& leaf, Purpose purpose, std::vector<Problem>& out);        // BR 7.1.2.7
void check_max_intermediates(const ChainView& v, std::vector<Problem>& out);

// strict_crl.cpp: the profile of the CRLs that cover the chain (RFC 5280 5.2).
void check_crls(const ChainView& v, std::vector<Problem>& out);

}  // namespace certkeep::x509
