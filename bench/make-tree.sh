#!/usr/bin/env bash
# Generates the inspect benchmark's tree with the real tools: 10,000 PEM certificates (openssl ca),
# 1,000 PKCS#12 stores (openssl pkcs12 -export; every fifth one -legacy) and 200 JKS stores (written by
# the JDK's java.security.KeyStore from the first 200 PKCS#12 stores, bench/gen/MakeJks.java).
#
#   bench/make-tree.sh DIR
#
# Writes DIR/tree/{pem,p12,jks}/..., DIR/password.txt (the one store password, "benchpass") and
# DIR/ca/ (the two issuing CAs); DIR/work/ keeps the reusable keys. Cached: does nothing when
# DIR/.complete exists; any other content of DIR is replaced.
#
# 200 keys (RSA 2048/3072, EC P-256/P-384) are shared by the certificates: certificate i uses key
# i % 200, issuer i % 2, a distinct subject and a random serial. Expiry dates are spread from 120 days
# ago to 900 days ahead, and one in 50 certificates is not yet valid, so every status occurs.
set -euo pipefail
export TZ=UTC LC_ALL=C

readonly N_PEM=10000 N_P12=1000 N_JKS=200 N_KEYS=200 PASSWORD=benchpass
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/.." && pwd)"

stamp() {  # stamp VAR EPOCH -> VAR=YYYYMMDDHHMMSSZ, without a process per call
  printf -v "$1" '%(%Y%m%d%H%M%S)TZ' "$2"
}

key_spec() {  # key_spec INDEX -> openssl key spec for key INDEX
  case $(($1 % 10)) in
    0) echo rsa:3072 ;;
    1 | 2 | 3) echo ec:P-256 ;;
    4) echo ec:P-384 ;;
    *) echo rsa:2048 ;;
  esac
}

ca_config() {  # ca_config DBDIR -> an openssl ca configuration using DBDIR as its database
  cat <<CNF
[ ca ]
default_ca = bench_ca
[ bench_ca ]
database = $1/index.txt
serial = $1/serial
new_certs_dir = $1
default_md = sha256
policy = any
unique_subject = no
copy_extensions = copy
x509_extensions = ext
[ any ]
commonName = supplied
organizationName = optional
organizationalUnitName = optional
[ ext ]
basicConstraints = critical,CA:FALSE
keyUsage = critical,digitalSignature,keyEncipherment
extendedKeyUsage = serverAuth,clientAuth
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
CNF
}

# --- workers, run in parallel by xargs: "make-tree.sh --worker KIND DIR FIRST LAST" ---------------

worker_keys() {  # keys FIRST..LAST: private key and a CSR carrying its SAN
  local dir=$1 k
  . "$root/tests/data/lib.sh"
  for ((k = $2; k <= $3; k++)); do
    ck_keygen "$dir/work/keys/k$k.key" "$(key_spec "$k")"
    openssl req -new -key "$dir/work/keys/k$k.key" -subj "/CN=key$k.bench.example" \
      -addext "subjectAltName=DNS:key$k.bench.example,DNS:www.key$k.bench.example" \
      -out "$dir/work/keys/k$k.csr"
  done
}

