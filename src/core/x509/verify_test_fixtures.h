// Test fixtures shared by the verify tests: a base recipe (helpers, Root -> Inter -> leaf) run with the
// openssl CLI in a fresh directory per test, plus whatever a case adds. Test code only.
#pragma once

#include <algorithm>
#include <cstdint>
#include <span>
#include <stdexcept>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "core/keystore/reader.h"
#include "core/x509/certificate.h"
#include "support/tools.h"

namespace certkeep::test {

// ck_sign signs with `openssl x509 -req -extfile` for certificates that need unusual extensions, serial
// numbers, keys or digests; ck_self makes a self-signed one with exactly the extensions given;
// ck_drop_version and ck_flip_last_byte rework the DER of a certificate.
inline constexpr const char* kVerifyBaseRecipe = R"SH(
LEAF='basicConstraints=critical,CA:FALSE
keyUsage=critical,digitalSignature
extendedKeyUsage=serverAuth,clientAuth'
CA='basicConstraints=critical,CA:TRUE
keyUsage=critical,keyCertSign,cRLSign'
SAN='subjectAltName=DNS:www.example.test'

# ck_sign CA NAME SUBJECT EXTENSIONS [SERIAL] [KEYSPEC] [DIGEST]: valid from now for 30 days
ck_sign() {
  [ -f "$2.key" ] || ck_keygen "$2.key" "${6:-ec:P-256}"
  openssl req -new -key "$2.key" -subj "$3" -out "$2.csr" 2>/dev/null
  printf '%s\n' "$4" > "$2.ext"
  openssl x509 -req -in "$2.csr" -CA "$1.pem" -CAkey "$1.key" -set_serial "${5:-0x$(openssl rand -hex 8)}" \
    -days 30 "-${7:-sha256}" -extfile "$2.ext" -out "$2.pem" 2>/dev/null
}

# ck_self NAME CN EXTENSIONS: self-signed, valid from now for 30 days
ck_self() {
  ck_keygen "$1.key" ec:P-256
  printf '[req]\ndistinguished_name = dn\nx509_extensions = ext\nprompt = no\n[dn]\nCN = %s\n[ext]\n%s\n' \
    "$2" "$3" > "$1.cnf"
  openssl req -x509 -new -key "$1.key" -config "$1.cnf" -days 30 -out "$1.pem"
}

# ck_byte FILE OFFSET: one byte as a decimal number. ck_emit N...: the bytes with these values.
ck_byte() { echo $(( $(od -An -tu1 -j"$2" -N1 "$1") )); }
ck_emit() { for b in "$@"; do printf "\\$(printf %o "$b")"; done; }

# ck_drop_version CA IN OUT: IN re-encoded without its version field (a v1 certificate that keeps its
# extensions) and re-signed by CA. Assumes two-byte DER lengths, an a0 03 02 01 02 version field and an
# ECDSA signature, as ck_sign makes.
ck_drop_version() {
  openssl x509 -in "$2.pem" -outform DER -out "$2.der"
  tbs=$(( $(ck_byte "$2.der" 6) * 256 + $(ck_byte "$2.der" 7) - 5 ))
  { ck_emit 48 130 $((tbs / 256)) $((tbs % 256)); tail -c +14 "$2.der" | head -c $tbs; } > "$3.tbs"
  alg_at=$((tbs + 13)); alg_len=$(( $(ck_byte "$2.der" $((alg_at + 1))) + 2 ))
  tail -c +$((alg_at + 1)) "$2.der" | head -c $alg_len > "$3.alg"
  openssl dgst -sha256 -sign "$1.key" -out "$3.sig" "$3.tbs"
  sig=$(( $(wc -c < "$3.sig") + 1 ))
  total=$(( tbs + 4 + alg_len + sig + 2 ))
  { ck_emit 48 130 $((total / 256)) $((total % 256)); cat "$3.tbs" "$3.alg"; ck_emit 3 $sig 0; cat "$3.sig"; } > "$3.der"
  openssl x509 -inform DER -in "$3.der" -out "$3.pem"
}

# ck_flip_last_byte IN OUT: the last byte of the signature changed
ck_flip_last_byte() {
  openssl x509 -in "$1.pem" -outform DER -out "$1.der"
  n=$(wc -c < "$1.der")
  { head -c $((n - 1)) "$1.der"; ck_emit $(( $(ck_byte "$1.der" $((n - 1))) ^ 1 )); } > "$2.der"
  openssl x509 -inform DER -in "$2.der" -out "$2.pem"
}

ck_ca . Root ec:P-256
ck_issue . Root Inter '/CN=Inter' -30 +3000 ec:P-256 '' ca
ck_issue . Inter leaf '/CN=www.example.test' -10 +300 ec:P-256 'DNS:www.example.test,IP:192.0.2.7'
)SH";

// A copy of a v3 certificate whose version field (a0 03 02 01 02) says 6: framed right, so that
// Certificate::deferred takes it, and refused on decoding ("certificate version 6 is not 1, 2 or 3").
inline std::vector<std::uint8_t> undecodable_copy(std::span<const std::uint8_t> der) {
  std::vector<std::uint8_t> out(der.begin(), der.end());
  const std::vector<std::uint8_t> v3 = {0xA0, 0x03, 0x02, 0x01, 0x02};
  const auto at = std::ranges::search(out, v3);
  if (at.empty()) throw std::runtime_error("undecodable_copy: not a v3 certificate");
  *(at.begin() + 4) = 0x05;
  return out;
}

// A fresh directory with the base recipe and `recipe` run in it; fails the test if a command fails.
class VerifyFixtureDir {
 public:
  explicit VerifyFixtureDir(const std::string& recipe) {
    const auto r = sh("set -e; . '" + fixture_lib() + "'; cd '" + dir_.path().string() + "'\n" + kVerifyBaseRecipe +
                      recipe);
    ok_ = r.exit_code == 0;
    EXPECT_TRUE(ok_) << r.err;
  }
  [[nodiscard]] bool ok() const { return ok_; }
  [[nodiscard]] const TempDir& dir() const { return dir_; }

  // The first certificate of STEM.pem.
  [[nodiscard]] Certificate cert(const std::string& stem) const {
    const auto bytes = read_bytes(dir_ / (stem + ".pem"));
    auto read = read_keystore(bytes, {});
    if (!read) throw std::runtime_error(stem + ".pem: " + read.error().message);
    return read->keystore.entries.at(0).chain.at(0);
  }
  [[nodiscard]] std::vector<Certificate> certs(const std::vector<std::string>& stems) const {
    std::vector<Certificate> out;
    out.reserve(stems.size());
    for (const auto& s : stems) out.push_back(cert(s));
    return out;
  }

 private:
  TempDir dir_;
  bool ok_ = false;
};

}  // namespace certkeep::test
