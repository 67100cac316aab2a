#!/usr/bin/env bash
# The gateway benchmark: `certkeep gateway` (a TLS-terminating TCP proxy) side by side in one run with
# HAProxy and stunnel doing the same job, and nginx terminating TLS itself as a reference, all forwarding
# to one plain-HTTP nginx backend on loopback (every server and client shares the same 2 cores):
#   1. full TLS handshakes per second (bench/handshake_load.cpp) for {ECDSA P-256, RSA-2048} x
#      {TLS 1.3, TLS 1.2}, each as a fraction of the crypto floor (`openssl speed -multi 2`: one server
#      signature + two X25519 operations per handshake) and against OpenSSL alone over memory
#      (bench/handshake_floor.cpp); proxied HTTP throughput with keep-alive (wrk, /1k and /64k), and the
#      backend directly over plain HTTP as the ceiling;
#   2. reload under load (skip with BENCH_SKIP_RELOAD=1): wrk through each contender while its certificate
#      is replaced every second (certkeep: keystore renamed over; HAProxy: `set/commit ssl cert` on the
#      runtime API; nginx: `nginx -s reload`), how long until the new serial is served, and what the
#      reloads cost the load (errors, p99) against the same run without reloads.
# Prints markdown tables on stdout for docs/benchmarks.md; progress on stderr; data, configs, logs and
# raw results (JSON) under build/bench-data/gateway/.
#
#   bench/gateway.sh CERTKEEP_BINARY
# Environment: BENCH_SECONDS per handshake or wrk run (default 10), BENCH_ROUNDS of part 1 (default 3: every
# run is repeated, contenders interleaved, and the median counts), BENCH_THREADS handshake client threads
# (default 4), BENCH_RELOAD_SECONDS per reload run (default 120), BENCH_SKIP_RELOAD=1, BENCH_POLL=s_client
# (poll the served serial with openssl processes, see poll_loop), BENCH_ONLY_RELOAD=1 (part 2 alone), BENCH_PORT_BASE (default 30000; uses
# BASE..BASE+41), BENCH_WRK_HOST (default 127.0.0.1, which wrk sends as SNI; "localhost" for a server that
# refuses an IP address as SNI).
set -euo pipefail
export LC_ALL=C TZ=UTC
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/.." && pwd)"
certkeep=$(readlink -f "$1")
seconds=${BENCH_SECONDS:-10}
threads=${BENCH_THREADS:-4}
reload_seconds=${BENCH_RELOAD_SECONDS:-120}
rounds=${BENCH_ROUNDS:-3}
skip_reload=${BENCH_SKIP_RELOAD:-0}
only_reload=${BENCH_ONLY_RELOAD:-0}
base=${BENCH_PORT_BASE:-30000}
wrk_host=${BENCH_WRK_HOST:-127.0.0.1}  # wrk sends its URL's host as SNI, "127.0.0.1" by default
data=$root/build/bench-data/gateway
results=$data/results
load=$data/handshake_load

# Ports: the backend; then per contender one listener per key type (ec, rsa).
backend_port=$base
declare -A port=(
  [haproxy-ec]=$((base + 10)) [haproxy-rsa]=$((base + 11))
  [stunnel-ec]=$((base + 20)) [stunnel-rsa]=$((base + 21))
  [certkeep-ec]=$((base + 30)) [certkeep-rsa]=$((base + 31))
  [nginx-ec]=$((base + 40)) [nginx-rsa]=$((base + 41))
)
admin_port=$((base + 39))
contenders=(haproxy stunnel certkeep nginx)
declare -A server_pid=()  # contender -> its process (nginx: the master; its workers are its children)
certkeep_na=""  # why certkeep is not measured, empty when it is

log() { echo "bench: $*" >&2; }

pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
}
trap cleanup EXIT
trap 'exit 130' INT TERM

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# Waits for a port to accept connections while process PID lives; fails if it never does.
wait_port() {
  local p=$1 pid=$2
  for _ in $(seq 200); do
    port_open "$p" && return 0
    kill -0 "$pid" 2>/dev/null || { log "process $pid exited before port $p opened"; return 1; }
    sleep 0.1
  done
  log "port $p never opened"; return 1
}

# --- certificates -------------------------------------------------------------------------------------

# A CA (P-256); server certificates for CN=localhost: ECDSA P-256 and RSA-2048, and a second ECDSA one with
# the same key and another serial for the reloads; each as PKCS#12, key+cert PEM (HAProxy), cert and key.
make_certificates() {
  . "$root/tests/data/lib.sh"
  ck_ca . Root ec:P-256
  ck_issue . Root server-ec /CN=localhost -1 +365 ec:P-256 DNS:localhost,IP:127.0.0.1
  ck_issue . Root server-rsa /CN=localhost -1 +365 rsa:2048 DNS:localhost,IP:127.0.0.1
  cp server-ec.key server-ec2.key
  ck_issue . Root server-ec2 /CN=localhost -1 +365 ec:P-256 DNS:localhost,IP:127.0.0.1
  printf benchpass > password.txt
  local name
  for name in server-ec server-rsa server-ec2; do
    openssl pkcs12 -export -inkey "$name.key" -in "$name.pem" -name localhost -passout pass:benchpass -out "$name.p12"
    cat "$name.key" "$name.pem" > "$name.combined.pem"
  done
  [ "$(serial server-ec.pem)" != "$(serial server-ec2.pem)" ] || { log "the two ECDSA certificates share a serial"; return 1; }
}

