// A fault-injection hook for crash-safety tests. Code that writes durable state calls crash_point() at
// every step where a crash would leave something on disk; when the environment variable
// CERTKEEP_CRASH_AT=N is set, the N-th call (counting from 1 in this process) kills the process with
// SIGKILL, as a power cut or `kill -9` would. Unset (always, outside tests), it costs one branch.
// CERTKEEP_CRASH_TRACE=1 prints each point's number and name to stderr, so tests can count them.
#pragma once

namespace certkeep {

void crash_point(const char* name);

}  // namespace certkeep
