// Driving the JDK's keytool on JKS and JCEKS stores, and comparing what it lists with what certkeep
// reads: aliases, entry types, chain lengths and SHA-256 fingerprints. Also the openssl-made keys and
// certificates that tests of certkeep's JKS and JCEKS writer put into stores.
#pragma once

#include <map>
#include <ostream>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include <gtest/gtest.h>

#include "core/keystore/keystore.h"
#include "core/keystore/reader.h"
#include "support/tools.h"

namespace certkeep::test {

// What keytool and certkeep say about one entry.
struct Seen {
  std::string type;                 // keytool's words: PrivateKeyEntry, trustedCertEntry, SecretKeyEntry
  std::size_t chain_length = 0;
  std::vector<std::string> sha256;  // leaf first
  bool operator==(const Seen&) const = default;
};
using Listing = std::map<std::string, Seen>;  // by alias

inline std::ostream& operator<<(std::ostream& os, const Seen& s) {
  os << s.type << " chain " << s.chain_length << " [";
  for (const auto& f : s.sha256) os << f << " ";
  return os << "]";
}

inline std::string keytool_type(std::string_view kind) {
  if (kind == "key") return "PrivateKeyEntry";
  if (kind == "trusted_certificate") return "trustedCertEntry";
  if (kind == "secret_key") return "SecretKeyEntry";
  return "unexpected " + std::string(kind);
}

// Parses `keytool -list -v` (C locale).
inline Listing parse_keytool(const std::string& out) {
  const auto after = [](const std::string& line, const std::string& prefix) {
    const auto at = line.find(prefix);
    return at == std::string::npos ? std::string() : line.substr(at + prefix.size());
  };
  Listing listing;
  Seen* current = nullptr;
  std::istringstream in(out);
  for (std::string line; std::getline(in, line);) {
    if (line.rfind("Alias name: ", 0) == 0) {
      current = &listing[after(line, "Alias name: ")];
    } else if (current == nullptr) {
      continue;
    } else if (line.rfind("Entry type: ", 0) == 0) {
      current->type = after(line, "Entry type: ");
    } else if (line.rfind("Certificate chain length: ", 0) == 0) {
      current->chain_length = std::stoul(after(line, "Certificate chain length: "));
    } else if (line.find("SHA256: ") != std::string::npos) {
      current->sha256.push_back(after(line, "SHA256: "));
      if (current->type == "trustedCertEntry") current->chain_length = 1;
    }
  }
  return listing;
}

inline Listing listing_of(const Keystore& ks) {
  Listing listing;
  for (const auto& e : ks.entries) {
    Seen s{keytool_type(to_string(e.kind)), e.chain.size(), {}};
    for (const auto& c : e.chain) s.sha256.push_back(c.details().fingerprints.sha256);
    listing[e.alias] = s;
  }
  return listing;
}

// Runs `script` in `dir` with tests/data/lib.sh loaded and $KT set to keytool on `store` of `type`
// (JKS, JCEKS, PKCS12) with store password `password` (also in $CK_STORE_PW).
inline RunResult keytool_script(const TempDir& dir, const std::string& type, const std::string& store,
                                const std::string& script, const std::string& password) {
  return sh("set -e; . '" + fixture_lib() + "'; cd '" + dir.path().string() + "'\n"
            "export LC_ALL=C.UTF-8 TZ=UTC CK_STORE_PW='" + password + "'\n"
            "KT=\"keytool -storetype " + type + " -keystore " + store + " -storepass:env CK_STORE_PW\"\n" + script);
}

// `keytool -list -v` of `store` in `dir`; `exit_code` says whether keytool opened it.
inline RunResult keytool_list(const TempDir& dir, const std::string& type, const std::string& store,
                              const std::string& password) {
  return sh("cd '" + dir.path().string() + "' && LC_ALL=C.UTF-8 TZ=UTC CK_STORE_PW='" + password +
            "' keytool -list -v -storetype " + type + " -keystore " + store + " -storepass:env CK_STORE_PW");
}

// A keytool recipe for $KT: key pairs of every algorithm (rsa, ec256, ec384, ed), two trusted CA
// certificates (root, inter: made with openssl) and a key entry whose chain of three the CA signed
// (signed: signed.pem, inter.pem, RootCA.pem).
inline std::string full_store_recipe() {
  return "ck_ca . RootCA rsa:2048\n"
         "ck_issue . RootCA inter '/CN=Intermediate CA' -10 +300 ec:P-256 '' ca\n"
         "$KT -genkeypair -alias rsa -keyalg RSA -keysize 2048 -dname CN=rsa.example -validity 200\n"
         "$KT -genkeypair -alias ec256 -keyalg EC -groupname secp256r1 -dname CN=ec256.example -validity 200\n"
         "$KT -genkeypair -alias ec384 -keyalg EC -groupname secp384r1 -dname CN=ec384.example -validity 200\n"
         "$KT -genkeypair -alias ed -keyalg Ed25519 -dname CN=ed.example -validity 200\n"
         "$KT -importcert -noprompt -alias root -file RootCA.pem\n"
         "$KT -importcert -noprompt -alias inter -file inter.pem\n"
         "$KT -genkeypair -alias signed -keyalg EC -groupname secp256r1 -dname CN=signed.example -validity 200\n"
         "$KT -certreq -alias signed -file signed.csr\n"
         "openssl x509 -req -in signed.csr -CA inter.pem -CAkey inter.key -set_serial 4660 -days 150 "
         "-out signed.pem 2>/dev/null\n"
         "$KT -importcert -noprompt -alias signed -file signed.pem\n";
}

// A lib.sh recipe: CA RootCA, intermediate CA inter (P-256), and for each of rsa (signed by inter),
// ec256, ec384 and ed (signed by RootCA) NAME.pem and NAME.key, plus NAME-chain.pem: the certificate,
// its CAs up to the root (rsa only) and the key, one PEM file that certkeep reads as one key entry.
inline std::string key_chains_recipe() {
  return "ck_ca . RootCA\n"
         "ck_issue . RootCA inter '/CN=Intermediate CA' -10 +300 ec:P-256 '' ca\n"
         "ck_issue . inter rsa '/CN=rsa.example.com' -10 +100 rsa:2048\n"
         "ck_issue . RootCA ec256 '/CN=ec256.example.com' -10 +100 ec:P-256\n"
         "ck_issue . RootCA ec384 '/CN=ec384.example.com' -10 +100 ec:P-384\n"
         "ck_issue . RootCA ed '/CN=ed.example.com' -10 +100 ed25519\n"
         "cat rsa.pem inter.pem RootCA.pem rsa.key > rsa-chain.pem\n"
         "for k in ec256 ec384 ed; do cat $k.pem $k.key > $k-chain.pem; done\n";
}

// The one entry certkeep reads from the PEM file `path`, under `alias`; an empty entry (and a test
// failure) when the file holds another number of entries.
inline Entry pem_entry(const std::string& path, const std::string& alias) {
  auto r = read_keystore(read_bytes(path), {});
  if (!r || r->keystore.entries.size() != 1) {
    ADD_FAILURE() << path << " does not hold exactly one entry";
    return {};
  }
  Entry e = r->keystore.entries[0];
  e.alias = alias;
  return e;
}

}  // namespace certkeep::test
