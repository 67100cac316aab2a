#!/usr/bin/env bash
# The keystore benchmark (issue: keystore operations), side by side in one run with keytool:
#   - receive: install a CA's reply into a store of 1,000 entries (a key entry, its CA and 998 trusted
#     certificates), PKCS#12 and JKS: `certkeep keystore receive` vs `keytool -importcert`;
#   - conversion: the JDK's cacerts truststore (JKS) to PKCS#12 and back to JKS:
#     `certkeep keystore import --type` vs `keytool -importkeystore`.
# Stores are made by keytool and the JDK's KeyStore (bench/gen/MakeStore.java) under
# build/bench-data/keystore/. Prints a markdown table on stdout for docs/benchmarks.md.
#
#   bench/keystore.sh CERTKEEP_BINARY
# Environment: BENCH_RUNS=N hyperfine runs per command (default 10).
set -euo pipefail
export LC_ALL=C TZ=UTC
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/.." && pwd)"
certkeep=$(readlink -f "$1")
runs=${BENCH_RUNS:-10}
data=$root/build/bench-data/keystore
cacerts=${CACERTS:-/etc/ssl/certs/java/cacerts}
log() { echo "bench: $*" >&2; }

make_stores() {
  rm -rf "$data" && mkdir -p "$data" && cd "$data"
  . "$root/tests/data/lib.sh"
  echo benchpass > pw
  ck_ca . Root
  log "998 certificates for the trusted entries"
  openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out shared.key
  for i in $(seq 998); do
    openssl req -new -x509 -key shared.key -subj "/O=certkeep bench/CN=trust-$i" -days 3650 2>/dev/null
  done > bundle.pem
  for t in pkcs12 jks; do
    ck_gateway_store . Root base.$t $t benchpass
    mv gateway.csr gateway-$t.csr
    java "$here/gen/MakeStore.java" "$t" benchpass base.$t bundle.pem big.$t
    ck_sign_csr . Root renewed-$t gateway-$t.csr -1 +365 copy
  done
  cp "$cacerts" cacerts.jks
}

# hyperfine, one command pair: NAME PREPARE KEYTOOL_CMD CERTKEEP_CMD
pair() {
  local name=$1 prepare=$2
  hyperfine -N --warmup 1 --runs "$runs" --prepare "$prepare" --export-json "$data/$name.json" \
    -n keytool "$3" -n certkeep "$4" >&2
  jq -r --arg n "$name" '"| \($n) | \(.results[0].median * 1000 | floor) | \(.results[1].median * 1000 | floor) | \(.results[0].median / .results[1].median * 10 | floor / 10)x |"' \
    "$data/$name.json"
}

main() {
  [ -f "$data/.complete" ] || { make_stores; touch "$data/.complete"; }
  cd "$data"
  log "keytool $(java -version 2>&1 | head -1); $($certkeep --version)"
  echo "| operation | keytool, ms | certkeep, ms | keytool / certkeep |"
  echo "|---|---:|---:|---:|"
  for t in pkcs12 jks; do
    pair "receive into $t, 1000 entries" "cp big.$t work.$t" \
      "keytool -importcert -noprompt -alias gateway -file renewed-$t.pem -storetype $t -keystore work.$t -storepass benchpass" \
      "$certkeep keystore receive work.$t renewed-$t.pem --password-file pw --no-backup"
  done
  pair "convert cacerts JKS to PKCS#12 ($(keytool -list -keystore cacerts.jks -storepass changeit 2>/dev/null | grep -c trustedCertEntry) entries)" \
    "rm -f out.p12" \
    "keytool -importkeystore -noprompt -srckeystore cacerts.jks -srcstorepass changeit -destkeystore out.p12 -deststoretype pkcs12 -deststorepass benchpass" \
    "$certkeep keystore import out.p12 cacerts.jks --type pkcs12 --password-file pw --source-password changeit"
  cp out.p12 cacerts.p12
  pair "convert cacerts PKCS#12 to JKS" "rm -f out.jks" \
    "keytool -importkeystore -noprompt -srckeystore cacerts.p12 -srcstoretype pkcs12 -srcstorepass benchpass -destkeystore out.jks -deststoretype jks -deststorepass benchpass" \
    "$certkeep keystore import out.jks cacerts.p12 --type jks --password-file pw --source-password-file pw"
}

main
