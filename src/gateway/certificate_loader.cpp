#include "gateway/certificate_loader.h"

#include <cstdlib>
#include <optional>

#include "core/keystore/reader.h"
#include "core/util/file.h"
#include "core/x509/verify_system_store.h"

namespace certkeep::gateway {
namespace {

// With a configured password, only that one; without, the store must open with no password or a
// well-known default (as every certkeep command tries them), which earns a warning.
Result<ReadResult> read_store(const CertificateSource& source, std::span<const std::uint8_t> bytes) {
  if (source.password.file.empty() && source.password.env.empty()) return read_keystore(bytes, password_candidates(std::nullopt));
  auto password = read_password(source.password);
  if (!password) return password.error();
  std::vector<PasswordCandidate> candidates;
  candidates.push_back({std::move(*password), false});
  return read_keystore(bytes, candidates);
}

// The certificates of `ks` other than the identity's chain: intermediates to build with, and the
// store's trusted entries, which are anchors (as keytool and WebSphere treat them).
void store_certificates(const Keystore& ks, std::vector<Certificate>& untrusted, std::vector<Certificate>& anchors) {
  for (const auto& e : ks.entries) {
    if (e.kind == EntryKind::trusted_certificate) anchors.insert(anchors.end(), e.chain.begin(), e.chain.end());
    if (e.kind == EntryKind::certificate) untrusted.insert(untrusted.end(), e.chain.begin(), e.chain.end());
  }
}

// Verifies the chain once per configured name (once without a name when there is none): the first
// failure, as "chain does not verify: ..." or "does not cover the name X".
Result<VerifyResult> verify_for_names(const CertificateSource& source, const ops::Identity& id, std::span<const Certificate> untrusted,
                                      std::span<const Certificate> anchors, Purpose purpose, UnixTime now) {
  std::vector<std::optional<std::string>> names(source.names.begin(), source.names.end());
  if (names.empty()) names.emplace_back();
  std::optional<VerifyResult> first;
  for (const auto& name : names) {
    VerifyOptions options(now);
    options.name = name;
    options.purpose = purpose;
    auto result = verify_chain(id.chain.front(), untrusted, anchors, options);
    if (!result) return result.error();
    for (const auto& p : result->problems) {
      if (p.severity != Severity::error) continue;
      if (p.code == "name_mismatch") return fail(ErrorCode::invalid, "the certificate does not cover the name " + *name);
      const auto& subject = result->chain.at(p.depth).details().subject;
      return fail(ErrorCode::invalid, "chain does not verify: " + p.message + (p.depth == 0 ? "" : " (" + subject + ")"));
    }
    if (!first) first = std::move(*result);
  }
  return std::move(*first);
}

// What a server sends: the built chain without its anchor (clients have it; RFC 8446 4.4.2 lets a
// sender omit it). A chain that is only the leaf is sent as it is.
std::vector<Certificate> served_chain(const VerifyResult& verified) {
  auto chain = verified.chain;
  if (verified.anchored && chain.size() > 1) chain.pop_back();
  return chain;
}

}  // namespace

Result<Secret> read_password(const PasswordSource& source) {
  if (!source.env.empty()) {
    const char* value = std::getenv(source.env.c_str());
    if (value == nullptr) return fail(ErrorCode::not_found, "password variable " + source.env + " is not set");
    return Secret(value);
  }
  if (source.file.empty()) return Secret();
  auto bytes = read_file(source.file);
  if (!bytes) return Error{bytes.error().code, "password file " + source.file + ": " + bytes.error().message};
  std::string text(bytes->begin(), bytes->end());
  std::fill(bytes->begin(), bytes->end(), std::uint8_t{0});
  const auto end = text.find_first_of("\r\n");
  Secret password(text.substr(0, end));
  std::fill(text.begin(), text.end(), '\0');
  return password;
}

Result<LoadedCertificate> load_certificate(const CertificateSource& source, std::span<const std::uint8_t> bytes, Purpose purpose,
                                          UnixTime now) {
  const auto named = [&](const Error& e) { return Error{e.code, "keystore " + source.keystore + ": " + e.message}; };
  auto read = read_store(source, bytes);
  if (!read) return named(read.error());
  auto identity = ops::select_identity(read->keystore, source.alias, purpose == Purpose::client ? "client" : "server");
  if (!identity) return named(identity.error());
  auto anchors = load_anchors(source.ca_files, source.system_store);
  if (!anchors) return anchors.error();
  std::vector<Certificate> untrusted(identity->chain.begin() + 1, identity->chain.end());
  store_certificates(read->keystore, untrusted, *anchors);
  auto verified = verify_for_names(source, *identity, untrusted, *anchors, purpose, now);
  if (!verified) return named(verified.error());
  return LoadedCertificate{std::move(*identity), served_chain(*verified), now, read->opened_with.well_known};
}

Result<std::vector<Certificate>> load_anchors(const std::vector<std::string>& files, bool system_store) {
  std::vector<Certificate> anchors;
  for (const auto& file : files) {
    auto bytes = read_file(file);
    auto read = bytes ? read_keystore(*bytes, {}) : Result<ReadResult>(bytes.error());
    if (!read) return Error{read.error().code, "CA file " + file + ": " + read.error().message};
    const auto before = anchors.size();
    for (const auto& e : read->keystore.entries) anchors.insert(anchors.end(), e.chain.begin(), e.chain.end());
    if (anchors.size() == before) return fail(ErrorCode::not_found, "CA file " + file + ": it holds no certificate");
  }
  if (system_store) {
    auto system = system_trust_anchors();
    if (!system) return system.error();
    anchors.insert(anchors.end(), system->begin(), system->end());
  }
  return anchors;
}

}  // namespace certkeep::gateway
