// Draining OpenSSL's thread-local error queue into certkeep's Error values.
#pragma once

#include <string>

#include "core/util/error.h"

namespace certkeep::ossl {

// Returns the reason text of the oldest queued error ("bad decrypt", "mac verify failure", ...) and empties
// the queue. Empty string when the queue was empty.
std::string drain_errors();

// Clears the queue without reading it (before a call whose failure we interpret ourselves).
void clear_errors();

// An Error whose message is `what`, followed by OpenSSL's reason when it has one.
Error make_error(ErrorCode code, const std::string& what);

}  // namespace certkeep::ossl
