#!/usr/bin/env bash
# Regenerates the seed corpora in fuzz/corpus/<target>/ with the real tools (openssl, keytool), plus a
# few hand-made malformed seeds. Keys are RSA-1024 or EC P-256 to keep the files small. Stores and
# encrypted keys use the password "ck-fuzz-pw" (the candidate the targets offer as user-supplied, see
# fuzz/invariants.cpp), "WebAS" or the empty password; "wrong-*" seeds use one no candidate opens.
# Usage: fuzz/make-corpus.sh   (replaces every file in fuzz/corpus/)
set -euo pipefail
cd "$(dirname "$0")"
. ../tests/data/lib.sh

PW=ck-fuzz-pw
# keytool's default iteration counts (200,000 for JCEKS keys, 10,000 for PKCS12) would make every
# fuzzing run near these seeds slow; the parsers see the same structures with fewer (10,000 is the
# least the JDK accepts for JCEKS).
keytool() {
  command keytool -J-Djdk.jceks.iterationCount=10000 -J-Dkeystore.pkcs12.keyPbeIterationCount=1000 \
    -J-Dkeystore.pkcs12.certPbeIterationCount=1000 -J-Dkeystore.pkcs12.macIterationCount=1000 "$@"
}
out=$PWD/corpus
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"

# seed TARGET NAME SOURCE: copies SOURCE into the corpus of TARGET as NAME.
seed() { cp "$3" "$out/$1/$2"; }

# truncated IN OUT: the first half of IN.   flipped IN OUT: IN with its middle byte inverted.
truncated() { head -c $(( $(stat -c %s "$1") / 2 )) "$1" > "$2"; }
flipped() {
  local off b
  off=$(( $(stat -c %s "$1") / 2 ))
  b=$(od -An -tu1 -j "$off" -N1 "$1" | tr -d ' ')
  cp "$1" "$2"
  printf "$(printf '\\%03o' $(( b ^ 255 )))" | dd of="$2" bs=1 seek="$off" conv=notrunc status=none
}

make_certificates() {
  ck_ca . RootCA ec:P-256
  ck_issue . RootCA Inter "/CN=Inter CA" -1 +3650 ec:P-256 "" ca
  ck_issue . Inter leaf "/C=US/O=certkeep fuzz/CN=leaf.example" -1 +90 rsa:1024 \
    "DNS:leaf.example,DNS:*.leaf.example,IP:127.0.0.1,IP:::1,email:ops@leaf.example,URI:https://leaf.example/"
  ck_issue . RootCA client "/CN=client" -1 +30 ec:P-256 "" client
  ck_keygen ed.key ed25519
  openssl req -new -x509 -key ed.key -subj "/CN=ed25519" -days 30 -out ed.pem 2>/dev/null
  openssl req -new -key leaf.key -subj "/CN=leaf.example" -addext "subjectAltName=DNS:leaf.example" -out csr.pem
  openssl req -in csr.pem -outform DER -out csr.der
  cat leaf.pem Inter.pem RootCA.pem > bundle.pem
  for c in leaf RootCA client; do openssl x509 -in $c.pem -outform DER -out $c.der; done
}

x509_seeds() {
  local t=fuzz_x509
  seed $t leaf.pem leaf.pem; seed $t leaf.der leaf.der; seed $t root-ec.der RootCA.der
  seed $t client-ec.der client.der; seed $t ed25519.pem ed.pem; seed $t bundle.pem bundle.pem
  seed $t csr.pem csr.pem; seed $t csr.der csr.der
  { openssl x509 -in leaf.pem -noout -text; cat bundle.pem; } > text-and-bundle.pem
  seed $t text-and-bundle.pem text-and-bundle.pem
  openssl x509 -in RootCA.pem -trustout -addtrust serverAuth -addreject emailProtection -setalias root > trusted.pem
  seed $t trusted-certificate.pem trusted.pem
  sed 's/ CERTIFICATE-----/ X509 CERTIFICATE-----/' leaf.pem > x509label.pem
  seed $t x509-certificate-label.pem x509label.pem
  truncated leaf.der bad.der; seed $t truncated.der bad.der
  flipped leaf.der bad.der; seed $t flipped.der bad.der
  { echo "-----BEGIN CERTIFICATE-----"; echo "MIIB!!not*base64"; echo "-----END CERTIFICATE-----"; } > bad.pem
  seed $t bad-base64.pem bad.pem
  head -n 5 leaf.pem > bad.pem; seed $t no-end-line.pem bad.pem
  { cat leaf.der; printf 'trailing'; } > bad.der; seed $t trailing-bytes.der bad.der
  xxd -p leaf.der | tr -d '\n' | sed 's/a003020102/a003020122/' | xxd -r -p > bad.der
  seed $t version-35.der bad.der
  printf '\x30\x80\x30\x80\x00\x00\x00\x00' > bad.der; seed $t indefinite-length.der bad.der
  printf '\x30\x84\xff\xff\xff\xff\x02\x01' > bad.der; seed $t huge-length.der bad.der
}

