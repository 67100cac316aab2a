#include "core/x509/strict.h"

#include <algorithm>

namespace certkeep::x509 {

bool lists(const std::optional<std::vector<std::string>>& list, std::string_view item) {
  return list && std::ranges::find(*list, item) != list->end();
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
