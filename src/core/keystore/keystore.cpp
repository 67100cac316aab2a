#include "core/keystore/keystore.h"

namespace certkeep {

std::string_view to_string(Format f) {
  switch (f) {
    case Format::pem: return "PEM";
    case Format::der: return "DER";
    case Format::pkcs7: return "PKCS7";
    case Format::pkcs12: return "PKCS12";
    case Format::jks: return "JKS";
    case Format::jceks: return "JCEKS";
  }
  return "PEM";
}

std::string_view to_string(EntryKind k) {
  switch (k) {
    case EntryKind::key: return "key";
    case EntryKind::trusted_certificate: return "trusted_certificate";
    case EntryKind::certificate: return "certificate";
    case EntryKind::private_key: return "private_key";
    case EntryKind::csr: return "csr";
    case EntryKind::secret_key: return "secret_key";
  }
  return "certificate";
}

}  // namespace certkeep