pkcs7_seeds() {
  local t=fuzz_pkcs7
  openssl crl2pkcs7 -nocrl -certfile bundle.pem -outform DER -out chain.p7b
  openssl crl2pkcs7 -nocrl -certfile bundle.pem -out chain.p7b.pem
  openssl crl2pkcs7 -nocrl -outform DER -out empty.p7b
  echo "renew me" > msg.txt
  openssl smime -sign -in msg.txt -signer leaf.pem -inkey leaf.key -certfile Inter.pem -nodetach -outform DER -out signed.p7m
  openssl smime -encrypt -in msg.txt -outform DER -out enveloped.p7m leaf.pem
  seed $t chain.p7b chain.p7b; seed $t chain.p7b.pem chain.p7b.pem; seed $t no-certificates.p7b empty.p7b
  seed $t signed-data.p7m signed.p7m; seed $t enveloped-data.p7m enveloped.p7m
  truncated chain.p7b bad.p7b; seed $t truncated.p7b bad.p7b
  flipped chain.p7b bad.p7b; seed $t flipped.p7b bad.p7b
}

pkcs12_seeds() {
  # -iter 100 (encryption and MAC) rather than 2048 keeps fuzzing fast; default.p12 keeps the defaults.
  local t=fuzz_pkcs12 base=(-export -inkey leaf.key -in leaf.pem -certfile Inter.pem -name leaf)
  openssl pkcs12 "${base[@]}" -passout pass:$PW -out default.p12
  base+=(-iter 100)
  openssl pkcs12 "${base[@]}" -passout pass:$PW -legacy -out legacy.p12
  openssl pkcs12 "${base[@]}" -passout pass:$PW -nomac -out nomac.p12
  openssl pkcs12 "${base[@]}" -passout pass:$PW -macalg sha1 -out sha1-mac.p12
  openssl pkcs12 "${base[@]}" -passout pass:$PW -keypbe NONE -certpbe NONE -out unencrypted.p12
  openssl pkcs12 "${base[@]}" -passout pass:$PW -keypbe NONE -certpbe NONE -nomac -out unencrypted-nomac.p12
  openssl pkcs12 "${base[@]}" -passout pass: -out empty-password.p12
  openssl pkcs12 "${base[@]}" -passout pass:WebAS -out webas.p12
  openssl pkcs12 "${base[@]}" -passout pass:wrong-pw-1 -out wrong-password.p12
  openssl pkcs12 -export -iter 100 -nokeys -in bundle.pem -passout pass:$PW -out certificates-only.p12
  openssl pkcs12 -export -iter 100 -inkey client.key -in client.pem -nocerts -passout pass:$PW -out key-only.p12 2>/dev/null
  keytool -genkeypair -keystore keytool.p12 -storetype PKCS12 -storepass $PW -alias server -keyalg EC \
    -groupname secp256r1 -dname CN=server -validity 30 2>/dev/null
  keytool -importcert -keystore keytool.p12 -storetype PKCS12 -storepass $PW -alias root -file RootCA.pem -noprompt 2>/dev/null
  keytool -genseckey -keystore keytool.p12 -storetype PKCS12 -storepass $PW -alias aes -keyalg AES -keysize 128 2>/dev/null
  for f in default legacy nomac sha1-mac unencrypted unencrypted-nomac empty-password webas wrong-password certificates-only key-only keytool; do
    seed $t $f.p12 $f.p12
  done
  truncated default.p12 bad.p12; seed $t truncated.p12 bad.p12
  flipped nomac.p12 bad.p12; seed $t flipped-nomac.p12 bad.p12
}

