// New keys and certificate requests for keystore entries: `genkey` (a key entry with a self-signed
// placeholder, as keytool -genkeypair makes) and `csr` (a PKCS#10 request for an entry, or for a new key
// that waits as "<alias>.pending" until its reply is received).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/keystore/keystore.h"
#include "core/util/clock.h"
#include "core/util/result.h"
#include "core/x509/issue.h"

namespace certkeep::ops {

struct GenKeyRequest {
  std::string alias;
  std::string subject;          // "CN=gw.example.com,O=Example" or "/O=Example/CN=gw.example.com"
  std::string subject_alt_names;  // "DNS:a,IP:192.0.2.1", may be empty
  KeySpec key;
  int days = 90;
  UnixTime now = 0;
};

// Appends the new key entry and returns its index. `conflict` for a duplicate alias, `invalid` for a bad
// subject, SAN list or validity.
Result<std::size_t> generate_key_entry(Keystore& ks, const GenKeyRequest& request);

struct CsrRequest {
  std::string alias;
  bool new_key = false;  // make (or reuse) "<alias>.pending" and request for that key
  UnixTime now = 0;
};

struct CsrOutcome {
  std::vector<std::uint8_t> der;
  std::string key_alias;         // the entry whose key the request is for
  bool store_changed = false;    // a pending entry was added
  std::vector<std::string> notes;  // names that could not be carried over, a reused pending key
};

// The request carries the subject and the subjectAltNames of the entry's current certificate, so that
// renewing needs no retyping. Errors as find_key_entry.
Result<CsrOutcome> request_certificate(Keystore& ks, const CsrRequest& request);

}  // namespace certkeep::ops
