// One inventory of the certificates found anywhere — keystores, files, live endpoints — with each
// certificate once, however many places hold or serve it, and a list of those places.
#pragma once

#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/x509/certificate.h"

namespace certkeep {

struct Location {
  enum class Kind { file, endpoint };
  Kind kind = Kind::file;
  std::string where;      // the file's path, or the endpoint as host:port
  std::string alias;      // the keystore entry's alias, or the SNI name an endpoint was asked for
  std::size_t depth = 0;  // position in its chain: 0 for the leaf

  bool operator==(const Location&) const = default;
};

// "file", "endpoint": stable, used in JSON and metric labels.
std::string_view to_string(Location::Kind k);

struct IndexedCertificate {
  Certificate certificate;
  std::vector<Location> locations;  // in the order found, without repeats
};

class CertificateIndex {
 public:
  // Records that `where` holds `c`. The same certificate (same DER) found again gains a location.
  void add(const Certificate& c, Location where);

  [[nodiscard]] std::size_t size() const { return items_.size(); }

  // Every certificate, in the order first found.
  [[nodiscard]] const std::vector<IndexedCertificate>& items() const { return items_; }

  // Every certificate, soonest notAfter first (then by subject, for a stable order).
  [[nodiscard]] std::vector<const IndexedCertificate*> by_expiry() const;

 private:
  std::vector<IndexedCertificate> items_;
  std::unordered_map<std::string_view, std::size_t> by_der_;  // keys view the items' own DER
};

}  // namespace certkeep
