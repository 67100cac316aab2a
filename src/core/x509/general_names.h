// Building OpenSSL GeneralNames (RFC 5280 4.2.1.6) from certkeep's GeneralName values. Internal to
// core/x509: the subjectAltName of new certificates and requests.
#pragma once

#include <span>

#include "core/ossl/ptr.h"
#include "core/util/result.h"
#include "core/x509/certificate.h"

namespace certkeep::x509 {

// One name of type "DNS", "IP", "email" or "URI" (the spellings GeneralName uses); `invalid` naming the
// entry for any other type, an empty or non-ASCII value, or an IP address that is neither IPv4 nor IPv6.
Result<ossl::UniquePtr<GENERAL_NAME>> to_general_name(const GeneralName& name);

// All of `names`, in order; fails as to_general_name does on the first bad one.
Result<ossl::UniquePtr<GENERAL_NAMES>> to_general_names(std::span<const GeneralName> names);

}  // namespace certkeep::x509
