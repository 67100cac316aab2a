// Moving entries between stores and out of them: `import` (a certificate, a key with its chain, or a
// whole store into another: conversion between formats) and `export` (a certificate, a chain, a key or
// a one-entry PKCS#12).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/keystore/keystore.h"
#include "core/util/clock.h"
#include "core/util/result.h"
#include "core/util/secret.h"

namespace certkeep::ops {

struct ImportOutcome {
  std::vector<std::string> added;  // aliases, in the destination
  std::vector<std::string> notes;  // entries skipped and why
};

// Appends every entry of `source` to `dest`: keys with their chains; certificates as trusted
// certificates; requests are skipped (noted). `alias` renames the one entry a single-entry source has.
// Entries without an alias get one from their subject's CN (made unique). Errors, with `dest`
// unchanged: `conflict` when an alias is already taken (all of them named), `invalid` for `alias` with a
// source of several entries or a source with nothing to import, `bad_password` for a key that could not
// be decrypted.
Result<ImportOutcome> import_entries(Keystore& dest, const Keystore& source, const std::optional<std::string>& alias,
                                     UnixTime now);

enum class ExportWhat { certificate, chain, key, pkcs12 };

struct ExportRequest {
  std::string alias;
  ExportWhat what = ExportWhat::certificate;
  std::optional<Secret> password;  // encrypts a key (required unless unencrypted) or the PKCS#12
  bool unencrypted = false;        // a key as plain PKCS#8
};

// PEM text (certificate, chain, key) or PKCS#12 bytes.
Result<std::vector<std::uint8_t>> export_entry(const Keystore& ks, const ExportRequest& request);

}  // namespace certkeep::ops