serial() { openssl x509 -noout -serial -in "$1" | sed 's/^serial=//'; }

# --- servers -----------------------------------------------------------------------------------------

write_backend_config() {
  mkdir -p backend www
  head -c 768 /dev/urandom | base64 -w 0 > www/1k       # 1,024 bytes of text
  head -c 49152 /dev/urandom | base64 -w 0 > www/64k    # 65,536
  cat > backend/nginx.conf <<CONF
worker_processes 2; worker_rlimit_nofile 20000; pid $data/backend/nginx.pid; error_log $data/backend/error.log;
events { worker_connections 10000; }
http {
  access_log off; sendfile on; keepalive_requests 1000000; keepalive_timeout 300s;
  client_body_temp_path $data/backend/body; proxy_temp_path $data/backend/proxy;
  server { listen 127.0.0.1:$backend_port backlog=4096; root $data/www; location / { } }
}
CONF
}

write_haproxy_config() {
  mkdir -p haproxy
  cp server-ec.combined.pem haproxy/ec.pem
  cp server-rsa.combined.pem haproxy/rsa.pem
  cat > haproxy/haproxy.cfg <<CONF
global
  nbthread 2
  maxconn 8000
  stats socket $data/haproxy.sock level admin
defaults
  mode tcp
  timeout connect 5s
  timeout client 300s
  timeout server 300s
frontend ec
  bind 127.0.0.1:${port[haproxy-ec]} ssl crt $data/haproxy/ec.pem
  default_backend nginx
frontend rsa
  bind 127.0.0.1:${port[haproxy-rsa]} ssl crt $data/haproxy/rsa.pem
  default_backend nginx
backend nginx
  server backend 127.0.0.1:$backend_port
CONF
}

# stunnel logs every connection at its default level (5); 4 keeps only warnings, as the others log nothing.
write_stunnel_config() {
  mkdir -p stunnel
  cat > stunnel/stunnel.conf <<CONF
foreground = yes
pid = $data/stunnel/stunnel.pid
output = $data/stunnel/stunnel.log
debug = 4
[ec]
accept = 127.0.0.1:${port[stunnel-ec]}
connect = 127.0.0.1:$backend_port
cert = $data/server-ec.pem
key = $data/server-ec.key
[rsa]
accept = 127.0.0.1:${port[stunnel-rsa]}
connect = 127.0.0.1:$backend_port
cert = $data/server-rsa.pem
key = $data/server-rsa.key
CONF
}

write_certkeep_config() {
  mkdir -p certkeep
  cp server-ec.p12 certkeep/ec.p12
  cp server-rsa.p12 certkeep/rsa.p12
  {
    cat <<CONF
threads = 2
[admin]
listen = "127.0.0.1:$admin_port"
[limits]
max_connections = 20000
handshake_timeout = "10s"
CONF
    local kind
    for kind in ec rsa; do
      cat <<CONF
[[inbound]]
name = "bench-$kind"
listen = "127.0.0.1:${port[certkeep-$kind]}"
backend = "127.0.0.1:$backend_port"
[[inbound.certificate]]
keystore = "$data/certkeep/$kind.p12"
password_file = "$data/password.txt"
ca_file = "$data/Root.pem"
names = ["localhost"]
CONF
    done
  } > certkeep/gateway.toml
}

