// PKCS#12 stores written by the tools admins use: keytool (Java 17), openssl, GnuTLS certtool and NSS
// pk12util, made at test time. For each, the library (read_keystore) and the binary (`certkeep inspect
// --json`) must show the entries, aliases, chains and SHA-256 fingerprints that the owning tool itself
// lists for the same file.
#include <algorithm>
#include <map>
#include <sstream>

#include <nlohmann/json.hpp>

#include <gtest/gtest.h>

#include "core/keystore/formats.h"
#include "core/keystore/reader.h"
#include "support/pkcs12_tools.h"
#include "support/tools.h"

namespace certkeep {
namespace {

using test::Listed;
using test::listed_as_pem;
using test::listed_by_pk12util;
using test::sh;
using test::trim;

// One entry as a user sees it: what kind, under which alias, with which certificates.
struct Seen {
  std::string kind;
  std::string alias;
  std::vector<std::string> chain;  // SHA-256 fingerprints, leaf first
  auto operator<=>(const Seen&) const = default;
};

std::ostream& operator<<(std::ostream& os, const Seen& s) {
  os << s.kind << " '" << s.alias << "' [";
  for (const auto& c : s.chain) os << c.substr(0, 11) << "… ";
  return os << "]";
}

std::vector<Seen> sorted(std::vector<Seen> v) {
  std::ranges::sort(v);
  return v;
}

std::vector<Seen> seen_by_library(const ReadResult& r) {
  std::vector<Seen> out;
  for (const auto& e : r.keystore.entries) {
    Seen s{std::string(to_string(e.kind)), e.alias, {}};
    for (const auto& c : e.chain) s.chain.push_back(c.details().fingerprints.sha256);
    out.push_back(std::move(s));
  }
  return sorted(out);
}

std::vector<Seen> seen_by_cli(const nlohmann::json& file) {
  std::vector<Seen> out;
  if (!file.contains("entries")) return out;
  for (const auto& e : file["entries"]) {
    Seen s{e["kind"], e["alias"], {}};
    for (const auto& c : e["chain"]) s.chain.push_back(c["fingerprints"]["sha256"]);
    out.push_back(std::move(s));
  }
  return sorted(out);
}

// `keytool -list -v`: "Alias name:", "Entry type:", then each certificate's "SHA256:" line.
std::vector<Seen> seen_by_keytool(const std::string& text) {
  std::vector<Seen> out;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    const std::string t = trim(line);
    if (t.starts_with("Alias name: ")) out.push_back({"", t.substr(12), {}});
    else if (t == "Entry type: PrivateKeyEntry") out.back().kind = "key";
    else if (t == "Entry type: trustedCertEntry") out.back().kind = "trusted_certificate";
    else if (t == "Entry type: SecretKeyEntry") out.back().kind = "secret_key";
    else if (t.starts_with("SHA256: ") && !out.empty()) out.back().chain.push_back(t.substr(8));
  }
  return sorted(out);
}

// The entry a one-key store should be: the listed certificates, the one with the key first.
Seen one_key_entry(const std::vector<Listed>& leaf_first) {
  Seen s{"key", leaf_first.front().friendly, {}};
  for (const auto& l : leaf_first) s.chain.push_back(l.sha256);
  return s;
}

std::vector<PasswordCandidate> only(const std::string& pw) { return {{Secret(pw), false}}; }

class Pkcs12Interop : public ::testing::Test {
 public:
  static void SetUpTestSuite() {
    dir_ = new test::TempDir();
    const auto r = run("set -e; . '" + test::fixture_lib() + "'\n"
                       "ck_ca . RootCA\n"
                       "ck_issue . RootCA inter '/CN=Intermediate CA' -10 +300 rsa:2048 '' ca\n"
                       "ck_issue . inter leaf '/CN=leaf.example.com' -10 +100 ec:P-256\n"
                       "cat leaf.pem inter.pem RootCA.pem > chain.pem; cat inter.pem RootCA.pem > cas.pem\n"
                       "printf 'storepw1\\n' > store.pw; printf 'wrong\\n' > wrong.pw\n"
                       "openssl pkcs12 -export -in leaf.pem -inkey leaf.key -certfile cas.pem -name 'web server' "
                       "-passout pass:storepw1 -out openssl.p12\n");
    ASSERT_EQ(r.exit_code, 0) << r.err;
  }
  static void TearDownTestSuite() { delete dir_; }

  static test::RunResult run(const std::string& script) { return sh("cd '" + dir_->path().string() + "' && " + script); }
  static std::string path(const std::string& name) { return *dir_ / name; }
  static const test::TempDir& dir() { return *dir_; }