worker_pem() {  # certificates FIRST..LAST
  local dir=$1 i db start end life s e out
  db=$(mktemp -d "$dir/work/db.XXXXXX")
  ca_config "$db" >"$db/ca.cnf"
  local -r now=$(date +%s) day=86400
  local -ra lifetimes=(90 365 397 825)
  for ((i = $2; i <= $3; i++)); do
    life=${lifetimes[i % 4]}
    end=$((now + ((i * 7919) % 1020 - 120) * day))
    start=$((end - life * day))
    ((start < now)) || start=$((now - day))
    ((i % 50 != 7)) || { start=$((now + 10 * day)) && end=$((start + life * day)); }
    stamp s "$start"
    stamp e "$end"
    out="$dir/tree/pem/$((i / 100))/host$i.pem"
    : >"$db/index.txt"
    rm -f "$db"/*.pem
    local text=-notext
    ((i % 10 != 3)) || text=  # one in ten carries openssl's text dump before the PEM block
    openssl ca -batch -config "$db/ca.cnf" -cert "$dir/ca/ca$((i % 2)).pem" \
      -keyfile "$dir/work/ca$((i % 2)).key" -in "$dir/work/keys/k$((i % N_KEYS)).csr" \
      -subj "/CN=host$i.bench.example/O=certkeep bench/OU=unit $((i % 37))" \
      -startdate "$s" -enddate "$e" -rand_serial $text -out "$out" 2>"$db/err" ||
      { cat "$db/err" >&2; return 1; }
  done
  rm -rf "$db"
}

worker_p12() {  # PKCS#12 stores FIRST..LAST: certificate j, its key and its CA
  local dir=$1 j legacy
  for ((j = $2; j <= $3; j++)); do
    legacy=
    ((j % 5 != 0)) || legacy=-legacy  # 3DES key bag, RC2-40 certificate bag, SHA-1 MAC
    openssl pkcs12 -export $legacy -name "store$j" \
      -in "$dir/tree/pem/$((j / 100))/host$j.pem" -inkey "$dir/work/keys/k$((j % N_KEYS)).key" \
      -certfile "$dir/ca/ca$((j % 2)).pem" -passout "file:$dir/password.txt" \
      -out "$dir/tree/p12/$((j / 100))/store$j.p12"
  done
}

if [ "${1:-}" = "--worker" ]; then
  "worker_$2" "$3" "$4" "$5"
  exit
fi

# --- driver ---------------------------------------------------------------------------------------

dir=${1:?usage: make-tree.sh DIR}
[ -f "$dir/.complete" ] && { echo "bench tree: reusing $dir" >&2; exit 0; }
rm -rf "$dir"
mkdir -p "$dir"/{ca,work/keys,work/jks-classes,tree/jks}
dir="$(cd "$dir" && pwd)"
for ((b = 0; b < N_PEM / 100; b++)); do mkdir -p "$dir/tree/pem/$b"; done
for ((b = 0; b < N_P12 / 100; b++)); do mkdir -p "$dir/tree/p12/$b"; done
printf '%s\n' "$PASSWORD" >"$dir/password.txt"
jobs=$(nproc)

in_parallel() {  # in_parallel KIND COUNT CHUNK: runs worker KIND over 0..COUNT-1 in chunks
  local kind=$1 count=$2 chunk=$3 first
  for ((first = 0; first < count; first += chunk)); do
    echo "$first $((first + chunk - 1 < count - 1 ? first + chunk - 1 : count - 1))"
  done | xargs -P "$jobs" -L 1 "$0" --worker "$kind" "$dir"
}

t0=$(date +%s)
. "$root/tests/data/lib.sh"
ck_ca "$dir/work" "Bench Root RSA" rsa:2048
ck_ca "$dir/work" "Bench Root EC" ec:P-256
mv "$dir/work/Bench Root RSA.key" "$dir/work/ca0.key"
mv "$dir/work/Bench Root RSA.pem" "$dir/ca/ca0.pem"
mv "$dir/work/Bench Root EC.key" "$dir/work/ca1.key"
mv "$dir/work/Bench Root EC.pem" "$dir/ca/ca1.pem"

echo "bench tree: $N_KEYS keys" >&2
in_parallel keys "$N_KEYS" 10
echo "bench tree: $N_PEM PEM certificates" >&2
in_parallel pem "$N_PEM" 250
echo "bench tree: $N_P12 PKCS#12 stores" >&2
in_parallel p12 "$N_P12" 50
echo "bench tree: $N_JKS JKS stores" >&2
javac -d "$dir/work/jks-classes" "$here/gen/MakeJks.java"
for ((j = 0; j < N_JKS; j++)); do
  echo "$dir/tree/p12/$((j / 100))/store$j.p12 $dir/tree/jks/store$j.jks"
done | java -cp "$dir/work/jks-classes" MakeJks "$dir/password.txt" "$dir/ca/ca0.pem"

count=$(find "$dir/tree" -type f | wc -l)
expected=$((N_PEM + N_P12 + N_JKS))
[ "$count" -eq "$expected" ] || { echo "bench tree: $count files, expected $expected" >&2; exit 1; }
touch "$dir/.complete"
echo "bench tree: $count files in $dir/tree ($(($(date +%s) - t0)) s)" >&2