jks_seeds() {
  local t=fuzz_jks type
  for type in JKS JCEKS; do
    local f=${type,,}.ks
    keytool -genkeypair -keystore $f -storetype $type -storepass $PW -keypass $PW -alias server -keyalg EC \
      -groupname secp256r1 -dname CN=server -validity 30 2>/dev/null
    keytool -importcert -keystore $f -storetype $type -storepass $PW -alias root -file RootCA.pem -noprompt 2>/dev/null
    seed $t $type-key-and-trusted.ks $f
  done
  keytool -genseckey -keystore jceks.ks -storetype JCEKS -storepass $PW -keypass $PW -alias aes -keyalg AES -keysize 128 2>/dev/null
  seed $t JCEKS-with-secret-key.ks jceks.ks
  keytool -genkeypair -keystore keypass.ks -storetype JKS -storepass $PW -keypass other-pw -alias rsa -keyalg RSA \
    -keysize 1024 -dname CN=rsa -validity 30 2>/dev/null
  seed $t JKS-key-password-differs.ks keypass.ks
  keytool -importcert -keystore wrong.ks -storetype JKS -storepass wrong-pw-1 -alias root -file RootCA.pem -noprompt 2>/dev/null
  seed $t JKS-wrong-password.ks wrong.ks
  truncated jks.ks bad.ks; seed $t truncated.ks bad.ks
  flipped jceks.ks bad.ks; seed $t flipped.ks bad.ks
  printf '\xfe\xed\xfe\xed\x00\x00\x00\x02\xff\xff\xff\xff' > bad.ks; seed $t huge-entry-count.ks bad.ks
  printf '\xce\xce\xce\xce\x00\x00\x00\x07\x00\x00\x00\x00' > bad.ks; seed $t unknown-version.ks bad.ks
}

key_seeds() {
  local t=fuzz_private_key
  openssl pkey -in leaf.key -out rsa-pkcs8.pem
  openssl pkey -in leaf.key -outform DER -out rsa-pkcs8.der
  openssl rsa -in leaf.key -traditional -out rsa-pkcs1.pem 2>/dev/null
  openssl rsa -in leaf.key -traditional -outform DER -out rsa-pkcs1.der 2>/dev/null
  openssl ec -in client.key -out ec-sec1.pem 2>/dev/null
  openssl ec -in client.key -outform DER -out ec-sec1.der 2>/dev/null
  openssl pkcs8 -topk8 -in client.key -v2 aes-256-cbc -iter 100 -passout pass:$PW -out ec-pkcs8-aes.pem
  openssl pkcs8 -topk8 -in client.key -v2 aes-256-cbc -iter 100 -passout pass:$PW -outform DER -out ec-pkcs8-aes.der
  openssl pkcs8 -topk8 -in leaf.key -v1 PBE-SHA1-3DES -passout pass:WebAS -out rsa-pkcs8-3des-webas.pem
  openssl pkcs8 -topk8 -in client.key -v2 aes-128-cbc -iter 100 -passout pass:wrong-pw-1 -out wrong-password.pem
  openssl rsa -in leaf.key -traditional -aes128 -passout pass:$PW -out rsa-legacy-encrypted.pem 2>/dev/null
  openssl genpkey -genparam -algorithm DSA -pkeyopt dsa_paramgen_bits:1024 -out dsa.params 2>/dev/null
  openssl genpkey -paramfile dsa.params -out dsa.pem
  cat leaf.key leaf.pem Inter.pem > key-and-chain.pem
  for f in rsa-pkcs8.pem rsa-pkcs8.der rsa-pkcs1.pem rsa-pkcs1.der ec-sec1.pem ec-sec1.der ec-pkcs8-aes.pem \
           ec-pkcs8-aes.der rsa-pkcs8-3des-webas.pem wrong-password.pem rsa-legacy-encrypted.pem dsa.pem key-and-chain.pem; do
    seed $t $f $f
  done
  seed $t ed25519.pem ed.key
  truncated rsa-pkcs8.der bad.der; seed $t truncated.der bad.der
  flipped ec-sec1.der bad.der; seed $t flipped-sec1.der bad.der
  flipped ec-pkcs8-aes.der bad.der; seed $t flipped-encrypted.der bad.der
}

detect_seeds() {
  local t=fuzz_detect
  seed $t leaf.pem leaf.pem; seed $t root.der RootCA.der; seed $t csr.der csr.der; seed $t chain.p7b chain.p7b
  seed $t default.p12 default.p12; seed $t legacy.p12 legacy.p12; seed $t keytool.p12 keytool.p12
  seed $t jks.ks jks.ks; seed $t jceks.ks jceks.ks; seed $t key-and-chain.pem key-and-chain.pem
  seed $t ec-pkcs8-aes.der ec-pkcs8-aes.der; seed $t rsa-legacy-encrypted.pem rsa-legacy-encrypted.pem
  : > empty; seed $t empty empty
  echo "just some text, no PEM armor" > text; seed $t text text
  printf '\xfe\xed\xfe\xed' > short; seed $t jks-magic-only short
}

for t in fuzz_x509 fuzz_pkcs7 fuzz_pkcs12 fuzz_jks fuzz_private_key fuzz_detect; do
  rm -rf "${out:?}/$t"
  mkdir -p "$out/$t"
done
make_certificates
x509_seeds
pkcs7_seeds
pkcs12_seeds
jks_seeds
key_seeds
detect_seeds
du -sh "$out"
