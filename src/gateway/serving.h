// What an endpoint serves right now. A ServingSet is immutable: a reload builds a new one and publishes
// it with one store (published.h), so a handshake uses either the old set or the new one, never a mix, and
// connections established under the old set keep it alive until they end.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <openssl/ssl.h>

#include "core/ossl/ptr.h"
#include "gateway/certificate_loader.h"

namespace certkeep::gateway {

// One configured certificate, loaded and judged, with the context that presents it.
struct ServingCertificate {
  LoadedCertificate loaded;
  std::string keystore_sha256;  // of the file's bytes it was loaded from: tells a real change from a touch
  ossl::UniquePtr<SSL_CTX> context;
  std::vector<std::string> names;  // served for these SNI names (configured, else the leaf's DNS SANs)
};

class ServingSet {
 public:
  explicit ServingSet(std::vector<std::shared_ptr<const ServingCertificate>> certificates);

  [[nodiscard]] const std::vector<std::shared_ptr<const ServingCertificate>>& certificates() const { return certificates_; }
  // The certificate for an SNI name: an exact name (ignoring case), then a wildcard "*.example.com"
  // covering one label, else the first certificate (also when the client sent no SNI).
  [[nodiscard]] const ServingCertificate& for_name(std::string_view sni) const;

  // Makes `ctx` switch each handshake to the certificate its SNI asks for, from the set the connection
  // attached with attach(). Installed on every inbound server context.
  static void install_sni(SSL_CTX* ctx);
  // Attaches this set to a new connection's SSL before its handshake; the caller keeps the set alive
  // for the connection's lifetime.
  void attach(SSL* ssl) const;

 private:
  std::vector<std::shared_ptr<const ServingCertificate>> certificates_;
};

// The names a certificate serves: `configured`, else the DNS subjectAltNames of `leaf`.
std::vector<std::string> served_names(const std::vector<std::string>& configured, const Certificate& leaf);

// Whether `name` matches `pattern` ("host.example.com" or "*.example.com"), ignoring ASCII case.
bool name_matches(std::string_view pattern, std::string_view name);

}  // namespace certkeep::gateway
