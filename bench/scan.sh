#!/usr/bin/env bash
# The scan benchmark (issue: probe and scan), side by side in one run against the same loopback endpoints,
# all served by one nginx (its CPU counts against every client equally):
#   - 1,000 endpoints: `certkeep scan`, a shell loop of `openssl s_client` (sequential, and run 64 at a
#     time with xargs -P), and the Prometheus blackbox exporter driven by curl at the same concurrency;
#   - the same 1,000 with 10% black-holed (connects hang) and a 2 s timeout: certkeep's total time
#     against the timeout plus the time of the live ones;
#   - 10,000 endpoints: certkeep's peak memory.
# Prints a markdown table on stdout for docs/benchmarks.md; data and logs under build/bench-data/scan/.
#
#   bench/scan.sh CERTKEEP_BINARY
# Environment: BENCH_CONCURRENCY (default 64), BENCH_RUNS hyperfine runs (default 5).
set -euo pipefail
export LC_ALL=C TZ=UTC
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/.." && pwd)"
certkeep=$(readlink -f "$1")
concurrency=${BENCH_CONCURRENCY:-64}
runs=${BENCH_RUNS:-5}
data=$root/build/bench-data/scan
first_port=20000 big=10000 n=1000 dead=100
dead_port=$((first_port + big))
log() { echo "bench: $*" >&2; }

pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; }
trap cleanup EXIT

