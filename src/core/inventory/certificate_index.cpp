#include "core/inventory/certificate_index.h"

#include <algorithm>

namespace certkeep {
namespace {

std::string_view der_key(const Certificate& c) {
  const auto der = c.der();
  return {reinterpret_cast<const char*>(der.data()), der.size()};
}

}  // namespace

std::string_view to_string(Location::Kind k) { return k == Location::Kind::file ? "file" : "endpoint"; }

void CertificateIndex::add(const Certificate& c, Location where) {
  if (const auto it = by_der_.find(der_key(c)); it != by_der_.end()) {
    auto& locations = items_[it->second].locations;
    if (std::ranges::find(locations, where) == locations.end()) locations.push_back(std::move(where));
    return;
  }
  items_.push_back(IndexedCertificate{c, {std::move(where)}});
  // The key views the DER inside the certificate's shared body, which lives as long as the item.
  by_der_.emplace(der_key(items_.back().certificate), items_.size() - 1);
}

std::vector<const IndexedCertificate*> CertificateIndex::by_expiry() const {
  std::vector<const IndexedCertificate*> out;
  out.reserve(items_.size());
  for (const auto& item : items_) out.push_back(&item);
  std::ranges::stable_sort(out, [](const IndexedCertificate* a, const IndexedCertificate* b) {
    const auto& da = a->certificate.details();
    const auto& db = b->certificate.details();
    if (da.not_after != db.not_after) return da.not_after < db.not_after;
    return da.subject < db.subject;
  });
  return out;
}

}  // namespace certkeep
