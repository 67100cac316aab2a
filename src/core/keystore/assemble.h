// Turns the loose objects found in a PEM or DER file into entries: a private key is paired with the
// certificate it belongs to (a combined "key + chain" file as nginx and HAProxy use), everything else
// stands alone.
#pragma once

#include <vector>

#include "core/keystore/keystore.h"

namespace certkeep {

struct LooseObjects {
  std::vector<Certificate> certificates;  // file order
  std::vector<PrivateKey> keys;
  std::vector<CertificateRequest> requests;
  std::vector<std::string> undecrypted_keys;  // one warning per key no password opened
};

// With exactly one key and a certificate it matches: one key entry whose chain is that certificate
// followed by the file's other certificates. Otherwise each key that matches a certificate takes it as
// a one-element chain; unmatched keys become private_key entries; remaining certificates become
// certificate entries.
std::vector<Entry> assemble_entries(LooseObjects objects);

}  // namespace certkeep