  static ReadResult library(const std::string& name, const std::vector<PasswordCandidate>& pws) {
    auto r = read_keystore(test::read_bytes(path(name)), pws);
    EXPECT_TRUE(r) << name << ": " << r.error().message;
    return r ? *r : ReadResult{};
  }

  // `certkeep inspect --json` on one file; `password_file` empty means none given. Judged in 2030, when
  // every leaf here has expired: exit status 2 when the store was read.
  static nlohmann::json cli(const std::string& name, const std::string& password_file, int expected_exit = 2) {
    const std::string pw = password_file.empty() ? "" : "--password-file '" + path(password_file) + "' ";
    const auto r = test::certkeep("inspect --json --at 2030-01-01 " + pw + "'" + path(name) + "'");
    EXPECT_EQ(r.exit_code, expected_exit) << name << ": " << r.err;
    const auto doc = nlohmann::json::parse(r.out, nullptr, false);
    if (doc.is_discarded() || !doc.contains("files") || doc["files"].empty()) return nlohmann::json::object();
    return doc["files"][0];
  }

  // The store pk12util exports after importing openssl.p12, and the entry `pk12util -l` lists for it.
  static std::vector<Seen> nss_export_listing() {
    const auto made = run("test -f nss.p12 || { mkdir -p nssdb && certutil -N -d sql:nssdb --empty-password && "
                          "pk12util -i openssl.p12 -d sql:nssdb -W storepw1 && "
                          "pk12util -o nss.p12 -n 'web server' -d sql:nssdb -W storepw1; }");
    EXPECT_EQ(made.exit_code, 0) << made.out << made.err;
    const auto info = run("pk12util -l nss.p12 -W storepw1");
    EXPECT_EQ(info.exit_code, 0) << info.err;
    const auto listed = listed_by_pk12util(info.out);
    if (listed.size() != 3 || !listed.back().has_key) {
      ADD_FAILURE() << "pk12util should list the two CA certificates, then the one with the key:\n" << info.out;
      return {};
    }
    std::vector<Listed> leaf_first{listed.back()};  // then the CA certificates in the order pk12util lists them
    leaf_first.insert(leaf_first.end(), listed.begin(), listed.end() - 1);
    return {one_key_entry(leaf_first)};
  }