wait_port() {
  for _ in $(seq 200); do (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0; sleep 0.1; done
  log "port $1 never opened"; return 1
}

setup() {
  rm -rf "$data" && mkdir -p "$data/nginx/logs" && cd "$data"
  . "$root/tests/data/lib.sh"
  ck_ca . Root ec:P-256
  ck_issue . Root server /CN=localhost -1 +365 ec:P-256 DNS:localhost,IP:127.0.0.1
  {
    echo "worker_processes 2; worker_rlimit_nofile 19000; pid $data/nginx/nginx.pid; error_log $data/nginx/error.log;"
    echo "events { worker_connections 16000; }"
    echo "http { access_log off; ssl_certificate $data/server.pem; ssl_certificate_key $data/server.key;"
    echo " ssl_session_cache off; ssl_session_tickets off;"
    echo " server {"
    for ((p = first_port; p < first_port + big; p++)); do echo "  listen 127.0.0.1:$p ssl;"; done
    echo "  location / { return 200 'ok'; } } }"
  } > nginx.conf
  for ((p = first_port; p < first_port + n; p++)); do echo "127.0.0.1:$p"; done > live.txt
  for ((p = first_port; p < first_port + big; p++)); do echo "127.0.0.1:$p"; done > big.txt
  { head -n $((n - dead)) live.txt; for ((p = dead_port; p < dead_port + dead; p++)); do echo "127.0.0.1:$p"; done; } > mixed.txt
  head -n $((n - dead)) live.txt > mixed-live.txt
  cat > blackbox.yml <<YML
modules:
  tls:
    prober: tcp
    timeout: 5s
    tcp:
      tls: true
      tls_config:
        ca_file: $data/Root.pem
        server_name: localhost
YML
}

start_servers() {
  nginx -c "$data/nginx.conf" -p "$data/nginx" -g 'daemon off;' 2>"$data/nginx/stderr.log" & pids+=($!)
  python3 "$here/gen/blackhole.py" "$dead_port" "$dead" > "$data/blackhole.log" & pids+=($!)
  prometheus-blackbox-exporter --config.file="$data/blackbox.yml" --web.listen-address=127.0.0.1:19115 \
    >"$data/blackbox.log" 2>&1 & pids+=($!)
  wait_port $((first_port + big - 1)); wait_port 19115
  until grep -q ready "$data/blackhole.log"; do sleep 0.1; done
}

# hyperfine median in seconds of one command
median() {
  local name=$1; shift
  hyperfine -N --warmup 1 --runs "$runs" --export-json "$data/$name.json" "$@" >&2
  jq -r '.results[0].median' "$data/$name.json"
}

main() {
  setup
  start_servers
  cd "$data"
  cat > s_client-loop.sh <<'SH'
while read -r ep; do openssl s_client -connect "$ep" -servername localhost -CAfile Root.pem </dev/null 2>/dev/null | openssl x509 -noout -enddate >/dev/null; done < "$1"
SH
  cat > s_client-one.sh <<'SH'
openssl s_client -connect "$1" -servername localhost -CAfile Root.pem </dev/null 2>/dev/null | openssl x509 -noout -enddate >/dev/null
SH
  local scan="$certkeep scan --endpoints live.txt --sni localhost --ca-file Root.pem --concurrency $concurrency --timeout 5s --format json"
  log "certkeep: $($certkeep --version)"
  local t_certkeep t_loop t_xargs t_blackbox t_mixed t_mixed_live
  t_certkeep=$(median certkeep "sh -c '$scan >/dev/null'")
  t_loop=$(BENCH_RUNS=1; runs=1 median s_client-loop "sh s_client-loop.sh live.txt")
  t_xargs=$(median s_client-xargs "sh -c 'xargs -P $concurrency -n 1 sh s_client-one.sh < live.txt'")
  t_blackbox=$(median blackbox "sh -c 'sed \"s|^|http://127.0.0.1:19115/probe?module=tls\\&target=|\" live.txt | xargs -P $concurrency -n 1 curl -fsS -o /dev/null'")
  t_mixed_live=$(median mixed-live "sh -c '$certkeep scan --endpoints mixed-live.txt --sni localhost --ca-file Root.pem --concurrency $concurrency --timeout 2s --format json >/dev/null'")
  t_mixed=$(runs=3 median mixed "sh -c '$certkeep scan --endpoints mixed.txt --sni localhost --ca-file Root.pem --concurrency $concurrency --timeout 2s --format json >/dev/null || true'")
  local rss_1k rss_10k
  rss_1k=$( { /usr/bin/time -f %M $scan >/dev/null; } 2>&1 | tail -1)
  rss_10k=$( { /usr/bin/time -f %M $certkeep scan --endpoints big.txt --sni localhost --ca-file Root.pem --concurrency $concurrency --timeout 5s --format json >/dev/null; } 2>&1 | tail -1)
  awk -v c="$t_certkeep" -v l="$t_loop" -v x="$t_xargs" -v b="$t_blackbox" -v m="$t_mixed" -v ml="$t_mixed_live" \
      -v r1="$rss_1k" -v r10="$rss_10k" -v n="$n" -v cc="$concurrency" 'BEGIN {
    printf "| 1,000 endpoints | seconds | endpoints/s | vs certkeep |\n|---|---:|---:|---:|\n"
    printf "| certkeep scan (concurrency %d) | %.2f | %.0f | 1.0x |\n", cc, c, n / c
    printf "| openssl s_client loop, sequential | %.2f | %.0f | %.1fx slower |\n", l, n / l, l / c
    printf "| openssl s_client, xargs -P %d | %.2f | %.0f | %.1fx slower |\n", cc, x, n / x, x / c
    printf "| blackbox exporter + curl, xargs -P %d | %.2f | %.0f | %.1fx slower |\n", cc, b, n / b, b / c
    printf "\n| 10%% black-holed, --timeout 2s | seconds |\n|---|---:|\n"
    printf "| 900 live endpoints alone | %.2f |\n| 900 live + 100 black-holed | %.2f |\n| limit: timeout + live alone | %.2f |\n", ml, m, 2 + ml
    printf "\n| peak memory (RSS) | MiB |\n|---|---:|\n| 1,000 endpoints | %.1f |\n| 10,000 endpoints | %.1f |\n", r1 / 1024, r10 / 1024
  }'
}

main "$@"
