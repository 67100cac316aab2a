// Installing a CA's reply into a keystore: the "receive" step of a renewal (seed 000: the admin opens
// the gateway's PKCS#12 and receives the renewed certificate the CA sent). Pure: the caller reads the
// reply and the store, chooses the trust anchors and the moment, and writes the result.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/keystore/keystore.h"
#include "core/util/clock.h"
#include "core/util/result.h"
#include "core/x509/certificate.h"
#include "core/x509/verify.h"

namespace certkeep::ops {

struct ReceiveRequest {
  std::vector<Certificate> reply;     // the reply file's certificates, in any order, with or without chain
  std::optional<std::string> alias;   // receive into this entry only (or its pending replacement)
  std::vector<Certificate> anchors;   // extra trust anchors: --ca-file, the system store
  UnixTime at = 0;                    // "now": validity and chain are judged at this moment
  bool force = false;                 // install even if expired, not yet valid or not verifiable
};

struct ReceiveOutcome {
  std::string alias;                        // the entry that now holds the new chain
  std::optional<std::string> pending_used;  // the "<alias>.pending" entry whose key was installed
  std::optional<Certificate> old_leaf;      // what the entry held before (absent for a pending-only alias)
  std::vector<Certificate> chain;           // installed, leaf first
  VerifyResult verification;                // of the installed chain at `at`
  std::vector<std::string> warnings;        // dropped names, changed subject, forced installs
  bool unchanged = false;                   // the entry already held exactly this chain: nothing to write
};

// Finds the key entry whose key belongs to the reply's leaf, completes and verifies the chain (reply,
// the entry's current chain, the store's certificates, `anchors`), and replaces that entry's chain; a
// pending entry's key replaces the old key and the pending entry is removed. Everything else in `ks` is
// kept. Errors (nothing in `ks` changed): `not_found` no such alias; `invalid` a reply with no
// certificate; `conflict` a reply for another key; `untrusted` an expired or not-yet-valid reply or a
// chain that does not verify (unless `force`).
Result<ReceiveOutcome> receive_reply(Keystore& ks, const ReceiveRequest& request);

}  // namespace certkeep::ops
