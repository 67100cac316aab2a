// What `inspect` (and later `scan`) renders: each file report judged at one moment, plus running totals
// that decide the exit status.
#pragma once

#include <cstdint>
#include <string>

#include "core/inventory/inventory.h"
#include "core/x509/expiry.h"

namespace certkeep::cli {

struct Judgement {
  UnixTime at = 0;
  ExpiryPolicy policy;
};

struct Totals {
  std::size_t files = 0, unreadable = 0, entries = 0, certificates = 0;
  std::size_t valid = 0, expiring = 0, expired = 0, not_yet_valid = 0;
  std::size_t default_passwords = 0;
  std::size_t chains_checked = 0, chains_invalid = 0;

  void add(const FileReport& r, const Judgement& j);
  void merge(const Totals& other);
  int exit_code() const;
};

// Warnings about how a store was opened ("opened with the well-known default password").
std::string opened_with_warning(const FileReport& r);

}  // namespace certkeep::cli
