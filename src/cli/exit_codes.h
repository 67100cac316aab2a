// Exit statuses of every certkeep command, in one place (documented in docs/exit-codes.md). They follow
// the Nagios plugin convention so monitoring can use them directly.
#pragma once

namespace certkeep::cli {

enum ExitCode : int {
  kOk = 0,          // everything valid
  kWarning = 1,     // something expires within the warning window
  kCritical = 2,    // something expired, not yet valid, or failed verification
  kUnknown = 3,     // an input could not be read (missing, corrupt, wrong password)
  // `certkeep keystore` commands name the cause of a refusal more precisely:
  kBadPassword = 4,  // wrong password (or corrupt MAC / integrity digest)
  kNotFound = 5,     // no such file or alias
  kConflict = 6,     // duplicate alias, a reply for another key, an argument the store cannot take
  kUntrusted = 7,    // a reply refused: expired, not yet valid, or its chain does not verify
  kWriteFailed = 8,  // the file could not be written (read-only, full disk, permissions)
  kUsage = 64,      // the command line itself is wrong
};

// The worse of two statuses, by the order OK < WARNING < CRITICAL < UNKNOWN.
inline int worst(int a, int b) { return a > b ? a : b; }

}  // namespace certkeep::cli
