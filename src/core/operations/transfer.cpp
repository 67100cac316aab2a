#include "core/operations/transfer.h"

#include <algorithm>
#include <cctype>
#include <string_view>

#include "core/keystore/writer.h"
#include "core/operations/entries.h"
#include "core/x509/issue.h"

namespace certkeep::ops {
namespace {

bool importable(const Entry& e) { return e.kind != EntryKind::csr; }

// "CN=gw.example.com,O=Example" → "gw.example.com"; else "entry".
std::string alias_from_subject(const Entry& e) {
  if (e.chain.empty()) return "entry";
  std::string_view s = e.chain.front().details().subject;
  const auto at = s.find("CN=");
  if (at == std::string_view::npos || (at > 0 && s[at - 1] != ',')) return "entry";
  auto cn = s.substr(at + 3);
  cn = cn.substr(0, cn.find(','));
  std::string out;
  for (char c : cn) out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out.empty() ? "entry" : out;
}

std::string unique_alias(const Keystore& taken, const std::string& base) {
  std::string alias = base;
  for (int n = 2; find_alias(taken, alias); ++n) alias = base + "-" + std::to_string(n);
  return alias;
}

Result<Entry> converted(const Entry& e, const std::string& alias) {
  if (e.kind == EntryKind::key && !e.key)
    return fail(ErrorCode::bad_password, "the private key of '" + e.alias + "' could not be decrypted with the source password");
  Entry out = e;
  out.alias = alias;
  if (out.kind == EntryKind::certificate) out.kind = EntryKind::trusted_certificate;
  out.warnings.clear();
  return out;
}

Result<std::vector<std::uint8_t>> text(Result<std::string> pem) {
  if (!pem) return pem.error();
  return std::vector<std::uint8_t>(pem->begin(), pem->end());
}

}  // namespace

Result<ImportOutcome> import_entries(Keystore& dest, const Keystore& source, const std::optional<std::string>& alias,
                                     UnixTime now) {
  ImportOutcome out;
  std::vector<const Entry*> todo;
  for (const auto& e : source.entries) {
    if (importable(e))
      todo.push_back(&e);
    else
      out.notes.push_back("skipped the certificate request" + (e.alias.empty() ? std::string() : " '" + e.alias + "'"));
  }
  if (todo.empty()) return fail(ErrorCode::invalid, "the source holds no certificate or key to import");
  if (alias && todo.size() > 1)
    return fail(ErrorCode::invalid, "--alias names one entry, but the source has " + std::to_string(todo.size()));
  Keystore result = dest;
  std::vector<std::string> clashes;
  for (const Entry* e : todo) {
    std::string a = alias ? *alias : e->alias;
    if (a.empty()) a = unique_alias(result, alias_from_subject(*e));
    if (find_alias(result, a)) {
      clashes.push_back(a);
      continue;
    }
    auto entry = converted(*e, a);
    if (!entry) return entry.error();
    if (!entry->created) entry->created = now;
    result.entries.push_back(std::move(*entry));
    out.added.push_back(a);
  }
  if (!clashes.empty())
    return fail(ErrorCode::conflict, "duplicate alias: the store already has " + quoted(clashes) +
                                         "; rename or delete them first, or import with --alias");
  dest = std::move(result);
  return out;
}

Result<std::vector<std::uint8_t>> export_entry(const Keystore& ks, const ExportRequest& r) {
  auto i = find_alias(ks, r.alias);
  if (!i) return i.error();
  const Entry& e = ks.entries[*i];
  const bool wants_key = r.what == ExportWhat::key || r.what == ExportWhat::pkcs12;
  if (wants_key) {
    auto k = find_key_entry(ks, r.alias);
    if (!k) return k.error();
  }
  if (!wants_key && e.chain.empty()) return fail(ErrorCode::invalid, "entry '" + e.alias + "' holds no certificate");
  switch (r.what) {
    case ExportWhat::certificate: return text(certificates_pem(std::span(e.chain).first(1)));
    case ExportWhat::chain: return text(certificates_pem(e.chain));
    case ExportWhat::key:
      if (!r.password && !r.unencrypted)
        return fail(ErrorCode::invalid, "a key is exported encrypted: give a password for it, or --unencrypted");
      return text(private_key_pem(*e.key, r.unencrypted ? std::nullopt : r.password));
    case ExportWhat::pkcs12: break;
  }
  if (!r.password) return fail(ErrorCode::invalid, "a PKCS#12 export needs a password");
  Keystore one;
  one.format = Format::pkcs12;
  one.entries = {e};
  return write_keystore(one, Format::pkcs12, WriteOptions{*r.password, std::nullopt, default_protection(), 0});
}

}  // namespace certkeep::ops
