// Key usage of the leaf for TLS, and extended key usage along the whole chain.
#include "core/x509/strict.h"

namespace certkeep::x509 {
namespace {

constexpr std::string_view kAnyEku = "anyExtendedKeyUsage";

std::string joined(const std::vector<std::string>& v) {
  std::string out;
  for (const auto& s : v) out += (out.empty() ? "" : ", ") + s;
  return out;
}

bool is_rsa(const CertificateDetails& d) { return d.public_key.algorithm.starts_with("RSA"); }

// The extended key usages the chain must permit: the purpose's, or for `any` whatever the leaf claims.
std::vector<std::string> required_ekus(const CertificateDetails& leaf, Purpose purpose) {
  switch (purpose) {
    case Purpose::server: return {"serverAuth"};
    case Purpose::client: return {"clientAuth"};
    case Purpose::any: break;
  }
  std::vector<std::string> out;
  if (leaf.extended_key_usage)
    for (const auto& e : *leaf.extended_key_usage)
      if (e != kAnyEku) out.push_back(e);
  return out;
}

// RFC 5280 4.2.1.12: a certificate with an extendedKeyUsage may be used only for the purposes it lists.
void check_leaf_eku(const CertificateDetails& leaf, Purpose purpose, std::vector<Problem>& out) {
  if (purpose == Purpose::any) return;
  const auto wanted = required_ekus(leaf, purpose).front();
  if (!leaf.extended_key_usage) {
    out.push_back(strict_problem("missing_extended_key_usage", 0,
                                 "the certificate has no extendedKeyUsage; CA/B Forum BR 7.1.2.7.10 requires " + wanted,
                                 Severity::warning));
    return;
  }
  if (lists(leaf.extended_key_usage, wanted) || lists(leaf.extended_key_usage, kAnyEku)) return;
  out.push_back(strict_problem("wrong_extended_key_usage", 0,
                               "extendedKeyUsage (" + joined(*leaf.extended_key_usage) + ") does not include " + wanted +
                                   " (RFC 5280 4.2.1.12)"));
}

}  // namespace

// RFC 5280 4.2.1.3 with the TLS signature rules (RFC 8446 4.4.2.4, RFC 5246 7.4.2) and CA/B Forum BR
// 7.1.2.7.11: a TLS server's RSA key needs digitalSignature (ECDHE) or keyEncipherment (RSA key
// exchange); any other key type, and every TLS client key, needs digitalSignature.
void check_leaf_key_usage(const Certificate& leaf, Purpose purpose, std::vector<Problem>& out) {
  const auto& d = leaf.details();
  if (purpose == Purpose::any || !d.key_usage) return;
  if (lists(d.key_usage, "digitalSignature")) return;
  const bool rsa_server = purpose == Purpose::server && is_rsa(d);
  if (rsa_server && lists(d.key_usage, "keyEncipherment")) return;
  out.push_back(strict_problem("wrong_key_usage", 0,
                               "keyUsage (" + joined(*d.key_usage) + ") of this " + d.public_key.algorithm + " key lacks " +
                                   (rsa_server ? "digitalSignature and keyEncipherment" : "digitalSignature") +
                                   ", which TLS " + std::string(to_string(purpose)) + " authentication needs"));
}

// An extendedKeyUsage in a CA certificate constrains what it may issue (CA/B Forum BR 7.1.2.10.6; the
// EKU chaining browsers enforce): every usage the leaf is to be used for must be listed by every CA
// above it that has the extension. Trust anchors are not constrained here.
void check_extended_key_usage(const ChainView& v, std::vector<Problem>& out) {
  if (v.chain.empty()) return;
  const auto& leaf = v.chain.front().details();
  check_leaf_eku(leaf, v.purpose, out);
  const auto wanted = required_ekus(leaf, v.purpose);
  const auto severity = v.purpose == Purpose::any ? Severity::warning : Severity::error;
  for (std::size_t depth = 1; depth < v.chain.size(); ++depth) {
    const auto& eku = v.chain[depth].details().extended_key_usage;
    if (v.is_anchor(depth) || !eku || lists(eku, kAnyEku)) continue;
    std::vector<std::string> missing;
    for (const auto& w : wanted)
      if (!lists(eku, w)) missing.push_back(w);
    if (!missing.empty())
      out.push_back(strict_problem("wrong_extended_key_usage", depth,
                                   "this CA's extendedKeyUsage (" + joined(*eku) + ") does not include " + joined(missing) +
                                       ", so it cannot issue certificates for that use (CA/B Forum BR 7.1.2.10.6)",
                                   severity));
  }
}

}  // namespace certkeep::x509
