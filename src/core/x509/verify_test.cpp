// Golden table for verify_chain: every case is made by the openssl CLI at test time (recipes below), each
// asserts the exact problem codes and depths, and each is checked against a second validator,
// `openssl verify -x509_strict`, which must reach the same verdict unless certkeep is documented as
// stricter (docs/verify.md, "Where certkeep is stricter than OpenSSL").
#include "core/x509/verify.h"

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "core/keystore/reader.h"
#include "support/tools.h"

namespace certkeep {
namespace {

// Recipes. ck_sign signs with `openssl x509 -req -extfile` for the cases that need unusual extensions,
// serial numbers or digests; ck_drop_version and ck_flip_last_byte rework the DER of a certificate.
constexpr const char* kRecipes = R"SH(
LEAF='basicConstraints=critical,CA:FALSE
keyUsage=critical,digitalSignature
extendedKeyUsage=serverAuth,clientAuth'
CA='basicConstraints=critical,CA:TRUE
keyUsage=critical,keyCertSign,cRLSign'

# ck_sign CA NAME SUBJECT EXTENSIONS [SERIAL] [KEYSPEC] [DIGEST]: valid from now for 30 days
ck_sign() {
  [ -f "$2.key" ] || ck_keygen "$2.key" "${6:-ec:P-256}"
  openssl req -new -key "$2.key" -subj "$3" -out "$2.csr" 2>/dev/null
  printf '%s\n' "$4" > "$2.ext"
  openssl x509 -req -in "$2.csr" -CA "$1.pem" -CAkey "$1.key" -set_serial "${5:-0x$(openssl rand -hex 8)}" \
    -days 30 "-${7:-sha256}" -extfile "$2.ext" -out "$2.pem" 2>/dev/null
}

# ck_byte FILE OFFSET: one byte as a decimal number
ck_byte() { echo $(( $(od -An -tu1 -j"$2" -N1 "$1") )); }
# ck_emit N...: the bytes with these decimal values
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
ck_ca . Other ec:P-256
ck_issue . Root Inter '/CN=Inter' -30 +3000 ec:P-256 '' ca
ck_issue . Inter leaf '/CN=www.example.test' -10 +300 ec:P-256 'DNS:www.example.test,IP:192.0.2.7'
ck_issue . Inter expired '/CN=old.example.test' -400 -2 ec:P-256 DNS:old.example.test
ck_issue . Inter future '/CN=new.example.test' +5 +300 ec:P-256 DNS:new.example.test
ck_issue . Root OldInter '/CN=OldInter' -400 -1 ec:P-256 '' ca
ck_issue . OldInter underold '/CN=www.example.test' -10 +300 ec:P-256 DNS:www.example.test
ck_issue . Inter cnonly '/CN=cn.example.test' -10 +300 ec:P-256

ck_sign Inter serveronly /CN=www.example.test "$LEAF
extendedKeyUsage=serverAuth
subjectAltName=DNS:www.example.test"
ck_sign Root NotCA /CN=NotCA 'keyUsage=critical,keyCertSign,cRLSign'
ck_sign NotCA undernotca /CN=www.example.test "$LEAF
subjectAltName=DNS:www.example.test"
ck_sign Root LeafAsCA /CN=LeafAsCA "$LEAF"
ck_sign LeafAsCA underleaf /CN=www.example.test "$LEAF
subjectAltName=DNS:www.example.test"
ck_sign Root PathLen0 /CN=PathLen0 "$CA
basicConstraints=critical,CA:TRUE,pathlen:0"
ck_sign PathLen0 Sub /CN=Sub "$CA"
ck_sign Sub undersub /CN=www.example.test "$LEAF
subjectAltName=DNS:www.example.test"
ck_sign Root Constrained /CN=Constrained "$CA
nameConstraints=critical,permitted;DNS:allowed.test"
ck_sign Constrained inside /CN=www.allowed.test "$LEAF
subjectAltName=DNS:www.allowed.test"
ck_sign Constrained outside /CN=www.evil.test "$LEAF
subjectAltName=DNS:www.evil.test"
ck_sign Root ClientCA /CN=ClientCA "$CA
extendedKeyUsage=clientAuth"
ck_sign ClientCA underclientca /CN=www.example.test "$LEAF
subjectAltName=DNS:www.example.test"
SAN='subjectAltName=DNS:www.example.test'
ck_sign Inter negative /CN=www.example.test "$LEAF
$SAN" -5
ck_sign Inter zero /CN=www.example.test "$LEAF
$SAN" 0
ck_sign Inter longserial /CN=www.example.test "$LEAF
$SAN" 0x0102030405060708090a0b0c0d0e0f101112131415
ck_sign Inter v3 /CN=www.example.test "$LEAF
$SAN"
ck_drop_version Inter v3 v1ext
ck_sign Inter noaki /CN=www.example.test "$LEAF
$SAN
authorityKeyIdentifier=none"
ck_sign Inter wrongaki /CN=www.example.test "$LEAF
$SAN
authorityKeyIdentifier=DER:30:16:80:14:00:01:02:03:04:05:06:07:08:09:0a:0b:0c:0d:0e:0f:10:11:12:13"
ck_sign Inter critical /CN=www.example.test "$LEAF
$SAN
1.3.6.1.4.1.55555.1=critical,DER:05:00"
ck_sign Inter agreement /CN=www.example.test "$SAN
basicConstraints=critical,CA:FALSE
keyUsage=critical,keyAgreement
extendedKeyUsage=serverAuth"
ck_sign Inter rsaencipher /CN=www.example.test "$SAN
basicConstraints=critical,CA:FALSE
keyUsage=critical,keyEncipherment
extendedKeyUsage=serverAuth,clientAuth" '' rsa:2048
ck_sign Inter noeku /CN=www.example.test "$SAN
basicConstraints=critical,CA:FALSE
keyUsage=critical,digitalSignature"
ck_sign Inter rsa1024 /CN=www.example.test "$LEAF
$SAN" '' rsa:1024
ck_sign Inter sha1 /CN=www.example.test "$LEAF
$SAN" '' ec:P-256 sha1
ck_flip_last_byte leaf badsig

cat > self.cnf <<EOF
[req]
distinguished_name = dn
x509_extensions = ext
prompt = no
[dn]
CN = self.example.test
[ext]
basicConstraints = critical,CA:FALSE
keyUsage = critical,digitalSignature
extendedKeyUsage = serverAuth
subjectAltName = DNS:self.example.test
subjectKeyIdentifier = hash
EOF
ck_keygen self.key ec:P-256
openssl req -x509 -new -key self.key -config self.cnf -days 30 -out self.pem
)SH";

struct Case {
  std::string name;
  std::string leaf;
  std::vector<std::string> untrusted;
  std::vector<std::string> anchors;
  std::optional<std::string> host;
  Purpose purpose = Purpose::server;
  std::vector<std::string> expected;  // "code@depth" in result order; empty for a valid chain
  bool openssl_agrees = true;         // false where certkeep is documented as stricter
};

const std::vector<std::string> kInter = {"Inter"};
const std::vector<std::string> kRoot = {"Root"};
const std::string kHost = "www.example.test";

// clang-format off
const std::vector<Case> kCases = {
  {"ValidChainWithIntermediate", "leaf", kInter, kRoot, kHost, Purpose::server, {}},
  {"ExpiredLeaf", "expired", kInter, kRoot, std::nullopt, Purpose::server, {"expired@0"}},
  {"ExpiredIntermediate", "underold", {"OldInter"}, kRoot, kHost, Purpose::server, {"expired@1"}},
  {"NotYetValid", "future", kInter, kRoot, std::nullopt, Purpose::server, {"not_yet_valid@0"}},
  {"MissingIntermediate", "leaf", {}, kRoot, kHost, Purpose::server, {"missing_issuer@0"}},
  {"UntrustedRoot", "leaf", {"Inter", "Root"}, {"Other"}, kHost, Purpose::server, {"untrusted_root@2"}},
  {"WrongHost", "leaf", kInter, kRoot, "other.example.test", Purpose::server, {"name_mismatch@0"}},
  {"CnOnlyRefused", "cnonly", kInter, kRoot, "cn.example.test", Purpose::server, {"cn_fallback_refused@0"}, false},
  {"IpSanMatches", "leaf", kInter, kRoot, "192.0.2.7", Purpose::server, {}},
  {"IpSanMismatch", "leaf", kInter, kRoot, "192.0.2.8", Purpose::server, {"name_mismatch@0"}},
  {"ServerOnlyEkuAsServer", "serveronly", kInter, kRoot, kHost, Purpose::server, {}},
  {"ServerOnlyEkuAsClient", "serveronly", kInter, kRoot, std::nullopt, Purpose::client, {"wrong_extended_key_usage@0"}},
  {"IntermediateWithoutCaTrue", "undernotca", {"NotCA"}, kRoot, kHost, Purpose::server, {"ca_not_marked_ca@1"}},
  {"LeafUsedAsCa", "underleaf", {"LeafAsCA"}, kRoot, kHost, Purpose::server, {"ca_not_marked_ca@1", "wrong_key_usage@1"}},
  {"PathLengthExceeded", "undersub", {"Sub", "PathLen0"}, kRoot, kHost, Purpose::server, {"path_length_exceeded@2"}},
  {"NameConstraintsPermitted", "inside", {"Constrained"}, kRoot, "www.allowed.test", Purpose::server, {}},
  {"NameConstraintsViolation", "outside", {"Constrained"}, kRoot, "www.evil.test", Purpose::server, {"name_constraints_violation@0"}},
  {"IntermediateEkuExcludesServer", "underclientca", {"ClientCA"}, kRoot, kHost, Purpose::server, {"wrong_extended_key_usage@1"}},
  {"NegativeSerial", "negative", kInter, kRoot, kHost, Purpose::server, {"serial_not_positive@0"}, false},
  {"ZeroSerial", "zero", kInter, kRoot, kHost, Purpose::server, {"serial_not_positive@0"}, false},
  {"SerialTooLong", "longserial", kInter, kRoot, kHost, Purpose::server, {"serial_too_long@0"}, false},
  {"V1WithExtensions", "v1ext", kInter, kRoot, kHost, Purpose::server, {"bad_version@0"}},
  {"MissingAki", "noaki", kInter, kRoot, kHost, Purpose::server, {"missing_aki@0"}, false},
  {"AkiSkiMismatch", "wrongaki", kInter, kRoot, kHost, Purpose::server, {"missing_issuer@0", "aki_ski_mismatch@0"}},
  {"UnknownCriticalExtension", "critical", kInter, kRoot, kHost, Purpose::server, {"unknown_critical_extension@0"}},
  {"EcServerWithoutDigitalSignature", "agreement", kInter, kRoot, kHost, Purpose::server, {"wrong_key_usage@0"}, false},
  {"RsaServerKeyEnciphermentOnly", "rsaencipher", kInter, kRoot, kHost, Purpose::server, {}},
  {"RsaClientKeyEnciphermentOnly", "rsaencipher", kInter, kRoot, std::nullopt, Purpose::client, {"wrong_key_usage@0"}},
  {"LeafWithoutEkuWarns", "noeku", kInter, kRoot, kHost, Purpose::server, {"missing_extended_key_usage@0"}},
  {"WeakKey", "rsa1024", kInter, kRoot, kHost, Purpose::server, {"weak_key@0"}},
  {"Sha1Signature", "sha1", kInter, kRoot, kHost, Purpose::server, {"weak_signature_algorithm@0"}},
  {"SelfSignedLeaf", "self", {}, kRoot, "self.example.test", Purpose::server, {"self_signed_leaf@0"}},
  {"SelfSignedLeafPinned", "self", {}, {"self"}, "self.example.test", Purpose::server, {}},
  {"BadSignature", "badsig", kInter, kRoot, kHost, Purpose::server, {"bad_signature@0"}},
};
// clang-format on

Certificate load(const std::string& path) {
  const auto bytes = test::read_bytes(path);
  auto read = read_keystore(bytes, {});
  if (!read) throw std::runtime_error(path + ": " + read.error().message);
  return read->keystore.entries.at(0).chain.at(0);
}

std::vector<Certificate> load_all(const test::TempDir& dir, const std::vector<std::string>& stems) {
  std::vector<Certificate> out;
  for (const auto& s : stems) out.push_back(load(dir / (s + ".pem")));
  return out;
}

std::vector<std::string> codes(const VerifyResult& r) {
  std::vector<std::string> out;
  for (const auto& p : r.problems) out.push_back(p.code + "@" + std::to_string(p.depth));
  return out;
}

bool is_ip(const std::string& name) { return name.find_first_not_of("0123456789.") == std::string::npos; }

// `openssl verify` with the options that correspond to certkeep's.
bool openssl_verify_accepts(const test::TempDir& dir, const Case& c, UnixTime at) {
  static constexpr const char* kPurpose[] = {"sslserver", "sslclient", "any"};
  std::string cmd = "cd '" + dir.path().string() + "' && openssl verify -x509_strict -auth_level 2 -attime " +
                    std::to_string(at) + " -purpose " + kPurpose[static_cast<int>(c.purpose)];
  if (c.host) cmd += (is_ip(*c.host) ? " -verify_ip " : " -verify_hostname ") + *c.host;
  for (const auto& a : c.anchors) cmd += " -trusted " + a + ".pem";
  for (const auto& u : c.untrusted) cmd += " -untrusted " + u + ".pem";
  return test::sh(cmd + " " + c.leaf + ".pem").exit_code == 0;
}

class VerifyGolden : public ::testing::TestWithParam<Case> {
 protected:
  static void SetUpTestSuite() {
    dir_ = std::make_unique<test::TempDir>();
    const auto r = test::sh("set -e; . '" + test::fixture_lib() + "'; cd '" + dir_->path().string() + "'\n" + kRecipes);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    at_ = system_now() + 3600;  // after every certificate made "now" became valid
  }
  static void TearDownTestSuite() { dir_.reset(); }

