# Shell functions that make test certificates with the openssl CLI: a second implementation, so that
# certkeep is never judged by fixtures it produced itself. Source this file; every function takes an
# output directory first. Dates are relative offsets in days from now ("-400", "+10") or absolute
# YYYYMMDDHHMMSSZ stamps.
#
#   ck_ca      DIR NAME [KEYSPEC]                       self-signed CA: DIR/NAME.key, DIR/NAME.pem
#   ck_issue   DIR CA NAME SUBJECT START END [KEYSPEC] [SANS] [PROFILE]
#                                                       leaf signed by DIR/CA: DIR/NAME.key, DIR/NAME.pem
#   ck_keygen  FILE KEYSPEC                             rsa:2048 | rsa:3072 | ec:P-256 | ec:P-384 | ed25519
#
# PROFILE is server (default), client, or ca (an intermediate CA).

ck_stamp() {  # ck_stamp OFFSET -> YYYYMMDDHHMMSSZ
  case "$1" in
    [0-9]*Z) echo "$1" ;;
    *) date -u -d "@$(( $(date +%s) + ($1) * 86400 ))" +%Y%m%d%H%M%SZ ;;
  esac
}

ck_keygen() {
  local file=$1 spec=${2:-rsa:2048}
  case "$spec" in
    rsa:*) openssl genpkey -algorithm RSA -pkeyopt "rsa_keygen_bits:${spec#rsa:}" -out "$file" 2>/dev/null ;;
    ec:*) openssl genpkey -algorithm EC -pkeyopt "ec_paramgen_curve:${spec#ec:}" -out "$file" ;;
    ed25519) openssl genpkey -algorithm ED25519 -out "$file" ;;
    *) echo "ck_keygen: unknown key spec $spec" >&2; return 1 ;;
  esac
}

ck_ca() {
  local dir=$1 name=$2 spec=${3:-rsa:2048}
  ck_keygen "$dir/$name.key" "$spec" || return 1
  openssl req -new -x509 -key "$dir/$name.key" -out "$dir/$name.pem" -days 7300 \
    -subj "/C=US/O=certkeep tests/CN=$name" \
    -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" \
    -addext "subjectKeyIdentifier=hash" 2>/dev/null
}

ck_issue() {
  local dir=$1 ca=$2 name=$3 subject=$4 start end spec=${7:-rsa:2048} sans=${8:-} profile=${9:-server}
  start=$(ck_stamp "$5") end=$(ck_stamp "$6")
  local work
  work=$(mktemp -d)
  : > "$work/index.txt"
  printf '%s\n' "$(openssl rand -hex 8)" > "$work/serial"
  local ext
  case "$profile" in
    server) ext="basicConstraints=critical,CA:FALSE
keyUsage=critical,digitalSignature,keyEncipherment
extendedKeyUsage=serverAuth,clientAuth" ;;
    client) ext="basicConstraints=critical,CA:FALSE
keyUsage=critical,digitalSignature
extendedKeyUsage=clientAuth" ;;
    ca) ext="basicConstraints=critical,CA:TRUE
keyUsage=critical,keyCertSign,cRLSign" ;;
  esac
  [ -n "$sans" ] && ext="$ext
subjectAltName=$sans"
  cat > "$work/ca.cnf" <<CNF
[ ca ]
default_ca = test_ca
[ test_ca ]
database = $work/index.txt
serial = $work/serial
new_certs_dir = $work
default_md = sha256
policy = any
unique_subject = no
copy_extensions = none
x509_extensions = ext
[ any ]
commonName = supplied
[ ext ]
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
$ext
CNF
  [ -f "$dir/$name.key" ] || ck_keygen "$dir/$name.key" "$spec" || return 1
  openssl req -new -key "$dir/$name.key" -subj "$subject" -out "$work/req.csr" 2>/dev/null &&
  openssl ca -batch -config "$work/ca.cnf" -cert "$dir/$ca.pem" -keyfile "$dir/$ca.key" \
    -startdate "$start" -enddate "$end" -preserveDN -notext -in "$work/req.csr" -out "$dir/$name.pem" \
    2>"$work/err" || { cat "$work/err" >&2; rm -rf "$work"; return 1; }
  rm -rf "$work"
}
