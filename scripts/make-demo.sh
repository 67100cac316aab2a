#!/usr/bin/env bash
# Creates a small demo fleet of certificates and keystores with the openssl CLI and keytool, the way
# admins meet them: healthy, expiring in 10 days, expired, not yet valid, and an APNS-style client
# certificate in a PKCS#12 protected by WebSphere's default password "WebAS".
# Usage: scripts/make-demo.sh DIR   (DIR is replaced)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
# shellcheck source=../tests/data/lib.sh
. "$root/tests/data/lib.sh"

out=${1:?usage: make-demo.sh DIR}
rm -rf "$out"
mkdir -p "$out"/{ca,web,gateway,proxy,java,legacy}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

ck_ca "$work" "Demo Root CA"
ck_issue "$work" "Demo Root CA" web "/CN=www.example.com/O=Example Corp" -30 +335 ec:P-256 "DNS:www.example.com,DNS:example.com"
ck_issue "$work" "Demo Root CA" api "/CN=api.example.com/O=Example Corp" -355 +10 rsa:2048 "DNS:api.example.com"
ck_issue "$work" "Demo Root CA" gw "/CN=stgw.example.com/O=Example Corp" -400 -3 rsa:2048 "DNS:stgw.example.com"
ck_issue "$work" "Demo Root CA" next "/CN=next.example.com/O=Example Corp" +14 +379 ec:P-384 "DNS:next.example.com"
ck_issue "$work" "Demo Root CA" apns "/C=US/O=Example Corp/OU=RBVH72H5WP/CN=Apple Push Services: com.example.chat/UID=com.example.chat" -60 +305 rsa:2048 "" client

cp "$work/Demo Root CA.pem" "$out/ca/root-ca.pem"
openssl crl2pkcs7 -nocrl -certfile "$work/Demo Root CA.pem" -out "$out/ca/bundle.p7b"
cat "$work/web.key" "$work/web.pem" "$work/Demo Root CA.pem" > "$out/web/www.example.com.pem"
cat "$work/api.pem" > "$out/web/api.example.com.crt"
cp "$work/api.key" "$out/web/api.example.com.key"
openssl x509 -in "$work/next.pem" -outform DER -out "$out/web/next.example.com.der"
# The seed scenario: a gateway keystore whose certificate has expired, default password WebAS.
openssl pkcs12 -export -inkey "$work/gw.key" -in "$work/gw.pem" -certfile "$work/Demo Root CA.pem" \
  -name default -passout pass:WebAS -out "$out/gateway/STGWKS.p12"
openssl pkcs12 -export -inkey "$work/apns.key" -in "$work/apns.pem" -certfile "$work/Demo Root CA.pem" \
  -name apns -passout pass:WebAS -out "$out/proxy/apns-prod.pkcs12"
openssl x509 -in "$work/gw.pem" -outform DER -out "$out/legacy/old-gateway.cer"
if command -v keytool >/dev/null; then
  keytool -importcert -noprompt -alias demo-root -file "$work/Demo Root CA.pem" \
    -keystore "$out/java/truststore.jks" -storetype JKS -storepass changeit >/dev/null 2>&1
fi
echo "demo fleet written to $out/"
