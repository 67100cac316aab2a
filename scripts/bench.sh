#!/usr/bin/env bash
# The inspect benchmark, in one run: builds the `bench` preset, generates (or reuses) the tree of
# bench/make-tree.sh under build/bench-data/, then times side by side
#   - certkeep inspect --json over the tree and over each format's subtree, on 1 thread and by default
#     (one thread per core), with hyperfine; peak RSS with /usr/bin/time, also for the tree given
#     three times;
#   - one process per file, run sequentially: openssl x509 -noout -text (PEM), openssl pkcs12 -info
#     (PKCS#12), and keytool -list -v on a random sample of the JKS stores (extrapolated, labelled so);
#   - the in-process floor, bench/floor.cpp (Google Benchmark, one thread).
# Progress goes to stderr; the result table goes to stdout as markdown for docs/benchmarks.md (and is
# kept in build/bench-data/results.md, the raw measurements in build/bench-data/run/).
#
#   scripts/bench.sh              full run
#   scripts/bench.sh --report     prints the table of the last run again, measuring nothing
# Environment:
#   BENCH_PEM_SAMPLE=N   time openssl x509 on a random sample of N PEM files and extrapolate
#                        (labelled "extrapolated"); default 0, every file
#   BENCH_RUNS=N         hyperfine runs per certkeep command (default 5)
set -euo pipefail
cd "$(dirname "$0")/.."
export LC_ALL=C

data=$PWD/build/bench-data
tree=$data/tree
pw=$data/password.txt
out=$data/run
certkeep=$PWD/build/bench/certkeep
floor=$PWD/build/bench/bench/certkeep_floor
runs=${BENCH_RUNS:-5}
pem_sample=${BENCH_PEM_SAMPLE:-0}
jks_sample=20
log() { echo "bench: $*" >&2; }
save() { echo "$2" >"$out/$1"; }
v() { cat "$out/$1"; }

# --- certkeep -------------------------------------------------------------------------------------

check_complete() {  # the run must read every file without an error, or its time means nothing
  local errors
  "$certkeep" inspect --json --password-file "$pw" "$tree" >"$out/inspect.json" || true
  errors=$(jq '[.files[] | select(.error != null)] | length' "$out/inspect.json")
  save statuses "$(jq -c '.totals | {files, valid, expiring, expired, not_yet_valid}' "$out/inspect.json")"
  log "certkeep read $(v statuses), $errors errors"
  [ "$errors" -eq 0 ] || { jq -r '.files[] | select(.error != null) | "\(.path): \(.error)"' "$out/inspect.json" | head >&2; exit 1; }
}

# hyper NAME FLOOR-COMMAND ARGS...: certkeep inspect ARGS, and right after it in the same hyperfine run
# FLOOR-COMMAND (one process making the floor's pass, or bench/floor-parallel.sh sharing it out over one
# process per core). Saves certkeep's median wall and mean CPU seconds, and the floor command's: on this
# shared machine the speed drifts by 20-50% within minutes, so a floor timed at another moment of the
# run is no measure to divide by.
hyper() {
  local name=$1 floor_command=$2
  shift 2
  hyperfine -N -i --warmup 1 --runs "$runs" --export-json "$out/$name.json" \
    "$certkeep inspect --json --password-file $pw $*" "$floor_command" >/dev/null 2>&1
  save "$name.median" "$(jq '.results[0].median' "$out/$name.json")"
  save "$name.cpu" "$(jq '.results[0].user + .results[0].system' "$out/$name.json")"
  save "$name.floor-median" "$(jq '.results[1].median' "$out/$name.json")"
  save "$name.floor-cpu" "$(jq '.results[1].user + .results[1].system' "$out/$name.json")"
}

rss() {  # rss NAME ARGS...: wall seconds and peak resident set (KiB) of one certkeep inspect ARGS
  local name=$1
  shift
  /usr/bin/time -f '%e %M' -o "$out/$name.time" "$certkeep" inspect --json --password-file "$pw" "$@" >/dev/null || true
  save "$name.wall" "$(tail -n1 "$out/$name.time" | cut -d' ' -f1)"
  save "$name.rss" "$(tail -n1 "$out/$name.time" | cut -d' ' -f2)"
}

