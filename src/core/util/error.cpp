#include "core/util/error.h"

namespace certkeep {

std::string_view to_string(ErrorCode code) {
  switch (code) {
    case ErrorCode::not_found: return "not_found";
    case ErrorCode::io: return "io";
    case ErrorCode::malformed: return "malformed";
    case ErrorCode::unsupported: return "unsupported";
    case ErrorCode::bad_password: return "bad_password";
    case ErrorCode::invalid: return "invalid";
    case ErrorCode::conflict: return "conflict";
    case ErrorCode::untrusted: return "untrusted";
    case ErrorCode::internal: return "internal";
  }
  return "internal";
}

}  // namespace certkeep
