#!/usr/bin/env bash
# The full test suite, as CI runs it: installs dependencies, then builds and tests with warnings as
# errors, again under AddressSanitizer + UndefinedBehaviorSanitizer, the concurrent paths under
# ThreadSanitizer, and replays the fuzz corpora.
#   scripts/test.sh           everything
#   scripts/test.sh --quick   the debug build and its tests only
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh

quick=0
[ "${1:-}" = "--quick" ] && quick=1

run_preset() {
  echo "== $1: build" >&2
  scripts/build.sh "$1"
  echo "== $1: test" >&2
  ctest --preset "$1" -j2 --timeout 300
}

run_preset debug
[ $quick -eq 1 ] && exit 0
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 run_preset asan
# ThreadSanitizer over the tests of what runs concurrently (parallel file reading, endpoint scans).
TSAN_OPTIONS=halt_on_error=1:second_deadlock_stack=1 run_preset tsan
if [ -x scripts/fuzz.sh ]; then scripts/fuzz.sh --smoke; fi
