// The profile of the CRLs that cover the certificates of the chain (RFC 5280 5.2): OpenSSL 3.0 uses a
// CRL without its mandatory CRL number, or with the number marked critical.
#include <openssl/x509v3.h>

#include "core/x509/strict.h"

namespace certkeep::x509 {
namespace {

bool issued_for(const Crl& crl, const Certificate& c) {
  return X509_NAME_cmp(X509_CRL_get_issuer(crl.x509_crl()), X509_get_issuer_name(c.x509())) == 0;
}

}  // namespace

// RFC 5280 5.2.3: "CRL issuers MUST include this extension [cRLNumber] in all CRLs" and "MUST mark it
// as non-critical". Checked on each CRL whose issuer is the issuer of a certificate in the chain.
void check_crls(const ChainView& v, std::vector<Problem>& out) {
  for (std::size_t depth = 0; depth < v.chain.size(); ++depth) {
    if (v.is_anchor(depth)) continue;
    for (const auto& crl : v.crls) {
      if (!issued_for(crl, v.chain[depth])) continue;
      const int at = X509_CRL_get_ext_by_NID(crl.x509_crl(), NID_crl_number, -1);
      if (at < 0)
        out.push_back(strict_problem("crl_invalid", depth, "the issuer's CRL has no CRL number (RFC 5280 5.2.3)"));
      else if (X509_EXTENSION_get_critical(X509_CRL_get_ext(crl.x509_crl(), at)) != 0)
        out.push_back(strict_problem("crl_invalid", depth, "the issuer's CRL marks its CRL number critical (RFC 5280 5.2.3)"));
    }
  }
}

}  // namespace certkeep::x509