measure_certkeep() {
  log "checking that certkeep reads the whole tree"
  check_complete
  local set name sets dir
  for set in pem:floor/pem p12:floor/pkcs12 jks:certkeep/jks all:floor/pem,floor/pkcs12,certkeep/jks; do
    name=${set%%:*} sets=${set#*:} dir=$tree/${set%%:*}
    [ "$name" = all ] && dir=$tree
    log "certkeep on $name: 1 thread beside one pass of $sets, then default beside it on $(nproc) cores ($runs runs each)"
    hyper "ck-$name-1" "$floor $tree --once $sets" --threads 1 "$dir"
    hyper "ck-$name-n" "$PWD/bench/floor-parallel.sh $floor $tree $sets $(nproc)" "$dir"
  done
  log "certkeep peak memory: the tree, then the tree given three times"
  rss ck-all-1 --threads 1 "$tree"
  rss ck-all-n "$tree"
  rss ck-x3-n "$tree" "$tree" "$tree"
}

# --- one process per file -------------------------------------------------------------------------

per_file() {  # per_file NAME LIST COMMAND...: wall seconds of COMMAND FILE for each file of LIST in turn
  local name=$1 list=$2 start f
  shift 2
  start=$(date +%s.%N)
  while IFS= read -r f; do "$@" "$f" >/dev/null 2>&1 || { log "failed: $* $f"; exit 1; }; done <"$list"
  save "$name.seconds" "$(echo "$(date +%s.%N) - $start" | bc -l)"
}

x509_text() { openssl x509 -noout -text -in "$1"; }
pkcs12_info() { openssl pkcs12 -info -nodes -legacy -passin "file:$pw" -in "$1"; }
keytool_list() { keytool -list -v -storepass:file "$pw" -keystore "$1"; }

measure_per_file() {
  local set
  for set in pem p12 jks; do find "$tree/$set" -type f | sort >"$out/$set.list"; done
  local pem_list=$out/pem.list
  save pem_timed "$(wc -l <"$out/pem.list")"
  if [ "$pem_sample" -gt 0 ]; then
    shuf -n "$pem_sample" --random-source=<(yes) "$out/pem.list" >"$out/pem-sample.list"
    pem_list=$out/pem-sample.list
    save pem_timed "$pem_sample"
  fi
  log "openssl x509 -noout -text, once per file ($(v pem_timed) files)"
  per_file ossl-pem "$pem_list" x509_text
  log "openssl pkcs12 -info, once per file ($(wc -l <"$out/p12.list") files)"
  per_file ossl-p12 "$out/p12.list" pkcs12_info
  log "keytool -list -v, once per file ($jks_sample of $(wc -l <"$out/jks.list") files)"
  shuf -n "$jks_sample" --random-source=<(yes) "$out/jks.list" >"$out/jks-sample.list"
  per_file keytool-jks "$out/jks-sample.list" keytool_list
}

measure_floor() {
  log "in-process floor (Google Benchmark, one thread)"
  "$floor" "$tree" --benchmark_repetitions=3 --benchmark_report_aggregates_only=true \
    --benchmark_out="$out/floor.json" --benchmark_out_format=json >/dev/null 2>"$out/floor.err" ||
    { cat "$out/floor.err" >&2; exit 1; }
}

# --- report ---------------------------------------------------------------------------------------

calc() { printf "%.${2:-2}f" "$(echo "$1" | bc -l)"; }
mib() { calc "$(v "$1.rss") / 1024" 1; }
floor_s() {  # floor_s NAME: wall seconds for one pass over the set, median of 3
  jq --arg n "$1/" \
    '.benchmarks[] | select((.name | startswith($n)) and .aggregate_name == "median") | .real_time / 1000' "$out/floor.json"
}

# row SET LABEL PER-FILE-SECONDS FLOOR-SECONDS FLOOR-CPU-SECONDS (the CPU time of one pass of the floor's
# set in its own process, from the hyperfine run paired with certkeep's --threads 1)
row() {
  local s1 sn c1 cores
  s1=$(v "ck-$1-1.median") sn=$(v "ck-$1-n.median") c1=$(v "ck-$1-1.cpu") cores=$(v cores)
  echo "| $2 | $(calc "$s1" 3) | $(calc "$sn" 3) | $(calc "$s1 / $sn") | $(calc "$3" 1) | $(calc "$3 / $sn" 1)x |" \
    "$(calc "$4" 3) | $(calc "$s1 / $4")x | $(calc "$c1 / $5")x | $(calc "$sn / ($4 / $cores)")x |" \
    "$(calc "$(v "ck-$1-n.floor-median")" 3) | $(calc "$sn / $(v "ck-$1-n.floor-median")")x |"
}

report() {
  local n_pem n_p12 n_jks n_all cores pem_timed
  n_pem=$(wc -l <"$out/pem.list") n_p12=$(wc -l <"$out/p12.list") n_jks=$(wc -l <"$out/jks.list")
  n_all=$((n_pem + n_p12 + n_jks)) cores=$(v cores) pem_timed=$(v pem_timed)
  local ossl_pem ossl_p12 keytool_jks
  ossl_pem=$(calc "$(v ossl-pem.seconds) * $n_pem / $pem_timed" 3)
  ossl_p12=$(v ossl-p12.seconds)
  keytool_jks=$(calc "$(v keytool-jks.seconds) * $n_jks / $jks_sample" 3)
  local f_pem f_p12 f_jks c_pem c_p12 c_jks
  f_pem=$(floor_s floor/pem) f_p12=$(floor_s floor/pkcs12) f_jks=$(floor_s certkeep/jks)
  c_pem=$(v ck-pem-1.floor-cpu) c_p12=$(v ck-p12-1.floor-cpu) c_jks=$(v ck-jks-1.floor-cpu)
  local pem_how="all $n_pem files"
  [ "$pem_timed" -lt "$n_pem" ] && pem_how="a random sample of $pem_timed files ($(calc "$(v ossl-pem.seconds)") s), **extrapolated** to $n_pem"

  echo "Run on $(v date); load average $(v load_before) before, $(v load_after) after."
  echo "Machine: $(v machine). $(v openssl_version). certkeep $(v commit)."
  echo "Tree: $(v statuses)."
  echo
  echo "Times in seconds, wall clock. certkeep: \`certkeep inspect --json --password-file F [--threads 1] DIR >/dev/null\`,"
  echo "median of $(v runs) runs (hyperfine). One process per file: run sequentially, once. Floor: one thread, in process,"
  echo "Google Benchmark, median of 3 repetitions. \"1 thread\" is \`--threads 1\`: one reading worker; the main thread"
  echo "still writes the JSON beside it. \"same, CPU time\": certkeep's user+system time with \`--threads 1\` over that of"
  echo "one pass of the floor's set in a process of its own (\`certkeep_floor TREE --once SET\`), both hyperfine means"
  echo "from the same hyperfine run — what one core costs, the least disturbed by other load. For the whole tree, the"
  echo "floor's process makes one pass of each of the three sets. \"floor on $cores cores\": the floor's set shared out over"
  echo "$cores processes side by side (\`bench/floor-parallel.sh\`), median wall time from the same hyperfine run as"
  echo "certkeep's default run — what this machine's $cores cores give the floor itself."
  echo
  echo "| set | certkeep 1 thread | certkeep default ($cores threads) | speedup | one process per file | per-file / certkeep default | floor (1 thread) | certkeep 1 thread / floor | same, CPU time | certkeep default / (floor / $cores) | floor on $cores cores | certkeep default / floor on $cores cores |"
  echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
  row pem "PEM: $n_pem certificates" "$ossl_pem" "$f_pem" "$c_pem"
  row p12 "PKCS#12: $n_p12 stores" "$ossl_p12" "$f_p12" "$c_p12"
  row jks "JKS: $n_jks stores ¹" "$keytool_jks" "$f_jks" "$c_jks"
  row all "whole tree: $n_all files ¹" "$(calc "$ossl_pem + $ossl_p12 + $keytool_jks" 3)" \
    "$(calc "$f_pem + $f_p12 + $f_jks" 3)" "$(v ck-all-1.floor-cpu)"
  echo
  echo "- PEM, one process per file: \`openssl x509 -noout -text -in FILE\` over $pem_how."
  echo "- PKCS#12, one process per file: \`openssl pkcs12 -info -nodes -legacy -passin file:F -in FILE\` over all $n_p12 files."
  echo "- JKS, one process per file: \`keytool -list -v -storepass:file F -keystore FILE\` over $jks_sample randomly chosen stores ($(calc "$(v keytool-jks.seconds)") s), **extrapolated** to $n_jks."
  echo "- ¹ JKS has no OpenSSL floor. Its floor column is certkeep's own \`read_keystore\` on one thread, in process,"
  echo "  no output: a reference, not an independent floor. The whole-tree floor adds it to the PEM and PKCS#12 floors."
  echo "- certkeep's \`read_keystore\` in process, one thread, no output: PEM $(calc "$(floor_s certkeep/pem)" 3) s," \
    "PKCS#12 $(calc "$(floor_s certkeep/pkcs12)" 3) s, JKS $(calc "$f_jks" 3) s."
  echo
  echo "| peak RSS, MiB | whole tree, $n_all files | tree given 3 times, $((3 * n_all)) files |"
  echo "|---|---:|---:|"
  echo "| certkeep, 1 thread | $(mib ck-all-1) | |"
  echo "| certkeep, default ($cores threads) | $(mib ck-all-n) | $(mib ck-x3-n) (in $(calc "$(v ck-x3-n.wall)") s) |"
}

# --- main -----------------------------------------------------------------------------------------

if [ "${1:-}" = "--report" ]; then
  report
  exit
fi
for tool in hyperfine jq bc shuf openssl keytool javac /usr/bin/time; do
  command -v "$tool" >/dev/null ||
    { log "$tool is missing (scripts/install-deps.sh; apt-get install hyperfine jq bc time)"; exit 1; }
done
log "building the bench preset"
cmake --preset bench >/dev/null
cmake --build --preset bench >/dev/null
bench/make-tree.sh "$data"
rm -rf "$out" && mkdir -p "$out"
save load_before "$(cut -d' ' -f1-3 /proc/loadavg)"
save date "$(date -u '+%Y-%m-%d %H:%M UTC')"
save cores "$(nproc)"
save runs "$runs"
save machine "$(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(free -g | awk '/Mem:/ {print $2}') GiB RAM, $(uname -sr)"
save openssl_version "$(openssl version)"
save commit "$(git rev-parse --short HEAD 2>/dev/null || echo unknown)$(git diff --quiet HEAD 2>/dev/null || echo ' plus uncommitted changes')"
measure_certkeep
measure_per_file
measure_floor
save load_after "$(cut -d' ' -f1-3 /proc/loadavg)"
report | tee "$data/results.md"
