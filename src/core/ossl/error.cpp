#include "core/ossl/error.h"

#include <openssl/err.h>

namespace certkeep::ossl {

std::string drain_errors() {
  std::string reason;
  unsigned long e = 0;
  bool first = true;
  while ((e = ERR_get_error()) != 0) {
    if (first) {
      const char* r = ERR_reason_error_string(e);
      reason = r != nullptr ? r : "error " + std::to_string(ERR_GET_REASON(e));
      first = false;
    }
  }
  return reason;
}

void clear_errors() { ERR_clear_error(); }

Error make_error(ErrorCode code, const std::string& what) {
  const std::string reason = drain_errors();
  return Error{code, reason.empty() ? what : what + " (" + reason + ")"};
}

}  // namespace certkeep::ossl
