#include "cli/store_file.h"

#include <iostream>

#include "cli/exit_codes.h"
#include "cli/terminal.h"
#include "core/keystore/reader.h"
#include "core/keystore/writer.h"
#include "core/util/file.h"

namespace certkeep::cli {
namespace {

bool rewritable(Format f) { return f == Format::pkcs12 || f == Format::jks || f == Format::jceks; }

Result<Format> parse_store_type(const std::string& t) {
  if (t == "pkcs12") return Format::pkcs12;
  if (t == "jks") return Format::jks;
  if (t == "jceks") return Format::jceks;
  return fail(ErrorCode::invalid, "--type must be pkcs12, jks or jceks, not '" + t + "'");
}

Result<ReadResult> read_with_prompt(std::span<const std::uint8_t> bytes, std::vector<PasswordCandidate>& candidates,
                                    bool supplied, const std::string& path, const ReadOptions& options) {
  auto read = read_keystore(bytes, candidates, options);
  if (read || read.error().code != ErrorCode::bad_password || supplied || !stdin_is_tty()) return read;
  auto answer = prompt_secret("Password for " + path + ": ");
  if (!answer) return read;
  candidates.insert(candidates.begin(), PasswordCandidate{std::move(*answer), false});
  return read_keystore(bytes, candidates, options);
}

void warn_if_default_password(const OpenStore& s) {
  if (s.well_known_password)
    print_warning(s.path + ": opened with a well-known default password; change it with 'certkeep keystore passwd'");
}

std::vector<PasswordCandidate> check_candidates(const OpenStore& s) {
  std::vector<PasswordCandidate> c{PasswordCandidate{s.password, false}};
  if (s.key_password) c.push_back(PasswordCandidate{*s.key_password, false});
  return c;
}

// The bytes about to replace the store must open with its password and hold every entry, keys decrypted
// and key chains decoded; trusted certificates are only framed (ReadOptions), as when the store was
// opened, and a key bag copied back as it was read is known to decrypt to its key.
Result<void> read_back(std::span<const std::uint8_t> bytes, const OpenStore& s) {
  std::vector<SealedKey> known;
  for (const auto& e : s.keystore.entries)
    if (e.sealed_key) known.push_back(*e.sealed_key);
  auto back = read_keystore(bytes, check_candidates(s), ReadOptions{.defer_certificates = true, .known_keys = known});
  if (!back) return fail(ErrorCode::internal, "the store certkeep wrote does not read back (" + back.error().message + "); nothing was changed");
  const auto& got = back->keystore.entries;
  bool same = got.size() == s.keystore.entries.size();
  for (std::size_t i = 0; same && i < got.size(); ++i)
    same = got[i].kind == s.keystore.entries[i].kind && (got[i].kind != EntryKind::key || got[i].key);
  if (!same) return fail(ErrorCode::internal, "the store certkeep wrote reads back with different entries; nothing was changed");
  return {};
}

}  // namespace

void add_store_options(CLI::App& cmd, StoreOptions& o, Access access) {
  cmd.add_option("FILE", o.file, "The keystore (PKCS#12, JKS or JCEKS; format detected from its content)")
      ->required()
      ->type_name("FILE");
  o.password.add_to(cmd);
  if (access != Access::write) return;
  o.key_password.add_to(cmd);
  cmd.add_flag("--upgrade-protection", o.upgrade_protection,
               "Rewrite with current algorithms (PBES2/AES-256, HMAC-SHA256) even if the store used legacy ones");
  cmd.add_flag("--no-backup", o.no_backup, "Do not keep the previous file as FILE.<time>.certkeep.bak");
}

Result<OpenStore> open_store(const StoreOptions& o, Access access) {
  auto bytes = read_file(o.file);
  if (!bytes) return bytes.error();
  auto supplied = o.password.resolve();
  if (!supplied) return supplied.error();
  auto key_password = o.key_password.resolve();
  if (!key_password) return key_password.error();
  auto candidates = password_candidates(*supplied);
  if (*key_password) candidates.push_back(PasswordCandidate{**key_password, false});
  // A rewrite touches few entries: the others' certificates are written back as read, not decoded.
  const ReadOptions options{.defer_certificates = access != Access::read};
  auto read = read_with_prompt(*bytes, candidates, supplied->has_value(), o.file, options);
  if (!read) return read.error();
  if (access == Access::write && !rewritable(read->keystore.format))
    return fail(ErrorCode::unsupported, "a " + std::string(to_string(read->keystore.format)) +
                                            " file, not a keystore certkeep rewrites (PKCS12, JKS, JCEKS); "
                                            "create one and import this file into it");
  OpenStore s{o.file, std::move(read->keystore), Secret(), *key_password, read->opened_with.well_known};
  if (read->opened_with.candidate) s.password = candidates[*read->opened_with.candidate].password;
  warn_if_default_password(s);
  return s;
}

Result<Secret> new_store_password(const PasswordOptions& o, const std::string& path) {
  auto supplied = o.resolve();
  if (!supplied) return supplied.error();
  if (*supplied) return **supplied;
  auto first = prompt_secret("New password for " + path + ": ");
  if (!first) return fail(ErrorCode::invalid, "no password given: use --" + o.prefix + "password-file, --" + o.prefix + "password-env, or run on a terminal");
  auto again = prompt_secret("Repeat the new password: ");
  if (!again || again->view() != first->view()) return fail(ErrorCode::invalid, "the two passwords differ; nothing was changed");
  return *first;
}

namespace {

// A key that could not be decrypted cannot be written back: refuse before anything else.
Result<void> check_keys_decrypted(const Keystore& ks) {
  for (const auto& e : ks.entries)
    if (e.kind == EntryKind::key && !e.key)
      return fail(ErrorCode::bad_password, "the private key of entry '" + e.alias +
                                               "' could not be decrypted; give its password with --key-password-file; nothing was changed");
  return {};
}

}  // namespace

Result<OpenStore> new_store(const StoreOptions& o, const std::string& type) {
  auto format = parse_store_type(type);
  if (!format) return format.error();
  auto password = new_store_password(o.password, o.file);
  if (!password) return password.error();
  auto key_password = o.key_password.resolve();
  if (!key_password) return key_password.error();
  OpenStore s;
  s.path = o.file;
  s.keystore.format = *format;
  s.password = std::move(*password);
  s.key_password = *key_password;
  return s;
}

Result<Written> save_store(const OpenStore& s, const StoreOptions& o, Existing existing, UnixTime now) {
  if (auto ok = check_keys_decrypted(s.keystore); !ok) return ok.error();
  const bool jceks = s.keystore.format == Format::jceks;
  const StoreProtection protection = o.upgrade_protection || !s.keystore.write_protection
                                         ? default_protection(jceks)
                                         : *s.keystore.write_protection;
  auto bytes = write_keystore(s.keystore, s.keystore.format, WriteOptions{s.password, s.key_password, protection, now});
  if (!bytes) return bytes.error();
  if (auto ok = read_back(*bytes, s); !ok) return ok.error();
  return write_file_atomically(s.path, *bytes, AtomicWrite{existing, !o.no_backup, now});
}

void print_written(const std::string& path, const Written& written) {
  std::cout << "wrote " << path;
  if (written.backup) std::cout << " (previous version kept as " << written.backup->string() << ")";
  std::cout << "\n";
}

int save_and_report(const OpenStore& store, const StoreOptions& o, Existing existing, UnixTime now) {
  auto written = save_store(store, o, existing, now);
  if (!written) return report_failure(store.path, written.error());
  print_written(store.path, *written);
  return kOk;
}

int report_failure(const std::string& path, const Error& e) {
  const bool names_path = e.message.starts_with(path);
  print_error(names_path ? e.message : path + ": " + e.message);
  switch (e.code) {
    case ErrorCode::bad_password: return kBadPassword;
    case ErrorCode::not_found: return kNotFound;
    case ErrorCode::conflict:
    case ErrorCode::invalid: return kConflict;
    case ErrorCode::untrusted: return kUntrusted;
    case ErrorCode::io: return kWriteFailed;
    default: return kUnknown;
  }
}

}  // namespace certkeep::cli
