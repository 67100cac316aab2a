// PKCS#12 stores certkeep writes, opened by the tools admins use: `openssl pkcs12 -info`, `keytool -list
// -v` and NSS `pk12util -l` must list the entries, aliases, chains and fingerprints certkeep wrote. And
// stores those tools wrote, read by certkeep and written back with their own protection
// (Keystore::write_protection): the tool still lists the same entries, and `openssl pkcs12 -info` the
// same algorithms.
#include <algorithm>
#include <set>
#include <sstream>

#include <gtest/gtest.h>

#include "core/keystore/reader.h"
#include "core/keystore/writer.h"
#include "support/keytool.h"
#include "support/pkcs12_tools.h"
#include "support/tools.h"

namespace certkeep {
namespace {

using test::sh;

const std::string kUtf8Password = "p\xC3\xA4ssw\xC3\xB6rd";

enum class Tool { openssl, openssl_legacy, keytool, nss };

std::string shell_quoted(const std::string& s) {
  std::string out = "'";
  for (const char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

std::vector<std::string> sorted(std::vector<std::string> v) {
  std::ranges::sort(v);
  return v;
}

class Pkcs12WriteInterop : public ::testing::Test {
 public:
  static void SetUpTestSuite() {
    dir_ = new test::TempDir();
    const std::string x = "openssl pkcs12 -export -in leaf.pem -inkey leaf.key -certfile cas.pem -name 'web server' -passout pass:storepw1 ";
    const auto r = run("set -e; . '" + test::fixture_lib() + "'\n"
                       "ck_ca . RootCA\n"
                       "ck_issue . RootCA inter '/CN=Intermediate CA' -10 +300 rsa:2048 '' ca\n"
                       "ck_issue . inter leaf '/CN=leaf.example.com' -10 +100 ec:P-256\n"
                       "ck_issue . RootCA rsa '/CN=rsa.example.com' -10 +100 rsa:2048\n"
                       "ck_ca . Other ec:P-384\n"
                       "cat inter.pem RootCA.pem > cas.pem\n" +
                       x + "-out openssl.p12\n" + x + "-legacy -out openssl-legacy.p12\n");
    ASSERT_EQ(r.exit_code, 0) << r.err;
  }
  static void TearDownTestSuite() { delete dir_; }

  static test::RunResult run(const std::string& script) { return sh("cd '" + dir_->path().string() + "' && " + script); }
  static std::string path(const std::string& name) { return *dir_ / name; }

  static ReadResult library(const std::string& name, const std::string& password) {
    auto r = read_keystore(test::read_bytes(path(name)), std::vector<PasswordCandidate>{{Secret(password), false}});
    EXPECT_TRUE(r) << name << ": " << r.error().message;
    return r ? *r : ReadResult{};
  }

  static void write(const Keystore& ks, const std::string& name, const std::string& password, const StoreProtection& p) {
    auto bytes = write_keystore(ks, Format::pkcs12, WriteOptions{Secret(password), {}, p, 0});
    ASSERT_TRUE(bytes) << name << ": " << bytes.error().message;
    test::write_bytes(path(name), *bytes);
  }

  // `openssl pkcs12 -info -nodes`: every certificate bag (friendlyName, fingerprint) and the number of
  // private keys, sorted.
  static std::vector<std::string> openssl_listing(const std::string& name, const std::string& password, bool legacy) {
    const auto r = run("openssl pkcs12 -info -nodes -in " + name + " -passin " + shell_quoted("pass:" + password) +
                       (legacy ? " -legacy" : ""));
    EXPECT_EQ(r.exit_code, 0) << name << ": " << r.err;
    std::vector<std::string> out;
    for (const auto& l : test::listed_as_pem(r.out, "friendlyName: ", *dir_)) out.push_back("cert '" + l.friendly + "' " + l.sha256);
    std::size_t keys = 0;
    for (std::size_t at = 0; (at = r.out.find("-----BEGIN PRIVATE KEY-----", at)) != std::string::npos; ++at) ++keys;
    out.push_back("private keys: " + std::to_string(keys));
    return sorted(out);
  }

  // `openssl pkcs12 -info -noout`: the distinct protection lines (MAC, encrypted safes, shrouded keys).
  static std::set<std::string> openssl_algorithms(const std::string& name, const std::string& password, bool legacy) {
    const auto r = run("openssl pkcs12 -info -noout -in " + name + " -passin " + shell_quoted("pass:" + password) +
                       (legacy ? " -legacy" : ""));
    EXPECT_EQ(r.exit_code, 0) << name << ": " << r.err;
    std::set<std::string> out;
    std::istringstream in(r.out + r.err);
    // openssl prints a secret bag's value without a newline: the next safe's line follows on the same one.
    for (std::string line; std::getline(in, line);) {
      for (const char* what : {"MAC:", "PKCS7 Encrypted data:", "Shrouded Keybag:", "PKCS7 Data"}) {
        if (const auto at = line.find(what); at != std::string::npos) out.insert(line.substr(at));
      }
    }
    return out;
  }

  // `keytool -list -v`: alias, entry type, chain length and fingerprints of every entry.
  static std::vector<std::string> keytool_listing(const std::string& name, const std::string& password) {
    const auto r = test::keytool_list(*dir_, "PKCS12", name, password);
    EXPECT_EQ(r.exit_code, 0) << name << ": " << r.out << r.err;
    std::vector<std::string> out;
    for (const auto& [alias, seen] : test::parse_keytool(r.out)) {
      std::ostringstream s;
      s << "'" << alias << "' " << seen;
      out.push_back(s.str());
    }
    return out;
  }

  // `pk12util -l`: every certificate (fingerprint, whether NSS pairs it with a key), sorted.
  static std::vector<std::string> nss_listing(const std::string& name, const std::string& password) {
    const auto r = run("pk12util -l " + name + " -W " + shell_quoted(password));
    EXPECT_EQ(r.exit_code, 0) << name << ": " << r.out << r.err;
    std::vector<std::string> out;
    for (const auto& l : test::listed_by_pk12util(r.out)) out.push_back(l.sha256 + (l.has_key ? " with key" : ""));
    return sorted(out);
  }

  static std::vector<std::string> tool_listing(Tool tool, const std::string& name, const std::string& password) {
    switch (tool) {
      case Tool::openssl: return openssl_listing(name, password, false);
      case Tool::openssl_legacy: return openssl_listing(name, password, true);
      case Tool::keytool: return keytool_listing(name, password);
      case Tool::nss: return nss_listing(name, password);
    }
    return {};
  }

 protected:
  static test::TempDir* dir_;
};
test::TempDir* Pkcs12WriteInterop::dir_ = nullptr;

std::string fp(const Certificate& c) { return c.details().fingerprints.sha256; }

// Two key entries sharing a root, that root as a trusted certificate, and another trusted CA.
Keystore sample_store() {
  const auto one = [](const std::string& file) {
    auto r = read_keystore(test::read_bytes(Pkcs12WriteInterop::path(file)), {});
    EXPECT_TRUE(r && r->keystore.entries.size() == 1) << file;
    return r ? r->keystore.entries.front() : Entry{};
  };
  const auto key_entry = [&](const std::string& alias, const std::string& key, const std::vector<std::string>& chain) {
    Entry e;
    e.kind = EntryKind::key;
    e.alias = alias;
    e.key = one(key).key;
    for (const auto& c : chain) e.chain.push_back(one(c).chain.front());
    return e;
  };
  const auto trusted = [&](const std::string& alias, const std::string& file) {
    Entry e = one(file);
    e.kind = EntryKind::trusted_certificate;
    e.alias = alias;
    return e;
  };
  Keystore ks;
  ks.format = Format::pkcs12;
  ks.entries = {key_entry("web server", "leaf.key", {"leaf.pem", "inter.pem", "RootCA.pem"}),
                key_entry("rsa", "rsa.key", {"rsa.pem", "RootCA.pem"}), trusted("root", "RootCA.pem"),
                trusted("other", "Other.pem")};
  return ks;
}

const StoreProtection kLegacy{Encryption{NID_pbe_WithSHA1And3_Key_TripleDES_CBC, 0, 0, 2048},
                              Encryption{NID_pbe_WithSHA1And40BitRC2_CBC, 0, 0, 2048}, Mac{NID_sha1, 2048}};

struct WriteCase {
  std::string file;
  std::string password;
  StoreProtection protection;
  bool legacy;
  std::set<std::string> algorithms;  // as `openssl pkcs12 -info -noout` prints them
};

TEST_F(Pkcs12WriteInterop, CertkeepStoresOpenInOpensslKeytoolAndNss) {
  const std::string pbes2 = "PBES2, PBKDF2, AES-256-CBC, Iteration 10000, PRF hmacWithSHA256";
  const std::set<std::string> modern{"MAC: sha256, Iteration 10000", "PKCS7 Encrypted data: " + pbes2, "PKCS7 Data",
                                     "Shrouded Keybag: " + pbes2};
  const std::vector<WriteCase> cases = {
      {"ck-default.p12", "storepw1", default_protection(), false, modern},
      {"ck-legacy.p12", "storepw1", kLegacy, true,
       {"MAC: sha1, Iteration 2048", "PKCS7 Encrypted data: pbeWithSHA1And40BitRC2-CBC, Iteration 2048", "PKCS7 Data",
        "Shrouded Keybag: pbeWithSHA1And3-KeyTripleDES-CBC, Iteration 2048"}},
      {"ck-empty.p12", "", default_protection(), false, modern},
      {"ck-utf8.p12", kUtf8Password, default_protection(), false, modern}};
  const Keystore ks = sample_store();
  const auto& web = ks.entries[0].chain;
  const auto& rsa = ks.entries[1].chain;
  const auto& other = ks.entries[3].chain;
  const auto openssl_expected = sorted({"cert 'web server' " + fp(web[0]), "cert '' " + fp(web[1]), "cert '' " + fp(web[2]),
                                        "cert 'rsa' " + fp(rsa[0]), "cert 'root' " + fp(web[2]), "cert 'other' " + fp(other[0]),
                                        "private keys: 2"});
  const auto nss_expected = sorted({fp(web[0]) + " with key", fp(web[1]), fp(web[2]), fp(rsa[0]) + " with key", fp(web[2]),
                                    fp(other[0])});
  std::vector<std::string> keytool_expected;
  for (const auto& [alias, seen] : test::listing_of(ks)) {
    std::ostringstream s;
    s << "'" << alias << "' " << seen;
    keytool_expected.push_back(s.str());
  }
  for (const auto& c : cases) {
    SCOPED_TRACE(c.file);
    write(ks, c.file, c.password, c.protection);
    EXPECT_EQ(openssl_listing(c.file, c.password, c.legacy), openssl_expected);
    EXPECT_EQ(openssl_algorithms(c.file, c.password, c.legacy), c.algorithms);
    // keytool cannot open PBES2 stores with a non-ASCII password ("Password is not ASCII"), whoever wrote them.
    if (c.password != kUtf8Password) EXPECT_EQ(keytool_listing(c.file, c.password), keytool_expected);
    EXPECT_EQ(nss_listing(c.file, c.password), nss_expected);
  }
}

struct ToolCase {
  std::string file;
  Tool tool;
  StoreProtection expected;  // what certkeep records as the store's protection
};

// Reads `c.file` (password storepw1), writes it back with its own protection as `<file>.ck.p12`, and
// compares what the tool that made it and `openssl pkcs12 -info` list before and after.
void rewrite_and_compare(const ToolCase& c) {
  SCOPED_TRACE(c.file);
  const std::string pw = "storepw1";
  const bool legacy = is_legacy(c.expected);
  const std::string out = c.file + ".ck.p12";
  const auto before = Pkcs12WriteInterop::tool_listing(c.tool, c.file, pw);
  ASSERT_FALSE(before.empty());
  const auto r = Pkcs12WriteInterop::library(c.file, pw);
  ASSERT_TRUE(r.keystore.write_protection);
  EXPECT_EQ(*r.keystore.write_protection, c.expected);
  Pkcs12WriteInterop::write(r.keystore, out, pw, *r.keystore.write_protection);
  EXPECT_EQ(Pkcs12WriteInterop::tool_listing(c.tool, out, pw), before);
  EXPECT_EQ(Pkcs12WriteInterop::openssl_algorithms(out, pw, legacy), Pkcs12WriteInterop::openssl_algorithms(c.file, pw, legacy));
  const auto again = Pkcs12WriteInterop::library(out, pw);
  EXPECT_EQ(again.keystore.protection, r.keystore.protection);
  EXPECT_EQ(again.keystore.entries.size(), r.keystore.entries.size());
}

Encryption pbes2(int cipher, std::uint32_t iterations) { return {NID_pbes2, cipher, NID_hmacWithSHA256, iterations}; }

TEST_F(Pkcs12WriteInterop, OpensslStoresRewritten) {
  rewrite_and_compare({"openssl.p12", Tool::openssl,
                       {pbes2(NID_aes_256_cbc, 2048), pbes2(NID_aes_256_cbc, 2048), Mac{NID_sha256, 2048}}});
  rewrite_and_compare({"openssl-legacy.p12", Tool::openssl_legacy, kLegacy});
}

TEST_F(Pkcs12WriteInterop, KeytoolStoreRewritten) {
  const auto made = test::keytool_script(*dir_, "PKCS12", "keytool.p12",
                                         "rm -f keytool.p12\n"
                                         "$KT -genkeypair -alias kt -keyalg RSA -keysize 2048 -dname CN=kt.example -validity 30\n"
                                         "$KT -importcert -noprompt -alias root -file RootCA.pem\n"
                                         "$KT -genseckey -alias aes -keyalg AES -keysize 128\n",
                                         "storepw1");
  ASSERT_EQ(made.exit_code, 0) << made.err;
  rewrite_and_compare({"keytool.p12", Tool::keytool,
                       {pbes2(NID_aes_256_cbc, 10000), pbes2(NID_aes_256_cbc, 10000), Mac{NID_sha256, 10000}}});
  // keytool's secret key survives the rewrite bit for bit.
  const auto secret = [](const ReadResult& r) {
    const auto it = std::ranges::find(r.keystore.entries, EntryKind::secret_key, &Entry::kind);
    return it == r.keystore.entries.end() ? std::vector<std::uint8_t>{} : it->opaque;
  };
  const auto before = secret(library("keytool.p12", "storepw1"));
  EXPECT_FALSE(before.empty());
  EXPECT_EQ(secret(library("keytool.p12.ck.p12", "storepw1")), before);
}

TEST_F(Pkcs12WriteInterop, NssStoreRewritten) {
  const auto made = run("rm -rf nssdb nss.p12 && mkdir nssdb && certutil -N -d sql:nssdb --empty-password && "
                        "pk12util -i openssl.p12 -d sql:nssdb -W storepw1 && "
                        "pk12util -o nss.p12 -n 'web server' -d sql:nssdb -W storepw1");
  ASSERT_EQ(made.exit_code, 0) << made.out << made.err;
  rewrite_and_compare({"nss.p12", Tool::nss,
                       {pbes2(NID_aes_256_cbc, 600000), pbes2(NID_aes_128_cbc, 600000), Mac{NID_sha256, 600000}}});
}

}  // namespace
}  // namespace certkeep
