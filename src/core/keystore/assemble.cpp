#include "core/keystore/assemble.h"

#include <algorithm>

namespace certkeep {
namespace {

Entry key_entry(PrivateKey key, std::vector<Certificate> chain) {
  Entry e;
  e.kind = EntryKind::key;
  e.key_matches = true;
  e.key = std::move(key);
  e.chain = std::move(chain);
  return e;
}

Entry lone_key(PrivateKey key, bool file_has_certificates) {
  Entry e;
  e.kind = EntryKind::private_key;
  e.key = std::move(key);
  if (file_has_certificates) {
    e.key_matches = false;
    e.warnings.emplace_back("private key matches none of the certificates in the file");
  }
  return e;
}

}  // namespace

std::vector<Entry> assemble_entries(LooseObjects o) {
  std::vector<Entry> entries;
  std::vector<bool> used(o.certificates.size(), false);
  const bool has_certs = !o.certificates.empty();
  for (auto& key : o.keys) {
    const auto it = std::ranges::find_if(o.certificates, [&](const Certificate& c) { return key.matches(c); });
    if (it == o.certificates.end()) {
      entries.push_back(lone_key(std::move(key), has_certs));
      continue;
    }
    const auto idx = static_cast<std::size_t>(it - o.certificates.begin());
    std::vector<Certificate> chain{*it};
    used[idx] = true;
    if (o.keys.size() == 1) {
      for (std::size_t i = 0; i < o.certificates.size(); ++i)
        if (!used[i]) chain.push_back(o.certificates[i]);
      std::fill(used.begin(), used.end(), true);
    }
    entries.push_back(key_entry(std::move(key), std::move(chain)));
  }
  for (std::size_t i = 0; i < o.certificates.size(); ++i) {
    if (used[i]) continue;
    Entry e;
    e.kind = EntryKind::certificate;
    e.chain.push_back(o.certificates[i]);
    entries.push_back(std::move(e));
  }
  for (auto& req : o.requests) {
    Entry e;
    e.kind = EntryKind::csr;
    e.csr = std::move(req);
    entries.push_back(std::move(e));
  }
  for (auto& why : o.undecrypted_keys) {
    Entry e;
    e.kind = EntryKind::private_key;
    e.warnings.push_back(std::move(why));
    entries.push_back(std::move(e));
  }
  return entries;
}

}  // namespace certkeep
