// The OpenSSL contexts the gateway handshakes with, built from loaded certificates and the endpoint's
// policy. Every context is complete and immutable once built; a reload builds new ones and swaps them in
// (serving.h), so a handshake never sees a half-changed context.
#pragma once

#include <vector>

#include <openssl/ssl.h>

#include "core/ossl/ptr.h"
#include "core/util/result.h"
#include "gateway/certificate_loader.h"
#include "gateway/config.h"
#include "gateway/ticket_keys.h"

namespace certkeep::gateway {

// A server context presenting `cert` under `policy`; client certificates requested per `client_auth`
// and verified against `client_anchors` (an expired one is refused with the certificate_expired alert).
// Session tickets sealed with `tickets`; no server-side session cache. Errors: `invalid` for a cipher
// list or version OpenSSL refuses, naming it.
Result<ossl::UniquePtr<SSL_CTX>> server_context(const LoadedCertificate& cert, const TlsPolicy& policy, ClientAuth client_auth,
                                                const std::vector<Certificate>& client_anchors, TicketKeys& tickets);

// A client context for an outbound endpoint: verifies the upstream against `anchors` (peer verification
// on; the host name is set per connection), presents `client` when there is one.
Result<ossl::UniquePtr<SSL_CTX>> client_context(const LoadedCertificate* client, const TlsPolicy& policy,
                                                const std::vector<Certificate>& anchors);

}  // namespace certkeep::gateway