# nginx terminating TLS and proxying HTTP to the backend over kept-alive upstream connections.
write_nginx_config() {
  mkdir -p nginx
  cp server-ec.pem nginx/ec.pem && cp server-ec.key nginx/ec.key
  cp server-rsa.pem nginx/rsa.pem && cp server-rsa.key nginx/rsa.key
  cat > nginx/nginx.conf <<CONF
worker_processes 2; worker_rlimit_nofile 20000; pid $data/nginx/nginx.pid; error_log $data/nginx/error.log;
events { worker_connections 10000; }
http {
  access_log off; keepalive_requests 1000000; keepalive_timeout 300s;
  client_body_temp_path $data/nginx/body; proxy_temp_path $data/nginx/proxy;
  upstream backend { server 127.0.0.1:$backend_port; keepalive 64; }
  ssl_protocols TLSv1.2 TLSv1.3;  # nginx 1.22's default has no TLS 1.3
  proxy_http_version 1.1; proxy_set_header Connection ""; proxy_buffers 32 4k;
  server { listen 127.0.0.1:${port[nginx-ec]} ssl; ssl_certificate $data/nginx/ec.pem; ssl_certificate_key $data/nginx/ec.key;
           location / { proxy_pass http://backend; } }
  server { listen 127.0.0.1:${port[nginx-rsa]} ssl; ssl_certificate $data/nginx/rsa.pem; ssl_certificate_key $data/nginx/rsa.key;
           location / { proxy_pass http://backend; } }
}
CONF
}

# `gateway --help` alone is no proof: the CLI prints the top-level help and exits 0 for any unknown word.
certkeep_has_gateway() {
  "$certkeep" gateway --help > certkeep/help.txt 2>&1 && grep -q -- '--config' certkeep/help.txt
}

start_servers() {
  nginx -c "$data/backend/nginx.conf" -p "$data/backend" -g 'daemon off;' 2>"$data/backend/stderr.log" & pids+=($!)
  wait_port "$backend_port" $!
  haproxy -db -f "$data/haproxy/haproxy.cfg" >"$data/haproxy/haproxy.log" 2>&1 & pids+=($!); server_pid[haproxy]=$!
  wait_port "${port[haproxy-rsa]}" $!
  stunnel "$data/stunnel/stunnel.conf" >"$data/stunnel/stderr.log" 2>&1 & pids+=($!); server_pid[stunnel]=$!
  wait_port "${port[stunnel-rsa]}" $!
  nginx -c "$data/nginx/nginx.conf" -p "$data/nginx" -g 'daemon off;' 2>"$data/nginx/stderr.log" & pids+=($!); server_pid[nginx]=$!
  wait_port "${port[nginx-rsa]}" $!
  if ! certkeep_has_gateway; then
    certkeep_na="no gateway subcommand"
  else
    "$certkeep" gateway --config "$data/certkeep/gateway.toml" >"$data/certkeep/gateway.log" 2>&1 & pids+=($!); server_pid[certkeep]=$!
    wait_port "${port[certkeep-ec]}" $! && wait_port "${port[certkeep-rsa]}" $! ||
      certkeep_na="gateway did not start, see build/bench-data/gateway/certkeep/gateway.log"
  fi
  [ -z "$certkeep_na" ] || log "certkeep: n/a ($certkeep_na)"
}

# Each contender must serve the right certificate and proxy the backend's bytes before it is measured.
check_contender() {
  local name=$1 kind got
  for kind in ec rsa; do
    got=$(curl -sk --max-time 5 --resolve "localhost:${port[$name-$kind]}:127.0.0.1" "https://localhost:${port[$name-$kind]}/1k" |
      cmp - www/1k && echo ok || echo FAILED)
    log "check $name-$kind: /1k through the proxy: $got; served serial $(served_serial "${port[$name-$kind]}")"
    [ "$got" = ok ] || return 1
  done
}

# A contender that does not proxy correctly is not measured: certkeep is then n/a, any other stops the run.
check_contenders() {
  local name
  for name in "${contenders[@]}"; do
    measured "$name" || continue
    check_contender "$name" && continue
    [ "$name" = certkeep ] || { log "$name does not proxy correctly, see its log under $data"; exit 1; }
    certkeep_na="gateway does not proxy correctly, see build/bench-data/gateway/certkeep/gateway.log"
    log "certkeep: n/a ($certkeep_na)"
  done
}

served_serial() {
  openssl s_client -connect "127.0.0.1:$1" -servername localhost </dev/null 2>/dev/null | openssl x509 -noout -serial 2>/dev/null |
    sed 's/^serial=//'
}

measured() { [ "$1" != certkeep ] || [ -z "$certkeep_na" ]; }

# --- measurements ------------------------------------------------------------------------------------

# CPU time (clock ticks, user + system) of a contender's process and its children (nginx's workers).
cpu_ticks() {
  local pid=${server_pid[$1]} p total=0 stat
  local -a f
  for p in "$pid" $(pgrep -P "$pid" || true); do
    stat=$(cat "/proc/$p/stat" 2>/dev/null) || continue
    stat=${stat##*) }  # the fields after "(comm) "; utime and stime are the 12th and 13th of them
    read -r -a f <<< "$stat"
    total=$((total + f[11] + f[12]))
  done
  echo "$total"
}

# One full-handshake run: NAME KIND VERSION (1.2|1.3) ROUND -> results/rounds/hs-NAME-KIND-VERSION-rROUND.json,
# with the contender's own CPU seconds during the run added as "server_cpu".
handshakes() {
  local name=$1 kind=$2 version=$3 out=$results/rounds/hs-$1-$2-$3-r$4.json before after
  before=$(cpu_ticks "$name")
  "$load" "127.0.0.1:${port[$name-$kind]}" --threads "$threads" --seconds "$seconds" --tls"$version" --sni localhost > "$out.tmp" || true
  after=$(cpu_ticks "$name")
  jq -c --argjson cpu "$(awk -v t=$((after - before)) -v hz="$(getconf CLK_TCK)" 'BEGIN { print t / hz }')" '. + {server_cpu: $cpu}' \
    "$out.tmp" > "$out" && rm "$out.tmp"
  log "handshakes $name $kind TLS $version round $4: $(cat "$out")"
}

# wrk prints its normal report, then this script's one line of JSON (latencies in microseconds).
write_wrk_script() {
  cat > report.lua <<'LUA'
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'JSON {"requests":%d,"seconds":%.3f,"bytes":%d,"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d,' ..
    '"p50_us":%d,"p99_us":%d,"max_us":%d}\n',
    summary.requests, summary.duration / 1e6, summary.bytes, e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(99), latency.max))
end
LUA
}

# One wrk run: OUT_NAME SECONDS URL -> results/OUT_NAME.json (+ .txt, wrk's own report)
wrk_run() {
  local out=$results/$1 secs=$2 url=$3
  wrk -t2 -c50 -d"${secs}s" --latency -s report.lua "$url" > "$out.txt" 2>&1 || true
  sed -n 's/^JSON //p' "$out.txt" > "$out.json"
  [ -s "$out.json" ] || echo '{"requests":0,"seconds":1,"bytes":0,"connect":0,"read":0,"write":0,"status":0,"timeout":0,"p50_us":0,"p99_us":0,"max_us":0,"failed":true}' > "$out.json"
  log "wrk $1: $(cat "$out.json")"
}

# The crypto floor on both cores: rates summed over `-multi 2` (machine-readable lines, totals only).
# Measured before and after the handshake runs (the machine may be shared); the faster of the two counts.
crypto_floor() {
  openssl speed -seconds 3 -multi 2 -mr ecdsap256 ecdhx25519 ecdhp256 rsa2048 2>/dev/null > "$results/speed-$1.txt"
  awk -F: '
    /^\+F2:/ && $3 == 2048 { rsa = $4 }
    /^\+F4:/ && $3 == 256 { ecdsa = $4 }
    /^\+F5:/ && $3 == 253 { x25519 = $4 }
    /^\+F5:/ && $3 == 256 { p256 = $4 }
    END { printf "{\"rsa2048_sign\":%.0f,\"ecdsap256_sign\":%.0f,\"x25519\":%.0f,\"p256\":%.0f,", rsa, ecdsa, x25519, p256
          printf "\"floor_ec\":%.0f,\"floor_rsa\":%.0f}\n", 1 / (1 / ecdsa + 2 / x25519), 1 / (1 / rsa + 2 / x25519) }' \
    "$results/speed-$1.txt" > "$results/floor-$1.json"
  log "crypto floor $1 (2 cores, ops/s): $(cat "$results/floor-$1.json")"
}

# OpenSSL alone (bench/handshake_floor.cpp): the server side of each scenario's handshake over memory, on
# one core, with no kernel and no event loop -> results/openssl-KIND-VERSION.json.
openssl_floor() {
  local kind version
  for kind in ec rsa; do
    for version in 1.3 1.2; do
      "$data/handshake_floor" "server-$kind.pem" "server-$kind.key" --seconds 3 --tls"$version" > "$results/openssl-$kind-$version.json"
      log "OpenSSL alone, $kind TLS $version: $(cat "$results/openssl-$kind-$version.json")"
    done
  done
}

best_floor() {
  (cd "$results" && jq -s 'max_by(.floor_ec + .floor_rsa)' floor-before.json floor-after.json) > "$results/floor.json"
}

measure_section1() {
  local kind version name size round
  mkdir -p "$results/rounds"
  for round in $(seq "$rounds"); do
    for kind in ec rsa; do
      for version in 1.3 1.2; do
        for name in "${contenders[@]}"; do
          if measured "$name"; then handshakes "$name" "$kind" "$version" "$round"; fi
        done
      done
    done
  done
  for round in $(seq "$rounds"); do
    for size in 1k 64k; do
      wrk_run "rounds/wrk-backend-$size-r$round" "$seconds" "http://127.0.0.1:$backend_port/$size"
      for name in "${contenders[@]}"; do
        if measured "$name"; then wrk_run "rounds/wrk-$name-$size-r$round" "$seconds" "https://$wrk_host:${port[$name-ec]}/$size"; fi
      done
    done
  done
  merge_rounds
}

# Each run's rounds -> results/NAME.json: the round with the median figure (handshakes: the rate; wrk:
# requests/s), plus "round_values", every round's figure in round order.
merge_rounds() {
  local f base by
  for f in "$results"/rounds/*-r1.json; do
    base=$(basename "$f" -r1.json)
    case "$base" in hs-*) by='.rate' ;; *) by='(.requests / .seconds)' ;; esac
    jq -s "(map($by)) as \$v | (map(if .handshakes > 0 then .server_cpu / .handshakes * 1e6 else null end) | sort) as \$cpu |
           sort_by($by) | .[(length - 1) / 2 | floor] + {round_values: \$v, cpu_us_median: \$cpu[(length - 1) / 2 | floor]}" \
      $(seq -f "$results/rounds/$base-r%g.json" "$rounds") > "$results/$base.json"
  done
}

# --- section 2: reload under load --------------------------------------------------------------------

# Replaces the certificate HAProxy loaded from CRT_FILE with the key and certificate in PEM_FILE through its
# runtime API: `set ssl cert` (payload ends at an empty line), then `commit ssl cert`, one connection each.
haproxy_set_cert() {
  python3 - "$data/haproxy.sock" "$1" "$2" <<'PY'
import socket, sys
sock, crt, pem = sys.argv[1:]
payload = open(pem).read().strip()
for command in (f"set ssl cert {crt} <<\n{payload}\n\n", f"commit ssl cert {crt}\n"):
    s = socket.socket(socket.AF_UNIX)
    s.connect(sock)
    s.sendall(command.encode())
    s.shutdown(socket.SHUT_WR)
    sys.stdout.buffer.write(b"".join(iter(lambda: s.recv(65536), b"")))
    s.close()
PY
}

# Puts certificate N (0: server-ec, 1: server-ec2) in place for a contender, the way it reloads.
install_cert() {
  local name=$1 n=$2 src=server-ec
  [ "$n" = 1 ] && src=server-ec2
  case "$name" in
    certkeep)  # a temp file in the same directory, renamed over the keystore: the gateway sees it by inotify
      cp "$src.p12" certkeep/.ec.p12.tmp && mv -f certkeep/.ec.p12.tmp certkeep/ec.p12 ;;
    haproxy)
      haproxy_set_cert "$data/haproxy/ec.pem" "$src.combined.pem" > "$results/haproxy-api.txt"
      grep -q Success "$results/haproxy-api.txt" || { log "haproxy API: $(tr '\n' ' ' < "$results/haproxy-api.txt")"; return 1; } ;;
    nginx)  # same key in both certificates: replacing the certificate file is enough
      cp "$src.pem" nginx/.ec.pem.tmp && mv -f nginx/.ec.pem.tmp nginx/ec.pem
      nginx -c "$data/nginx/nginx.conf" -p "$data/nginx" -s reload 2>>"$data/nginx/stderr.log" ;;
  esac
}

# Once a second on a fixed cadence, the other certificate, until 2 s before END (µs since the epoch), so
# that the poller sees the last one too; logs "TIME SERIAL" once each is in place.
reload_loop() {
  local name=$1 end=$2 n=0 next now
  next=$((${EPOCHREALTIME/./} + 1000000))
  while ((next < end - 2000000)); do
    now=${EPOCHREALTIME/./}
    if ((next > now)); then sleep "$(printf '%d.%06d' $(((next - now) / 1000000)) $(((next - now) % 1000000)))"; fi
    n=$((1 - n))
    if install_cert "$name" "$n"; then echo "$EPOCHREALTIME ${serials[$n]}"; fi
    next=$((next + 1000000))
  done
}

# Every ~20 ms until END (µs since the epoch): "START END SERIAL" of one fresh handshake (SNI localhost).
# By default one Python process does the handshakes: under load a pair of processes (s_client | x509) per
# poll takes 100-200 ms, which would be the resolution; BENCH_POLL=s_client polls that way all the same.
poll_loop() {
  local p=$1 end=$2 t0 s
  if [ "${BENCH_POLL:-python}" = s_client ]; then
    while ((${EPOCHREALTIME/./} < end)); do
      t0=$EPOCHREALTIME
      s=$(served_serial "$p" || true)
      echo "$t0 $EPOCHREALTIME ${s:-none}"
      sleep 0.02
    done
    return
  fi
  # Always run in the background: exec, so that the PID the cleanup knows is the Python process itself.
  exec python3 - "$p" "$end" <<'PY'
import socket, ssl, sys, time

def der_serial(der):
    """The serial number of a DER certificate, in hex as `openssl x509 -serial` prints it (RFC 5280 4.1)."""
    def header(i):  # -> (tag, start of the value, end of the value)
        tag, length, i = der[i], der[i + 1], i + 2
        if length & 0x80:
            n = length & 0x7F
            length, i = int.from_bytes(der[i:i + n], "big"), i + n
        return tag, i, i + length
    _, i, _ = header(0)                  # Certificate
    _, i, _ = header(i)                  # tbsCertificate
    tag, start, end = header(i)
    if tag == 0xA0:                      # [0] version
        tag, start, end = header(end)
    value = der[start:end]
    if len(value) > 1 and value[0] == 0:
        value = value[1:]
    return value.hex().upper()

port, end = int(sys.argv[1]), int(sys.argv[2]) / 1e6
ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
ctx.check_hostname, ctx.verify_mode = False, ssl.CERT_NONE
while time.time() < end:
    t0 = time.time()
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=5) as raw:
            with ctx.wrap_socket(raw, server_hostname="localhost") as tls:
                serial = der_serial(tls.getpeercert(binary_form=True))
    except OSError:
        serial = "none"
    print(f"{t0:.6f} {time.time():.6f} {serial}", flush=True)
    time.sleep(0.02)
PY
}

# One reload run: NAME MODE (before|reload|after: the runs without reloads bracket the one with them, so
# that a drift in the machine's speed shows instead of passing for the reloads' cost). wrk for reload_seconds with the poller beside it, and the
# reload loop in reload mode.
reload_run() {
  local name=$1 mode=$2 p=${port[$1-ec]} end out=$results/reload-$1-$2 poller reloader=""
  install_cert "$name" 0
  sleep 1
  end=$(( ${EPOCHREALTIME/./} + reload_seconds * 1000000 ))
  poll_loop "$p" "$end" > "$out.polls" & poller=$!; pids+=("$poller")
  if [ "$mode" = reload ]; then reload_loop "$name" "$end" > "$out.renames" & reloader=$!; pids+=("$reloader"); else : > "$out.renames"; fi
  wrk_run "reload-$name-$mode" "$reload_seconds" "https://$wrk_host:$p/1k"
  wait "$poller" || true
  [ -z "$reloader" ] || wait "$reloader" || true
  switch_latency "$out.renames" "$out.polls" > "$out.switch.json"
  log "reload $name $mode: $(cat "$out.switch.json")"
}

# For each rename: the time from it to the end of the first handshake that started after it and served
# the new serial (before the next rename; otherwise "not seen"). Median, max in ms; polls' mean interval.
switch_latency() {
  local interval
  interval=$(awk 'NR == 1 { first = $1 } { last = $1 } END { printf "%.1f", (NR > 1 ? (last - first) / (NR - 1) * 1000 : 0) }' "$2")
  awk 'FILENAME == ARGV[1] { rt[++r] = $1; rs[r] = $2; next }
       { ps[++p] = $1; pe[p] = $2; pv[p] = $3 }
       END {
         for (i = 1; i <= r; i++) {
           limit = (i < r) ? rt[i + 1] : 1e18; found = 0
           for (j = 1; j <= p && !found; j++)
             if (ps[j] >= rt[i] && ps[j] < limit && pv[j] == rs[i]) { printf "%.1f\n", (pe[j] - rt[i]) * 1000; found = 1 }
           if (!found) print "missed"
         }
       }' "$1" "$2" | sort -n | awk -v interval="$interval" '
    $1 == "missed" { missed++; next }
    { lat[++n] = $1 }
    END {
      med = n ? (n % 2 ? lat[(n + 1) / 2] : (lat[n / 2] + lat[n / 2 + 1]) / 2) : 0
      printf "{\"renames\":%d,\"seen\":%d,\"missed\":%d,\"median_ms\":%.1f,\"max_ms\":%.1f,\"poll_interval_ms\":%s}\n",
             n + missed, n, missed, med, n ? lat[n] : 0, interval
    }'
}

measure_section2() {
  serials=("$(serial server-ec.pem)" "$(serial server-ec2.pem)")
  local name
  for name in certkeep haproxy nginx; do
    measured "$name" || continue
    reload_run "$name" before
    reload_run "$name" reload
    reload_run "$name" after
  done
}

# --- report ------------------------------------------------------------------------------------------

j() { jq -r "$2" "$results/$1.json"; }

hs_cell() {  # NAME KIND VERSION -> "rate (x% of floor)"
  jq -r --argjson floor "$(j floor ".floor_$2")" \
    '"\(.rate | floor) (\(.rate / $floor * 100 | floor)%)\(if .failures > 0 then " ⚠" else "" end)"' "$results/hs-$1-$2-$3.json"
}

wrk_cells() {  # OUT_NAME -> "req/s | MiB/s"
  jq -r '"\(.requests / .seconds) \(.bytes / .seconds / 1048576) \(if (.connect + .read + .write + .status + .timeout) > 0 or .failed then " ⚠" else "" end)"' \
    "$results/$1.json" | awk '{ printf "%.0f | %.1f%s", $1, $2, ($3 != "" ? " " $3 : "") }'
}

cpu_cell() {  # NAME KIND VERSION -> server CPU microseconds per handshake
  jq -r 'if .cpu_us_median != null then (.cpu_us_median | round | tostring) else "—" end' "$results/hs-$1-$2-$3.json"
}

label() {
  case "$1" in
    haproxy) echo "HAProxy $(haproxy -v | sed -n 's/^HAProxy version \([0-9.]*\).*/\1/p') (nbthread 2, mode tcp)" ;;
    stunnel) echo "stunnel $(stunnel -version 2>&1 | sed -n 's/^stunnel \([0-9.]*\) .*/\1/p' | head -1)" ;;
    certkeep) echo "certkeep gateway (threads 2)" ;;
    nginx) echo "nginx $(nginx -v 2>&1 | sed 's|.*/||') TLS + proxy_pass (reference)" ;;
  esac
}

