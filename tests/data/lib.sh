# Shell functions that make test certificates with the openssl CLI: a second implementation, so that
# certkeep is never judged by fixtures it produced itself. Source this file; every function takes an
# output directory first. Dates are relative offsets in days from now ("-400", "+10") or absolute
# YYYYMMDDHHMMSSZ stamps.
#
#   ck_ca      DIR NAME [KEYSPEC]                       self-signed CA: DIR/NAME.key, DIR/NAME.pem
#   ck_issue   DIR CA NAME SUBJECT START END [KEYSPEC] [SANS] [PROFILE]
#                                                       leaf signed by DIR/CA: DIR/NAME.key, DIR/NAME.pem
#   ck_sign_csr DIR CA NAME CSR START END [SANS|copy] [PROFILE]
#                                                       sign a request: DIR/NAME.pem ("copy": the request's SANs)
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
  local dir=$1 ca=$2 name=$3 subject=$4 spec=${7:-rsa:2048} sans=${8:-} profile=${9:-server}
  [ -f "$dir/$name.key" ] || ck_keygen "$dir/$name.key" "$spec" || return 1
  openssl req -new -key "$dir/$name.key" -subj "$subject" -out "$dir/$name.csr.tmp" 2>/dev/null &&
    ck_sign_csr "$dir" "$ca" "$name" "$dir/$name.csr.tmp" "$5" "$6" "$sans" "$profile"
  local rc=$?
  rm -f "$dir/$name.csr.tmp"
  return $rc
}

ck_sign_csr() {
  local dir=$1 ca=$2 name=$3 csr=$4 start end sans=${7:-} profile=${8:-server}
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
  local copy=none
  [ "$sans" = "copy" ] && { copy=copy; ext=$(printf '%s\n' "$ext" | grep -v '^subjectAltName=copy$'); }
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
copy_extensions = $copy
x509_extensions = ext
[ any ]
commonName = supplied
[ ext ]
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
$ext
CNF
  openssl ca -batch -config "$work/ca.cnf" -cert "$dir/$ca.pem" -keyfile "$dir/$ca.key" \
    -startdate "$start" -enddate "$end" -preserveDN -notext -in "$csr" -out "$dir/$name.pem" \
    2>"$work/err" || { cat "$work/err" >&2; rm -rf "$work"; return 1; }
  rm -rf "$work"
}

# The seed's gateway keystore, as keytool makes it: a key entry "gateway" (RSA 2048, CN=gw.example.test,
# SAN DNS:gw.example.test) whose certificate, issued by DIR/CA, expired 10 days ago, and CA as the
# trusted entry "root". Leaves the key's request in DIR/gateway.csr for renewals.
#   ck_gateway_store DIR CA FILE TYPE PASSWORD        TYPE: pkcs12 | jks | jceks
ck_gateway_store() {
  local dir=$1 ca=$2 file=$3 type=$4 pass=$5
  local kt="keytool -storetype $type -keystore $dir/$file -storepass $pass"
  $kt -genkeypair -alias gateway -keyalg RSA -keysize 2048 -keypass "$pass" -validity 30 \
    -dname "CN=gw.example.test, O=certkeep tests" -ext SAN=dns:gw.example.test >/dev/null 2>&1 &&
    $kt -certreq -alias gateway -ext SAN=dns:gw.example.test -file "$dir/gateway.csr" >/dev/null 2>&1 &&
    ck_sign_csr "$dir" "$ca" gateway-expired "$dir/gateway.csr" -400 -10 copy &&
    $kt -importcert -noprompt -alias root -file "$dir/$ca.pem" >/dev/null 2>&1 &&
    $kt -importcert -noprompt -alias gateway -keypass "$pass" -file "$dir/gateway-expired.pem" >"$dir/keytool.log" 2>&1 ||
    { echo "ck_gateway_store: keytool failed for $type" >&2; cat "$dir/keytool.log" >&2 2>/dev/null; return 1; }
}
