// Errors as values. Every fallible call in core returns Result<T>; the CLI maps Error::code to an exit
// status in exactly one place (cli/exit_codes.h).
#pragma once

#include <string>
#include <string_view>

namespace certkeep {

enum class ErrorCode {
  not_found,     // a file, alias or entry that is not there
  io,            // the operating system refused a read or write
  malformed,     // bytes that are not what they claim to be (truncated DER, bad PEM, corrupt store)
  unsupported,   // a valid structure we do not handle (unknown algorithm, format version)
  bad_password,  // wrong password, or a MAC / integrity check that does not match
  invalid,       // well-formed input that fails a rule (verification failure, bad argument)
  conflict,      // the change would clash with what is there (duplicate alias, a reply for another key)
  untrusted,     // a certificate refused for installation: expired, not yet valid, chain does not verify
  internal,      // a bug or an OpenSSL failure with no better category
};

// Stable lower-case name of a code, used in JSON output and golden tests.
std::string_view to_string(ErrorCode code);

struct Error {
  ErrorCode code;
  std::string message;  // one line, in words an admin acts on; never contains a secret
};

}  // namespace certkeep
