// Names in the leaf and the name constraints above it: the syntax of DNS names (RFC 5280 4.2.1.6 and
// 4.2.1.10 refer to RFC 1034 3.5's preferred name syntax), the subject CN as a copy of a subjectAltName
// (CA/B Forum BR 7.1.4.3), where name constraints may appear and what they may hold (RFC 5280 4.2.1.10),
// and wildcards that could stand for an excluded name (OpenSSL 3.0 compares a wildcard as a literal).
#include <arpa/inet.h>

#include <algorithm>
#include <array>
#include <cctype>

#include <openssl/x509v3.h>

#include "core/ossl/ptr.h"
#include "core/x509/strict.h"

namespace certkeep::x509 {
namespace {

std::string text(const ASN1_STRING* s) {
  return {reinterpret_cast<const char*>(ASN1_STRING_get0_data(s)), static_cast<std::size_t>(ASN1_STRING_length(s))};
}

std::string lower(std::string s) {
  std::ranges::transform(s, s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

// RFC 1034 3.5 as relaxed by RFC 1123 2.1: letters, digits and hyphens, no hyphen at either end of a
// label, labels of 1 to 63 characters, at most 253 in all. Underscores, empty labels (a leading,
// trailing or doubled dot) and anything else are not host names.
bool is_label(std::string_view label) {
  if (label.empty() || label.size() > 63 || label.front() == '-' || label.back() == '-') return false;
  return std::ranges::all_of(label, [](unsigned char c) { return std::isalnum(c) != 0 || c == '-'; });
}

bool is_dns_name(std::string_view name, bool wildcard_allowed) {
  if (name.empty() || name.size() > 253) return false;
  if (wildcard_allowed && name.starts_with("*.")) name.remove_prefix(2);
  for (std::size_t start = 0;;) {
    const auto dot = name.find('.', start);
    if (!is_label(name.substr(start, dot == std::string_view::npos ? std::string_view::npos : dot - start))) return false;
    if (dot == std::string_view::npos) return true;
    start = dot + 1;
  }
}

ossl::UniquePtr<GENERAL_NAMES> subject_alt_names(const Certificate& c) {
  return ossl::UniquePtr<GENERAL_NAMES>(
      static_cast<GENERAL_NAMES*>(X509_get_ext_d2i(c.x509(), NID_subject_alt_name, nullptr, nullptr)));
}

// The text an IP address SAN has in RFC 3986 3.2.2 (IPv4) or RFC 5952 4 (IPv6) form: what BR 7.1.4.3
// requires a CN holding that address to be.
std::string canonical_ip(const ASN1_OCTET_STRING* ip) {
  std::array<char, INET6_ADDRSTRLEN> buf{};
  const int n = ASN1_STRING_length(ip);
  const int family = n == 4 ? AF_INET : n == 16 ? AF_INET6 : -1;
  if (family < 0 || inet_ntop(family, ASN1_STRING_get0_data(ip), buf.data(), buf.size()) == nullptr) return {};
  return buf.data();
}

std::vector<std::string> common_names(const Certificate& c) {
  std::vector<std::string> out;
  const X509_NAME* subject = X509_get_subject_name(c.x509());
  for (int i = X509_NAME_get_index_by_NID(subject, NID_commonName, -1); i >= 0;
       i = X509_NAME_get_index_by_NID(subject, NID_commonName, i)) {
    unsigned char* utf8 = nullptr;
    const int n = ASN1_STRING_to_UTF8(&utf8, X509_NAME_ENTRY_get_data(X509_NAME_get_entry(subject, i)));
    const ossl::OpensslBytes owned(utf8);
    if (n >= 0) out.emplace_back(reinterpret_cast<const char*>(utf8), static_cast<std::size_t>(n));
  }
  return out;
}

// RFC 5280 4.2.1.6: dNSName in the preferred name syntax; CA/B Forum BR 7.1.2.7.12: subjectAltName is
// critical only when the subject is empty.
void check_leaf_sans(const Certificate& leaf, const GENERAL_NAMES* sans, std::vector<Problem>& out) {
  for (int i = 0; i < sk_GENERAL_NAME_num(sans); ++i) {
    const GENERAL_NAME* gn = sk_GENERAL_NAME_value(sans, i);
    if (gn->type == GEN_DNS && !is_dns_name(text(gn->d.dNSName), true))
      out.push_back(strict_problem("malformed_dns_name", 0,
                                   "subjectAltName DNS:" + text(gn->d.dNSName) +
                                       " is not a host name (RFC 5280 4.2.1.6, RFC 1034 3.5: letters, digits, hyphens)"));
  }
  if (extension_critical(leaf, NID_subject_alt_name) == true && X509_NAME_entry_count(X509_get_subject_name(leaf.x509())) > 0)
    out.push_back(strict_problem("san_critical_with_subject", 0,
                                 "subjectAltName is critical although the subject is not empty (CA/B Forum BR 7.1.2.7.12)"));
}

// The canonical text of an IP address written in any form inet_aton or inet_pton accepts, or nothing.
std::optional<std::string> ip_in_any_form(const std::string& text) {
  in_addr v4{};
  std::array<unsigned char, 16> v6{};
  std::array<char, INET6_ADDRSTRLEN> buf{};
  const bool v4_like = text.find('.') != std::string::npos || lower(text).starts_with("0x");
  if (v4_like && inet_aton(text.c_str(), &v4) != 0 && inet_ntop(AF_INET, &v4, buf.data(), buf.size()) != nullptr) return buf.data();
  if (inet_pton(AF_INET6, text.c_str(), v6.data()) == 1 && inet_ntop(AF_INET6, v6.data(), buf.data(), buf.size()) != nullptr)
    return buf.data();
  return std::nullopt;
}

// A CN that a reader takes for one of the certificate's names without being one: an IP address in a
// non-canonical form (hex, octal, leading zeros, upper-case or uncompressed IPv6), a DNS name that
// differs from a SAN only in case, or an internationalized name (Unicode or punycode).
bool passes_for_a_name(const std::string& cn, const GENERAL_NAMES* sans) {
  if (const auto ip = ip_in_any_form(cn)) return *ip != cn;
  if (std::ranges::any_of(cn, [](unsigned char c) { return c >= 0x80; }) || lower(cn).find("xn--") != std::string::npos) return true;
  for (int i = 0; i < sk_GENERAL_NAME_num(sans); ++i) {
    const GENERAL_NAME* gn = sk_GENERAL_NAME_value(sans, i);
    if (gn->type == GEN_DNS && lower(text(gn->d.dNSName)) == lower(cn)) return true;
  }
  return false;
}

// CA/B Forum BR 7.1.4.3: a TLS server certificate's CN, if present, is a character-for-character copy of
// one of its dNSName entries, or one of its IP addresses written in canonical form. Enforced where the
// CN passes for a name of the certificate (passes_for_a_name): there a differing copy lets what a person
// reads differ from what was validated. A descriptive CN ("Gateway Server") is left alone, as private
// CAs issue them and browsers ignore the CN.
void check_common_name(const Certificate& leaf, const GENERAL_NAMES* sans, std::vector<Problem>& out) {
  for (const auto& cn : common_names(leaf)) {
    bool found = false;
    for (int i = 0; i < sk_GENERAL_NAME_num(sans) && !found; ++i) {
      const GENERAL_NAME* gn = sk_GENERAL_NAME_value(sans, i);
      found = (gn->type == GEN_DNS && text(gn->d.dNSName) == cn) || (gn->type == GEN_IPADD && canonical_ip(gn->d.iPAddress) == cn);
    }
    if (!found && passes_for_a_name(cn, sans))
      out.push_back(strict_problem("cn_not_in_san", 0,
                                   "the subject CN \"" + cn +
                                       "\" is not a copy of one of the subjectAltNames (CA/B Forum BR 7.1.4.3)"));
  }
}

ossl::UniquePtr<NAME_CONSTRAINTS> name_constraints(const Certificate& c) {
  return ossl::UniquePtr<NAME_CONSTRAINTS>(
      static_cast<NAME_CONSTRAINTS*>(X509_get_ext_d2i(c.x509(), NID_name_constraints, nullptr, nullptr)));
}

// RFC 5280 4.2.1.10: a dNSName constraint is a host name (a leading period is URI syntax, not DNS).
void check_subtrees(const STACK_OF(GENERAL_SUBTREE)* subtrees, std::size_t depth, std::vector<Problem>& out) {
  for (int i = 0; i < sk_GENERAL_SUBTREE_num(subtrees); ++i) {
    const GENERAL_NAME* base = sk_GENERAL_SUBTREE_value(subtrees, i)->base;
    if (base->type == GEN_DNS && !is_dns_name(text(base->d.dNSName), false))
      out.push_back(strict_problem("invalid_name_constraints", depth,
                                   "the name constraint DNS:" + text(base->d.dNSName) +
                                       " is not a host name (RFC 5280 4.2.1.10)"));
  }
}

// A wildcard "*.S" in the leaf stands for every "L.S"; an excluded subtree L.S must then refuse it.
void check_wildcards(const NAME_CONSTRAINTS* nc, const GENERAL_NAMES* sans, std::size_t depth, std::vector<Problem>& out) {
  for (int i = 0; i < sk_GENERAL_SUBTREE_num(nc->excludedSubtrees); ++i) {
    const GENERAL_NAME* base = sk_GENERAL_SUBTREE_value(nc->excludedSubtrees, i)->base;
    if (base->type != GEN_DNS) continue;
    const auto excluded = lower(text(base->d.dNSName));
    const auto dot = excluded.find('.');
    if (dot == std::string::npos || dot == 0) continue;
    for (int j = 0; j < sk_GENERAL_NAME_num(sans); ++j) {
      const GENERAL_NAME* gn = sk_GENERAL_NAME_value(sans, j);
      if (gn->type != GEN_DNS || lower(text(gn->d.dNSName)) != "*" + excluded.substr(dot)) continue;
      out.push_back(strict_problem("name_constraints_violation", 0,
                                   "subjectAltName DNS:" + text(gn->d.dNSName) + " also stands for " + excluded +
                                       ", which the CA at depth " + std::to_string(depth) + " excludes (RFC 5280 4.2.1.10)"));
    }
  }
}

}  // namespace

void check_leaf_names(const Certificate& leaf, Purpose purpose, std::vector<Problem>& out) {
  const auto sans = subject_alt_names(leaf);
  check_leaf_sans(leaf, sans.get(), out);
  if (purpose == Purpose::server) check_common_name(leaf, sans.get(), out);
}

// RFC 5280 4.2.1.10: name constraints "MUST be used only in a CA certificate", and "either the
// permittedSubtrees field or the excludedSubtrees MUST be present" (each a SEQUENCE SIZE (1..MAX)).
void check_name_constraints(const ChainView& v, std::vector<Problem>& out) {
  const auto sans = v.chain.empty() ? nullptr : subject_alt_names(v.chain.front());
  for (std::size_t depth = 0; depth < v.chain.size(); ++depth) {
    if (!extension_critical(v.chain[depth], NID_name_constraints).has_value()) continue;
    const auto nc = name_constraints(v.chain[depth]);
    const auto& bc = v.chain[depth].details().basic_constraints;
    if (!bc || !bc->ca)
      out.push_back(strict_problem("invalid_name_constraints", depth,
                                   "nameConstraints in a certificate that is not a CA (RFC 5280 4.2.1.10)"));
    if (!nc || (sk_GENERAL_SUBTREE_num(nc->permittedSubtrees) <= 0 && sk_GENERAL_SUBTREE_num(nc->excludedSubtrees) <= 0)) {
      out.push_back(strict_problem("invalid_name_constraints", depth,
                                   "nameConstraints has neither permitted nor excluded subtrees (RFC 5280 4.2.1.10)"));
      continue;
    }
    check_subtrees(nc->permittedSubtrees, depth, out);
    check_subtrees(nc->excludedSubtrees, depth, out);
    if (depth > 0 && sans) check_wildcards(nc.get(), sans.get(), depth, out);
  }
}

}  // namespace certkeep::x509