ratio() {  # JQ_EXPR FILE_CERTKEEP FILE_HAPROXY
  jq -nr --slurpfile c "$results/$2.json" --slurpfile h "$results/$3.json" "(\$c[0] | $1) / (\$h[0] | $1) * 100 | round / 100 | tostring + \"x\""
}

ratio_range() {  # BASE_CERTKEEP BASE_HAPROXY -> "min–max" of certkeep / HAProxy, paired round by round
  jq -nr --slurpfile c "$results/$1.json" --slurpfile h "$results/$2.json" \
    '[range($c[0].round_values | length) as $i | $c[0].round_values[$i] / $h[0].round_values[$i]] | "\(min * 100 | round / 100)–\(max * 100 | round / 100)"'
}

report_section1() {
  local name kind version row s
  local -a scen=("ec 1.3" "ec 1.2" "rsa 1.3" "rsa 1.2")
  echo "| full handshakes/s (% of crypto floor); wrk -t2 -c50 keep-alive | ECDSA P-256, TLS 1.3 | ECDSA P-256, TLS 1.2 | RSA-2048, TLS 1.3 | RSA-2048, TLS 1.2 | /1k req/s | /1k MiB/s | /64k req/s | /64k MiB/s |"
  echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|"
  for name in "${contenders[@]}"; do
    if ! measured "$name"; then
      echo "| certkeep: n/a ($certkeep_na) | n/a | n/a | n/a | n/a | n/a | n/a | n/a | n/a |"
      continue
    fi
    row="| $(label "$name")"
    for s in "${scen[@]}"; do read -r kind version <<< "$s"; row+=" | $(hs_cell "$name" "$kind" "$version")"; done
    echo "$row | $(wrk_cells "wrk-$name-1k") | $(wrk_cells "wrk-$name-64k") |"
  done
  echo "| nginx backend directly, plain HTTP (ceiling) | — | — | — | — | $(wrk_cells wrk-backend-1k) | $(wrk_cells wrk-backend-64k) |"
  echo "| crypto floor, 2 cores: 1 signature + 2 X25519 (key generation, derivation) | $(j floor .floor_ec) | $(j floor .floor_ec) | $(j floor .floor_rsa) | $(j floor .floor_rsa) | | | | |"
  if measured certkeep; then
    row="| **certkeep / HAProxy**"
    for s in "${scen[@]}"; do read -r kind version <<< "$s"; row+=" | $(ratio .rate "hs-certkeep-$kind-$version" "hs-haproxy-$kind-$version")"; done
    row+=" | $(ratio '.requests / .seconds' wrk-certkeep-1k wrk-haproxy-1k) | $(ratio '.bytes / .seconds' wrk-certkeep-1k wrk-haproxy-1k)"
    echo "$row | $(ratio '.requests / .seconds' wrk-certkeep-64k wrk-haproxy-64k) | $(ratio '.bytes / .seconds' wrk-certkeep-64k wrk-haproxy-64k) |"
    row="| certkeep / HAProxy, lowest–highest of the $rounds rounds"
    for s in "${scen[@]}"; do read -r kind version <<< "$s"; row+=" | $(ratio_range "hs-certkeep-$kind-$version" "hs-haproxy-$kind-$version")"; done
    echo "$row | $(ratio_range wrk-certkeep-1k wrk-haproxy-1k) | | $(ratio_range wrk-certkeep-64k wrk-haproxy-64k) | |"
  else
    echo "| **certkeep / HAProxy** | n/a | n/a | n/a | n/a | n/a | n/a | n/a | n/a |"
  fi
  echo
  echo "| server CPU per full handshake, µs (the contender's own processes, user + system) | ECDSA P-256, TLS 1.3 | ECDSA P-256, TLS 1.2 | RSA-2048, TLS 1.3 | RSA-2048, TLS 1.2 |"
  echo "|---|---:|---:|---:|---:|"
  for name in "${contenders[@]}"; do
    measured "$name" || { echo "| certkeep: n/a ($certkeep_na) | n/a | n/a | n/a | n/a |"; continue; }
    row="| $(label "$name")"
    for s in "${scen[@]}"; do read -r kind version <<< "$s"; row+=" | $(cpu_cell "$name" "$kind" "$version")"; done
    echo "$row |"
  done
  echo "| crypto floor: 1 signature + 2 X25519 on one core | $(j floor '2e6 / .floor_ec | round') | $(j floor '2e6 / .floor_ec | round') | $(j floor '2e6 / .floor_rsa | round') | $(j floor '2e6 / .floor_rsa | round') |"
  row="| OpenSSL alone: the server side of the same handshake over memory, one core (bench/handshake_floor.cpp)"
  for s in "${scen[@]}"; do read -r kind version <<< "$s"; row+=" | $(j "openssl-$kind-$version" '.server_us | round')"; done
  echo "$row |"
  if measured certkeep; then
    row="| **certkeep / OpenSSL alone**"
    for s in "${scen[@]}"; do
      read -r kind version <<< "$s"
      row+=" | $(jq -nr --slurpfile c "$results/hs-certkeep-$kind-$version.json" --slurpfile o "$results/openssl-$kind-$version.json" \
        '$c[0].cpu_us_median / $o[0].server_us * 100 | round / 100 | tostring + "x"')"
    done
    echo "$row |"
  fi
  echo
  echo "Crypto on 2 cores (\`openssl speed -multi 2\`, the faster of the runs before and after), ops/s: ECDSA P-256 sign $(j floor .ecdsap256_sign), RSA-2048 sign $(j floor .rsa2048_sign), X25519 $(j floor .x25519), ECDH P-256 $(j floor .p256); floor before $(j floor-before .floor_ec) / $(j floor-before .floor_rsa), after $(j floor-after .floor_ec) / $(j floor-after .floor_rsa) handshakes/s (ECDSA / RSA)."
  echo "Each figure is the median of $rounds rounds (the rounds interleave the contenders), server CPU per handshake too."
  echo "Negotiated (first handshake of each run): $(cd "$results/rounds" && for f in hs-*.json; do jq -r '"\(.version)/\(.group)"' "$f"; done | sort | uniq -c | awk '{printf "%s%s x%d", (NR > 1 ? ", " : ""), $2, $1}')."
  echo "Handshake failures: $(cd "$results/rounds" && jq -s '[.[].failures] | add' hs-*.json); wrk errors (non-2xx/3xx + socket) over these wrk runs: $(cd "$results/rounds" && jq -s '[.[] | .status + .connect + .read + .write + .timeout] | add' wrk-*.json). ⚠ marks a run with any."
}

