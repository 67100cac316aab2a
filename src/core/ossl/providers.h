// Loads the OpenSSL "default" and "legacy" providers once per process, so that stores protected with
// RC2-40 or 3DES (openssl pkcs12 -legacy, old Java and Windows exports) can be read.
#pragma once

namespace certkeep::ossl {

// Idempotent and thread-safe. Returns false if the legacy provider is not installed (legacy stores
// then fail with an "unsupported" error naming the algorithm).
bool ensure_providers();

}  // namespace certkeep::ossl
