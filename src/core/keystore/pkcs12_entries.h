// Groups the bags of a PKCS#12 store into the entries a user sees. RFC 7292 leaves the grouping to
// convention; the tools that write stores (OpenSSL, keytool, GnuTLS, NSS) agree on this one:
//  - a key bag and the certificate bag with the same localKeyId (or, lacking ids, the certificate the key
//    belongs to) make one `key` entry, aliased by the friendlyName; its chain is that certificate followed
//    by its issuers among the other certificate bags, ordered by issuer/subject chaining (RFC 5280 6.1);
//  - certificate bags keytool marked trusted (Oracle's trusted-key-usage attribute) are
//    `trusted_certificate` entries, even when they also complete a key's chain;
//  - other certificate bags that belong to no chain are `certificate` entries (`openssl pkcs12 -certfile`
//    extras); a key with no certificate is a `private_key` entry; secret bags are `secret_key` entries.
// Entries come in the order of their first bag in the file.
#pragma once

#include <vector>

#include "core/keystore/keystore.h"
#include "core/keystore/pkcs12_bags.h"

namespace certkeep::pkcs12 {

std::vector<Entry> group_entries(Bags bags);

}  // namespace certkeep::pkcs12
