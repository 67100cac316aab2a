#include "core/x509/strict.h"

#include <algorithm>

#include <openssl/x509.h>

namespace certkeep::x509 {

bool lists(const std::optional<std::vector<std::string>>& list, std::string_view item) {
  return list && std::ranges::find(*list, item) != list->end();
}

std::optional<bool> extension_critical(const Certificate& c, int nid) {
  const int at = X509_get_ext_by_NID(c.x509(), nid, -1);
  if (at < 0) return std::nullopt;
  return X509_EXTENSION_get_critical(X509_get_ext(c.x509(), at)) != 0;
}

Problem strict_problem(std::string code, std::size_t depth, std::string message, Severity severity) {
  return {std::move(code), severity, depth, std::move(message)};
}

std::vector<Problem> strict_checks(const ChainView& view) {
  std::vector<Problem> out;
  for (std::size_t depth = 0; depth < view.chain.size(); ++depth) {
    const auto& cert = view.chain[depth];
    if (depth > 0) check_ca(cert, depth, out);  // an issuer, anchors included (RFC 5280 6.1.4 k, n)
    check_key_algorithm(cert, depth, out);
    check_extension_forms(cert, depth, view.is_anchor(depth), out);
    if (view.is_anchor(depth)) continue;
    check_serial(cert, depth, out);
    check_version(cert, depth, out);
    check_key_identifiers(view, depth, out);
  }
  if (!view.chain.empty()) {
    check_leaf_key_usage(view.chain.front(), view.purpose, out);
    check_subscriber(view.chain.front(), view.purpose, out);
    check_leaf_names(view.chain.front(), view.purpose, out);
  }
  check_extended_key_usage(view, out);
  check_name_constraints(view, out);
  check_max_intermediates(view, out);
  check_crls(view, out);
  return out;
}

}  // namespace certkeep::x509
