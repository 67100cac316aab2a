#include "core/x509/verify_diagnose.h"

#include <algorithm>

#include <openssl/x509v3.h>

#include "core/ossl/error.h"
#include "core/ossl/ptr.h"

namespace certkeep::x509 {
namespace {

bool has_problem(const std::vector<Problem>& problems, std::string_view code, std::size_t depth) {
  return std::ranges::any_of(problems, [&](const Problem& p) { return p.code == code && p.depth == depth; });
}

bool has_san_of_type(const CertificateDetails& d, std::string_view type) {
  return std::ranges::any_of(d.subject_alt_names, [&](const GeneralName& n) { return n.type == type; });
}

bool is_ip_literal(const std::string& name) {
  ossl::UniquePtr<ASN1_STRING> ip(a2i_IPADDRESS(name.c_str()));
  ossl::clear_errors();
  return ip != nullptr;
}

// Whether a client that falls back to the subject CN (RFC 2818 3.1, before RFC 6125) would match.
bool cn_would_match(X509* leaf, const std::string& name, bool ip) {
  if (!ip) {
    const int rc = X509_check_host(leaf, name.data(), name.size(),
                                   X509_CHECK_FLAG_ALWAYS_CHECK_SUBJECT | X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS, nullptr);
    ossl::clear_errors();
    return rc == 1;
  }
  const X509_NAME* subject = X509_get_subject_name(leaf);
  for (int i = -1; (i = X509_NAME_get_index_by_NID(subject, NID_commonName, i)) >= 0;) {
    const ASN1_STRING* cn = X509_NAME_ENTRY_get_data(X509_NAME_get_entry(subject, i));
    const std::string text(reinterpret_cast<const char*>(ASN1_STRING_get0_data(cn)),
                           static_cast<std::size_t>(ASN1_STRING_length(cn)));
    if (text == name) return true;
  }
  return false;
}

}  // namespace

void diagnose_name(const Certificate& leaf, const VerifyOptions& options, std::vector<Problem>& problems) {
  if (!options.name || !has_problem(problems, "name_mismatch", 0)) return;
  const bool ip = is_ip_literal(*options.name);
  if (has_san_of_type(leaf.details(), ip ? "IP" : "DNS") || !cn_would_match(leaf.x509(), *options.name, ip)) return;
  // RFC 9525 6.3 and CA/B Forum BR 7.1.4.3: the CN is not an identifier a client may match.
  problems.push_back({"cn_fallback_refused", Severity::error, 0,
                      "\"" + *options.name + "\" appears only in the subject CN, which is never matched: it must be a "
                          "subjectAltName " + (ip ? "iPAddress" : "dNSName") + " entry (RFC 9525 6.3)"});
}

void diagnose_missing_issuer(std::span<const Certificate> chain, std::span<const Certificate> candidates,
                             std::vector<Problem>& problems) {
  for (std::size_t depth = 0; depth < chain.size(); ++depth) {
    if (!has_problem(problems, "missing_issuer", depth)) continue;
    const auto& child = chain[depth];
    for (const auto& c : candidates) {
      if (X509_check_issued(c.x509(), child.x509()) != X509_V_ERR_AKID_SKID_MISMATCH) continue;
      const auto& ski = c.details().subject_key_id;
      problems.push_back({"aki_ski_mismatch", Severity::error, depth,
                          "authorityKeyIdentifier " + child.details().authority_key_id.value_or("(none)") +
                              " does not match the subjectKeyIdentifier " + ski.value_or("(none)") + " of \"" +
                              c.details().subject + "\", the certificate named as issuer (RFC 5280 4.2.1.1)"});
      break;
    }
  }
  ossl::clear_errors();
}

}  // namespace certkeep::x509
