#!/usr/bin/env bash
# libFuzzer runs of the targets in fuzz/ (see fuzz/README.md), built with the `fuzz` CMake preset (clang).
#   scripts/fuzz.sh --smoke            build, then every target for 20 s on a copy of its corpus; fails on
#                                      any crash, leak, timeout or broken invariant (CI: scripts/test.sh)
#   scripts/fuzz.sh TARGET [SECONDS]   build, then one target (fuzz_x509, fuzz_pkcs12, ...) for SECONDS
#                                      (default 300)
# The checked-in corpus is never modified: new inputs go to a temporary copy. Reproducers (crash-*,
# leak-*, timeout-*, oom-*) are kept in build/fuzz/findings/TARGET/. Extra libFuzzer flags come from
# FUZZ_FLAGS, e.g. FUZZ_FLAGS="-jobs=2 -workers=2" scripts/fuzz.sh fuzz_jks 600.
set -euo pipefail
cd "$(dirname "$0")/.."

targets=(fuzz_x509 fuzz_pkcs7 fuzz_pkcs12 fuzz_jks fuzz_private_key fuzz_detect)
bin=build/fuzz/fuzz
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}

usage() {
  echo "usage: scripts/fuzz.sh --smoke | TARGET [SECONDS]   (targets: ${targets[*]})" >&2
  exit 2
}

build() {
  cmake --preset fuzz >/dev/null
  cmake --build --preset fuzz --target "${targets[@]}" >/dev/null  # not net/: clang 14 lacks C++20 coroutines with libstdc++
}

# run TARGET SECONDS: fuzzes; prints one summary line; returns libFuzzer's status.
run() {
  local target=$1 seconds=$2 work findings log status=0
  work=$(mktemp -d)
  findings=build/fuzz/findings/$target
  log=build/fuzz/findings/$target.log
  mkdir -p "$findings"
  cp -R "fuzz/corpus/$target/." "$work/"
  # -detect_leaks=0 turns off libFuzzer's leak check after each input, not LeakSanitizer's at exit: OpenSSL's
  # lazily filled caches made the per-input check run LSan on most inputs, at 1/30 of the speed. A leak
  # still fails the run when the process exits.
  # shellcheck disable=SC2086  # FUZZ_FLAGS is a list of flags
  "$bin/$target" -max_total_time="$seconds" -timeout="${FUZZ_TIMEOUT:-10}" -rss_limit_mb=2048 -detect_leaks=0 \
    -print_final_stats=1 -artifact_prefix="$findings/" ${FUZZ_FLAGS:-} "$work" >"$log" 2>&1 || status=$?
  local runs rate
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
  rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -n 1)
  echo "$target: ${seconds}s, ${runs:-?} runs, ${rate:-?} exec/s, corpus $(ls "fuzz/corpus/$target" | wc -l) -> $(ls "$work" | wc -l)," \
    "$([ $status -eq 0 ] && echo OK || echo "FAILED (status $status, log $log)")"
  if [ $status -ne 0 ]; then
    grep -E 'ERROR|invariant broken|SUMMARY|Test unit written' "$log" | head -n 20 >&2 || true
  fi
  rm -rf "$work"
  return $status
}

[ $# -ge 1 ] || usage
if [ "$1" = "--smoke" ]; then
  build
  failed=0
  for t in "${targets[@]}"; do run "$t" 20 || failed=1; done
  exit $failed
fi
[[ " ${targets[*]} " == *" $1 "* ]] || usage
build
run "$1" "${2:-300}"
