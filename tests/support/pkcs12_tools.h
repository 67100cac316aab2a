// Reading what `openssl pkcs12`, GnuTLS `certtool --p12-info` and NSS `pk12util -l` print about a
// PKCS#12 store: the certificates they list, with friendly names and SHA-256 fingerprints.
#pragma once

#include <sstream>
#include <string>
#include <vector>

#include "support/tools.h"

namespace certkeep::test {

inline std::string trim(std::string s) {
  const auto b = s.find_first_not_of(" \t\r\n");
  const auto e = s.find_last_not_of(" \t\r\n");
  return b == std::string::npos ? "" : s.substr(b, e - b + 1);
}

// A certificate a tool lists: its friendly name (if the tool prints one) and fingerprint.
struct Listed {
  std::string friendly;
  std::string sha256;
  bool has_key = false;
  auto operator<=>(const Listed&) const = default;
};

// For tools that print each certificate as PEM after its attributes (openssl -info, certtool
// --p12-info): the fingerprint is taken by `openssl x509` from the PEM the tool printed.
inline std::vector<Listed> listed_as_pem(const std::string& text, const std::string& name_prefix, const TempDir& dir) {
  std::vector<Listed> out;
  std::istringstream in(text);
  std::string line, friendly, pem;
  while (std::getline(in, line)) {
    const std::string t = trim(line);
    if (t.starts_with(name_prefix)) friendly = t.substr(name_prefix.size());
    if (t == "-----BEGIN CERTIFICATE-----") pem.clear();
    pem += t + "\n";
    if (t != "-----END CERTIFICATE-----") continue;
    write_bytes(dir / "listed.pem", std::vector<std::uint8_t>(pem.begin(), pem.end()));
    out.push_back({friendly, openssl_fingerprint(dir / "listed.pem"), false});
    friendly.clear();
  }
  return out;
}

// `pk12util -l`: "Certificate(has private key):" ... "Fingerprint (SHA-256):" NL fp ... "Friendly Name: x".
inline std::vector<Listed> listed_by_pk12util(const std::string& text) {
  std::vector<Listed> out;
  std::istringstream in(text);
  std::string line;
  bool in_cert = false;
  while (std::getline(in, line)) {
    const std::string t = trim(line);
    if (t.starts_with("Certificate")) {
      out.push_back({"", "", t == "Certificate(has private key):"});
      in_cert = true;
    } else if (t == "Fingerprint (SHA-256):" && in_cert && std::getline(in, line)) {
      out.back().sha256 = trim(line);
    } else if (t.starts_with("Friendly Name: ") && in_cert) {
      out.back().friendly = t.substr(15);
      in_cert = false;
    } else if (t.starts_with("Key(")) {
      in_cert = false;
    }
  }
  return out;
}

}  // namespace certkeep::test
