// The aliases a JKS or JCEKS writer stores. The JDK keys both stores by the lower-cased alias
// (JavaKeyStore.convertAlias, JceKeyStore.engineSetKeyEntry: alias.toLowerCase(Locale.ENGLISH)) and
// writes that form, so keytool lists and finds entries only by it.
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/keystore/keystore.h"
#include "core/util/result.h"

namespace certkeep::jks {

// One alias per entry, in order, lower-cased (java_lower_case). Fails with `invalid` for an entry
// without an alias ("entry 3 (trusted_certificate) has no alias: JKS needs one for every entry") and for
// two aliases equal ignoring case ("aliases 'Web' and 'web' are the same ignoring case: JKS needs
// unique aliases"), and for one longer than 65535 bytes in modified UTF-8. `format` ("JKS", "JCEKS") names the store in messages.
Result<std::vector<std::string>> stored_aliases(std::span<const Entry> entries, std::string_view format);

}  // namespace certkeep::jks