  static std::unique_ptr<test::TempDir> dir_;
  static UnixTime at_;
};
std::unique_ptr<test::TempDir> VerifyGolden::dir_;
UnixTime VerifyGolden::at_ = 0;

TEST_P(VerifyGolden, ReportsExactlyTheExpectedProblems) {
  const auto& c = GetParam();
  VerifyOptions options(at_);
  options.name = c.host;
  options.purpose = c.purpose;
  const auto result = verify_chain(load(*dir_ / (c.leaf + ".pem")), load_all(*dir_, c.untrusted),
                                   load_all(*dir_, c.anchors), options);
  ASSERT_TRUE(result) << result.error().message;
  EXPECT_EQ(codes(*result), c.expected);
  for (const auto& p : result->problems) EXPECT_FALSE(p.message.empty()) << p.code;
  const bool only_warnings = result->valid();
  EXPECT_EQ(only_warnings, c.expected.empty() || c.expected == std::vector<std::string>{"missing_extended_key_usage@0"});
  if (c.openssl_agrees)
    EXPECT_EQ(openssl_verify_accepts(*dir_, c, at_), result->valid()) << "openssl verify -x509_strict disagrees";
  else
    EXPECT_TRUE(openssl_verify_accepts(*dir_, c, at_)) << "documented as stricter than openssl, but openssl refuses too";
}

INSTANTIATE_TEST_SUITE_P(Cases, VerifyGolden, ::testing::ValuesIn(kCases),
                         [](const ::testing::TestParamInfo<Case>& info) { return info.param.name; });

}  // namespace
}  // namespace certkeep