 protected:
  static test::TempDir* dir_;
};
test::TempDir* Pkcs12Interop::dir_ = nullptr;

TEST_F(Pkcs12Interop, KeytoolKeyTrustedAndSecretEntries) {
  const std::string kt = "keytool -storetype PKCS12 -keystore keytool.p12 -storepass storepw1 ";
  const auto made = run("rm -f keytool.p12 && "
                        "keytool -importkeystore -srckeystore openssl.p12 -srcstoretype PKCS12 -srcstorepass storepw1 "
                        "-destkeystore keytool.p12 -deststoretype PKCS12 -deststorepass storepw1 && " +
                        kt + "-genkeypair -alias rsa -keyalg RSA -keysize 2048 -dname CN=rsa -validity 30 && " +
                        kt + "-genkeypair -alias p256 -keyalg EC -groupname secp256r1 -dname CN=p256 -validity 30 && " +
                        kt + "-genkeypair -alias p384 -keyalg EC -groupname secp384r1 -dname CN=p384 -validity 30 && " +
                        kt + "-genkeypair -alias ed -keyalg Ed25519 -dname CN=ed -validity 30 && " +
                        kt + "-importcert -noprompt -alias root -file RootCA.pem && " +
                        kt + "-importcert -noprompt -alias inter -file inter.pem && " +
                        kt + "-genseckey -alias aes -keyalg AES -keysize 128");
  ASSERT_EQ(made.exit_code, 0) << made.err;
  const auto listing = run(kt + "-list -v");
  ASSERT_EQ(listing.exit_code, 0) << listing.err;
  const auto expected = seen_by_keytool(listing.out);
  ASSERT_EQ(expected.size(), 8U) << listing.out;

  const auto r = library("keytool.p12", only("storepw1"));
  EXPECT_EQ(seen_by_library(r), expected);
  EXPECT_EQ(seen_by_cli(cli("keytool.p12", "store.pw")), expected);
  const std::string pbes2 = "PBES2 PBKDF2-HMAC-SHA256 AES-256-CBC (10000 iterations)";
  EXPECT_EQ(r.keystore.protection, "keys " + pbes2 + ", certificates " + pbes2 + ", MAC HMAC-SHA256 (10000 iterations)");
  std::map<std::string, std::string> keys;
  for (const auto& e : r.keystore.entries) {
    if (e.kind != EntryKind::key) continue;
    EXPECT_EQ(e.key_matches, true) << e.alias;
    ASSERT_TRUE(e.key) << e.alias;
    keys[e.alias] = e.key->info().algorithm + e.key->info().curve.value_or("") + std::to_string(e.key->info().bits);
  }
  EXPECT_EQ(keys, (std::map<std::string, std::string>{
                      {"web server", "ECP-256256"}, {"rsa", "RSA2048"}, {"p256", "ECP-256256"}, {"p384", "ECP-384384"}, {"ed", "Ed25519256"}}));

  auto wrong = read_keystore(test::read_bytes(path("keytool.p12")), only("wrong"));
  ASSERT_FALSE(wrong);
  EXPECT_EQ(wrong.error().code, ErrorCode::bad_password);
  EXPECT_EQ(cli("keytool.p12", "wrong.pw", 3)["error"]["code"], "bad_password");
}

TEST_F(Pkcs12Interop, OpensslExportsInEveryProtection) {
  const std::string x = "openssl pkcs12 -export -in leaf.pem -inkey leaf.key -certfile cas.pem -name os -passout pass:storepw1 ";
  struct Case {
    std::string file, options, listing_options;
    bool mac;
  };
  const std::vector<Case> cases = {{"os-default.p12", "", "", true},
                                   {"os-legacy.p12", "-legacy", "-legacy", true},
                                   {"os-sha1.p12", "-macalg sha1", "", true},
                                   {"os-nomac.p12", "-nomac", "", false},
                                   {"os-plain.p12", "-keypbe NONE -certpbe NONE", "", true}};
  for (const auto& c : cases) {
    ASSERT_EQ(run(x + c.options + " -out " + c.file).exit_code, 0) << c.file;
    const auto info = run("openssl pkcs12 -in " + c.file + " -info -nokeys -passin pass:storepw1 " + c.listing_options);
    ASSERT_EQ(info.exit_code, 0) << info.err;
    const std::vector<Seen> expected{one_key_entry(listed_as_pem(info.out, "friendlyName: ", *dir_))};
    ASSERT_EQ(expected[0].chain.size(), 3U) << c.file;
    const auto r = library(c.file, only("storepw1"));
    EXPECT_EQ(seen_by_library(r), expected) << c.file;
    const auto json = cli(c.file, "store.pw");
    EXPECT_EQ(seen_by_cli(json), expected) << c.file;
    EXPECT_EQ(json["integrity_verified"], c.mac) << c.file;
    EXPECT_EQ(json["protection"], r.keystore.protection) << c.file;
    EXPECT_EQ(json["password"], "supplied") << c.file;
  }
  const auto wrong = test::certkeep("inspect --password-file '" + path("wrong.pw") + "' '" + path("os-default.p12") + "'");
  EXPECT_EQ(wrong.exit_code, 3);
  EXPECT_NE(wrong.err.find("wrong password or corrupt MAC"), std::string::npos) << wrong.err;
}

TEST_F(Pkcs12Interop, LegacyStoreWithoutTheLegacyProviderIsUnsupported) {
  ASSERT_EQ(run("openssl pkcs12 -export -legacy -in leaf.pem -inkey leaf.key -passout pass:storepw1 -out rc2.p12").exit_code, 0);
  const auto r = sh("OPENSSL_MODULES=/nonexistent '" + std::string(CERTKEEP_BINARY) + "' inspect --json --password-file '" +
                    path("store.pw") + "' '" + path("rc2.p12") + "'");
  EXPECT_EQ(r.exit_code, 3) << r.err;
  const auto file = nlohmann::json::parse(r.out)["files"][0];
  EXPECT_EQ(file["error"]["code"], "unsupported");
  EXPECT_NE(file["error"]["message"].get<std::string>().find("pbeWithSHA1And40BitRC2-CBC"), std::string::npos) << r.out;
}

// certtool --to-p12 with `password_option` (PBES2 AES-128 and 600000 iterations unless told otherwise),
// read as `certtool --p12-info` lists it. Sets `protection` to what certkeep says protects it.
void check_certtool_store(const std::string& file, const std::string& password_option, const std::string& cipher_option = "",
                          std::string* protection = nullptr) {
  const auto made = Pkcs12Interop::run("certtool --to-p12 --load-privkey leaf.key --load-certificate chain.pem --p12-name gnuleaf "
                                       "--outder --outfile " + file + " " + password_option + " " + cipher_option);
  ASSERT_EQ(made.exit_code, 0) << made.err;
  const auto info = Pkcs12Interop::run("certtool --p12-info --inder --infile " + file + " " + password_option);
  ASSERT_EQ(info.exit_code, 0) << info.err;
  const std::vector<Seen> expected{one_key_entry(listed_as_pem(info.out, "Friendly name: ", Pkcs12Interop::dir()))};
  ASSERT_EQ(expected[0].chain.size(), 3U) << file;
  ASSERT_EQ(expected[0].alias, "gnuleaf");
  const bool supplied = password_option.starts_with("--password");
  const auto r = Pkcs12Interop::library(file, supplied ? only("storepw1") : password_candidates(std::nullopt));
  EXPECT_EQ(seen_by_library(r), expected) << file;
  EXPECT_EQ(r.keystore.integrity_verified, true) << file;
  if (protection != nullptr) *protection = r.keystore.protection;
  const auto json = Pkcs12Interop::cli(file, supplied ? "store.pw" : "");
  EXPECT_EQ(seen_by_cli(json), expected) << file;
  EXPECT_EQ(json["password"], supplied ? "supplied" : "well_known_default") << file;
}

TEST_F(Pkcs12Interop, GnutlsCerttoolWithPassword) { check_certtool_store("gnutls.p12", "--password storepw1"); }

TEST_F(Pkcs12Interop, GnutlsCerttoolLegacyTripleDes) {
  std::string protection;
  check_certtool_store("gnutls-3des.p12", "--password storepw1", "--pkcs-cipher 3des-pkcs12", &protection);
  EXPECT_EQ(protection, "legacy: keys pbeWithSHA1And3-KeyTripleDES-CBC (600000 iterations), certificates "
                        "pbeWithSHA1And3-KeyTripleDES-CBC (600000 iterations), MAC HMAC-SHA256 (600000 iterations)");
}

// The empty password as a zero-length BMPString ("" in OpenSSL) and as no password at all (NULL).
TEST_F(Pkcs12Interop, GnutlsCerttoolEmptyPassword) { check_certtool_store("gnutls-empty.p12", "--empty-password"); }
TEST_F(Pkcs12Interop, GnutlsCerttoolNullPassword) { check_certtool_store("gnutls-null.p12", "--null-password"); }

TEST_F(Pkcs12Interop, NssPk12utilExport) {
  const auto expected = nss_export_listing();
  ASSERT_EQ(expected.size(), 1U);
  EXPECT_EQ(expected[0].alias, "web server");
  // NSS writes BER (indefinite lengths), which the PKCS#12 reader takes.
  auto r = formats::read_pkcs12(test::read_bytes(path("nss.p12")), only("storepw1"));
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(seen_by_library(*r), expected);
  EXPECT_EQ(r->keystore.integrity_verified, true);
  const std::string pbes2 = "PBKDF2-HMAC-SHA256 AES-128-CBC (600000 iterations)";
  EXPECT_EQ(r->keystore.protection, "keys PBES2 PBKDF2-HMAC-SHA256 AES-256-CBC (600000 iterations), certificates PBES2 " +
                                        pbes2 + ", MAC HMAC-SHA256 (600000 iterations)");
}

TEST_F(Pkcs12Interop, NssPk12utilExportThroughFormatDetection) {
  const auto expected = nss_export_listing();
  ASSERT_EQ(expected.size(), 1U);
  ASSERT_EQ(detect_format(test::read_bytes(path("nss.p12"))), Format::pkcs12)
      << "BER with indefinite lengths must be detected as PKCS#12 (der::looks_like_der, formats::is_pkcs12_der)";
  EXPECT_EQ(seen_by_library(library("nss.p12", only("storepw1"))), expected);
  EXPECT_EQ(seen_by_cli(cli("nss.p12", "store.pw")), expected);
}

TEST_F(Pkcs12Interop, TruncatedStoresFromEveryToolNeverCrashTheBinary) {
  ASSERT_EQ(run("mkdir -p cut && certtool --to-p12 --load-privkey leaf.key --load-certificate leaf.pem --p12-name g "
                "--password storepw1 --outder --outfile cut-src-gnutls.p12").exit_code, 0);
  std::size_t files = 0;
  for (const char* name : {"openssl.p12", "cut-src-gnutls.p12"}) {
    const auto full = test::read_bytes(path(name));
    for (std::size_t n = 1; n < full.size(); n += 97, ++files)
      test::write_bytes(path("cut/" + std::to_string(files) + "-" + name),
                        std::vector<std::uint8_t>(full.begin(), full.begin() + static_cast<std::ptrdiff_t>(n)));
  }
  const auto r = test::certkeep("inspect --json --password-file '" + path("store.pw") + "' '" + path("cut") + "'");
  ASSERT_EQ(r.exit_code, 3) << r.err;
  const auto doc = nlohmann::json::parse(r.out);
  ASSERT_EQ(doc["files"].size(), files);
  for (const auto& f : doc["files"]) {
    const std::string code = f["error"]["code"];
    EXPECT_TRUE(code == "malformed" || code == "bad_password") << f.dump();
  }
}

}  // namespace
}  // namespace certkeep