report_section2() {
  local name mode
  echo "| reload under load: wrk -t2 -c50 /1k, ECDSA, ${reload_seconds} s | certificate replaced | req/s | p50 ms | p99 ms | max ms | non-2xx | socket errors c/r/w/t | new serial served after, median / max ms | renames not seen |"
  echo "|---|---|---:|---:|---:|---:|---:|---|---|---:|"
  for name in certkeep haproxy nginx; do
    if ! measured "$name"; then
      echo "| certkeep: n/a ($certkeep_na) | | | | | | | | | |"
      continue
    fi
    for mode in before reload after; do
      local how="no (run before the one with reloads)"
      [ "$mode" = after ] && how="no (run after the one with reloads)"
      if [ "$mode" = reload ]; then
        case "$name" in
          certkeep) how="every 1 s: keystore renamed over (inotify)" ;;
          haproxy) how="every 1 s: set + commit ssl cert (runtime API)" ;;
          nginx) how="every 1 s: cert file renamed over + nginx -s reload" ;;
        esac
      fi
      jq -r --arg who "$(label "$name")" --arg how "$how" --slurpfile sw "$results/reload-$name-$mode.switch.json" '
        def ms: (. / 10 | round) as $x | "\($x / 100 | floor).\($x % 100 | tostring | if length < 2 then "0" + . else . end)";
        ($sw[0]) as $s |
        "| \($who) | \($how) | \(.requests / .seconds | floor) | \(.p50_us | ms) | \(.p99_us | ms) | \(.max_us | ms) | \(.status) | \(.connect)/\(.read)/\(.write)/\(.timeout) | " +
        (if $s.renames > 0 then "\($s.median_ms) / \($s.max_ms)" else "—" end) + " | " +
        (if $s.renames > 0 then "\($s.missed) of \($s.renames)" else "—" end) + " |"' "$results/reload-$name-$mode.json"
    done
  done
  echo
  local parts=()
  for name in certkeep haproxy nginx; do
    measured "$name" || continue
    parts+=("$(jq -nr --arg who "$name" --slurpfile b "$results/reload-$name-before.json" --slurpfile r "$results/reload-$name-reload.json" \
      --slurpfile a "$results/reload-$name-after.json" '(($b[0].p99_us + $a[0].p99_us) / 2) as $base |
        "\($who) \(if $r[0].p99_us >= $base then "+" else "" end)\(($r[0].p99_us / $base - 1) * 100 | round)% (req/s \(if $r[0].requests / $r[0].seconds >= ($b[0].requests / $b[0].seconds + $a[0].requests / $a[0].seconds) / 2 then "+" else "" end)\((($r[0].requests / $r[0].seconds) / (($b[0].requests / $b[0].seconds + $a[0].requests / $a[0].seconds) / 2) - 1) * 100 | round)%)"')")
  done
  echo "p99 with reloads against the mean p99 of the runs before and after: $(IFS=';'; echo "${parts[*]}" | sed 's/;/; /g')."
  echo "Serial poll ($([ "${BENCH_POLL:-python}" = s_client ] && echo "openssl s_client | openssl x509" || echo "one Python process")): one fresh handshake every ~20 ms; measured mean interval $(cd "$results" && jq -s '[.[] | select(.renames > 0) | .poll_interval_ms] | if length > 0 then add / length | round else 0 end' reload-*.switch.json) ms (the resolution of the switch times)."
}

main() {
  local started=$SECONDS
  rm -rf "$data" && mkdir -p "$results" && cd "$data"
  for p in "$backend_port" "${port[@]}" "$admin_port"; do
    ! port_open "$p" || { log "port $p is already in use; set BENCH_PORT_BASE"; exit 1; }
  done
  log "building handshake_load"
  g++ -O2 -std=c++20 "$here/handshake_load.cpp" -o "$load" -lssl -lcrypto -pthread
  g++ -O2 -std=c++20 "$here/handshake_floor.cpp" -o "$data/handshake_floor" -lssl -lcrypto
  make_certificates
  write_backend_config; write_haproxy_config; write_stunnel_config; write_certkeep_config; write_nginx_config
  write_wrk_script
  start_servers
  check_contenders
  local load_before load_after
  load_before=$(cut -d' ' -f1-3 /proc/loadavg)
  if [ "$only_reload" != 1 ]; then
    crypto_floor before
    measure_section1
    crypto_floor after
    best_floor
    openssl_floor
  fi
  [ "$skip_reload" = 1 ] || measure_section2
  load_after=$(cut -d' ' -f1-3 /proc/loadavg)

  echo "Run on $(date -u '+%Y-%m-%d %H:%M UTC'); load average $load_before before, $load_after after. Machine: $(nproc) cores,"
  echo "$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1), Linux $(uname -r). $(openssl version | cut -d' ' -f1-2)."
  echo "$("$certkeep" --version 2>/dev/null | head -1 || echo "certkeep (--version failed)"). BENCH_SECONDS=$seconds, BENCH_THREADS=$threads (handshake client threads), BENCH_RELOAD_SECONDS=$reload_seconds."
  echo
  [ "$only_reload" = 1 ] || report_section1
  if [ "$skip_reload" != 1 ]; then echo; report_section2; fi
  log "done in $((SECONDS - started)) s"
}

main "$@"
