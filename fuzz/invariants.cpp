#include "invariants.h"

#include <algorithm>
#include <array>
#include <iostream>
#include <string>
#include <string_view>
#include <vector>

#include <openssl/evp.h>

#include "core/keystore/writer.h"
#include "core/operations/entries.h"
#include "core/x509/details.h"

namespace certkeep::fuzz {
namespace {

// Never a vendor default, so it can only reach a message by leaking; six characters or more, as keytool
// requires of a store password. make-corpus.sh protects the seed stores with it.
constexpr std::string_view kSuppliedPassword = "ck-fuzz-pw";

bool same(const GeneralName& a, const GeneralName& b) { return a.type == b.type && a.value == b.value; }

bool same(const PublicKeyInfo& a, const PublicKeyInfo& b) {
  return a.algorithm == b.algorithm && a.bits == b.bits && a.curve == b.curve;
}

bool same(const std::optional<BasicConstraints>& a, const std::optional<BasicConstraints>& b) {
  if (a.has_value() != b.has_value()) return false;
  return !a || (a->ca == b->ca && a->path_len == b->path_len);
}

bool same_names(const CertificateDetails& a, const CertificateDetails& b) {
  return a.subject == b.subject && a.issuer == b.issuer && a.subject_oneline == b.subject_oneline &&
         a.issuer_oneline == b.issuer_oneline &&
         std::ranges::equal(a.subject_alt_names, b.subject_alt_names,
                            [](const auto& x, const auto& y) { return same(x, y); });
}

bool same_extensions(const CertificateDetails& a, const CertificateDetails& b) {
  return a.key_usage == b.key_usage && a.extended_key_usage == b.extended_key_usage &&
         same(a.basic_constraints, b.basic_constraints) && a.subject_key_id == b.subject_key_id &&
         a.authority_key_id == b.authority_key_id;
}

bool same_details(const CertificateDetails& a, const CertificateDetails& b) {
  return a.version == b.version && a.serial == b.serial && a.not_before == b.not_before &&
         a.not_after == b.not_after && same(a.public_key, b.public_key) &&
         a.signature_algorithm == b.signature_algorithm && a.self_signed == b.self_signed && same_names(a, b) &&
         same_extensions(a, b) && a.fingerprints.md5 == b.fingerprints.md5 &&
         a.fingerprints.sha1 == b.fingerprints.sha1 && a.fingerprints.sha256 == b.fingerprints.sha256;
}

// The details as OpenSSL's X509 gives them, its public key decoded: what Certificate::details, which
// reads the key from its encoding where it can, must agree with.
CertificateDetails details_from_x509(const Certificate& cert) {
  X509* x = cert.x509();
  const auto view = x509::view_of(x);
  const bool self_signed = x509::self_issued(view) && x509::signature_is_its_own(x);
  auto d = x509::extract_details(view, cert.der(), x509::describe_key(X509_get0_pubkey(x)), self_signed);
  CERTKEEP_FUZZ_REQUIRE(d.has_value());
  return d ? *d : CertificateDetails{};
}

// "AB:CD:..." encoding exactly `n` bytes.
bool is_colon_hex(std::string_view s, std::size_t n) {
  if (n == 0 || s.size() != 3 * n - 1) return false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    const bool ok = i % 3 == 2 ? c == ':' : ((c >= '0' && c <= '9') || (c >= 'A' && c <= 'F'));
    if (!ok) return false;
  }
  return true;
}

// A second rendering of the SHA-256 fingerprint, independent of core's.
std::string sha256_colon_hex(std::span<const std::uint8_t> bytes) {
  std::array<unsigned char, EVP_MAX_MD_SIZE> md{};
  std::size_t len = 0;
  if (EVP_Q_digest(nullptr, "SHA256", nullptr, bytes.data(), bytes.size(), md.data(), &len) != 1) return {};
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (std::size_t i = 0; i < len; ++i) {
    if (i != 0) out += ':';
    out += kHex[md[i] >> 4];
    out += kHex[md[i] & 0xF];
  }
  return out;
}

bool contains(std::span<const std::uint8_t> hay, std::span<const std::uint8_t> needle) {
  // std::search, not std::ranges::search: clang 14 cannot use libstdc++ 12's ranges::subrange.
  return std::search(hay.begin(), hay.end(), needle.begin(), needle.end()) != hay.end();
}

// `pw` as ASCII or as a UTF-16BE BMPString (PKCS#12 friendly names) somewhere in `in`.
bool input_holds(std::span<const std::uint8_t> in, std::string_view pw) {
  std::vector<std::uint8_t> ascii(pw.begin(), pw.end());
  std::vector<std::uint8_t> bmp;
  for (char c : pw) {
    bmp.push_back(0);
    bmp.push_back(static_cast<std::uint8_t>(c));
  }
  return contains(in, ascii) || contains(in, bmp);
}

// None of the passwords the user supplied (well-known defaults are public) appears in `text`, unless the
// input itself carries it and the text merely quotes the input.
void require_no_password(std::string_view text, std::span<const std::uint8_t> in,
                         std::span<const PasswordCandidate> passwords) {
  for (const auto& p : passwords) {
    if (p.well_known || p.password.empty()) continue;
    if (text.find(p.password.view()) == std::string_view::npos) continue;
    CERTKEEP_FUZZ_REQUIRE(input_holds(in, p.password.view()));
  }
}

void check_opened_with(const OpenedWith& opened, std::span<const PasswordCandidate> passwords) {
  if (!opened.candidate) return;
  CERTKEEP_FUZZ_REQUIRE(*opened.candidate < passwords.size());
  CERTKEEP_FUZZ_REQUIRE(opened.well_known == passwords[*opened.candidate].well_known);
}

void check_entry_shape(const Entry& e) {
  switch (e.kind) {
    case EntryKind::certificate:
    case EntryKind::trusted_certificate: CERTKEEP_FUZZ_REQUIRE(!e.chain.empty()); break;
    case EntryKind::csr: CERTKEEP_FUZZ_REQUIRE(e.csr.has_value()); break;
    case EntryKind::key:
    case EntryKind::private_key:
    case EntryKind::secret_key: break;
  }
  if (e.key && e.key_matches && !e.chain.empty()) CERTKEEP_FUZZ_REQUIRE(*e.key_matches == e.key->matches(e.chain.front()));
}

void check_entry(const Entry& e, std::span<const std::uint8_t> in, std::span<const PasswordCandidate> passwords) {
  check_entry_shape(e);
  for (const auto& c : e.chain) check_certificate(c);
  if (e.key) check_key(*e.key);
  if (e.csr) check_csr(*e.csr);
  for (const auto& w : e.warnings) require_no_password(w, in, passwords);
}

}  // namespace

void require(bool ok, const char* what, const char* file, int line) {
  if (ok) return;
  std::cerr << "invariant broken: " << what << " (" << file << ":" << line << ")" << std::endl;
  __builtin_trap();
}

std::span<const std::uint8_t> input(const std::uint8_t* data, std::size_t size) {
  return size == 0 ? std::span<const std::uint8_t>() : std::span<const std::uint8_t>(data, size);
}

std::span<const PasswordCandidate> candidates() {
  static const std::vector<PasswordCandidate> kCandidates = {
      {Secret("WebAS"), true},
      {Secret(""), true},
      {Secret(std::string(kSuppliedPassword)), false},
  };
  return kCandidates;
}

void check_certificate(const Certificate& cert) {
  const auto& d = cert.details();
  auto again = Certificate::from_der(cert.der());
  CERTKEEP_FUZZ_REQUIRE(again.has_value());
  CERTKEEP_FUZZ_REQUIRE(*again == cert);
  CERTKEEP_FUZZ_REQUIRE(same_details(again->details(), d));
  // Not d.version in 1..3 (RFC 5280 4.1.2.1, certificate.h's comment): OpenSSL 3.0 parses any version
  // number and core passes it on (corpus/fuzz_x509/version-35.der); only the round trip is checked.
  CERTKEEP_FUZZ_REQUIRE(is_colon_hex(d.fingerprints.md5, 16));
  CERTKEEP_FUZZ_REQUIRE(is_colon_hex(d.fingerprints.sha1, 20));
  CERTKEEP_FUZZ_REQUIRE(is_colon_hex(d.fingerprints.sha256, 32));
  CERTKEEP_FUZZ_REQUIRE(d.fingerprints.sha256 == sha256_colon_hex(cert.der()));
  CERTKEEP_FUZZ_REQUIRE(cert.x509() != nullptr);
  CERTKEEP_FUZZ_REQUIRE(same_details(details_from_x509(cert), d));
}

void check_key(const PrivateKey& key) {
  CERTKEEP_FUZZ_REQUIRE(key.pkey() != nullptr);
  CERTKEEP_FUZZ_REQUIRE(!key.info().algorithm.empty());
}

void check_csr(const CertificateRequest& csr) {
  CERTKEEP_FUZZ_REQUIRE(is_colon_hex(csr.details().sha256, 32));
}

void check_error(const Error& error, std::span<const std::uint8_t> in, std::span<const PasswordCandidate> passwords) {
  const auto& m = error.message;
  CERTKEEP_FUZZ_REQUIRE(static_cast<int>(error.code) >= static_cast<int>(ErrorCode::not_found) &&
                        static_cast<int>(error.code) <= static_cast<int>(ErrorCode::internal));
  CERTKEEP_FUZZ_REQUIRE(!m.empty());
  CERTKEEP_FUZZ_REQUIRE(m.find_first_of("\r\n") == std::string::npos);
  require_no_password(m, in, passwords);
}

void check_read_result(const ReadResult& result, std::span<const std::uint8_t> in,
                       std::span<const PasswordCandidate> passwords) {
  check_opened_with(result.opened_with, passwords);
  for (const auto& w : result.keystore.warnings) require_no_password(w, in, passwords);
  for (const auto& e : result.keystore.entries) check_entry(e, in, passwords);
}

void check_outcome(const Result<ReadResult>& result, std::span<const std::uint8_t> in,
                   std::span<const PasswordCandidate> passwords) {
  if (result) {
    check_read_result(*result, in, passwords);
  } else {
    check_error(result.error(), in, passwords);
  }
}

namespace {

bool same_entry(const Entry& a, const Entry& b) {
  return a.kind == b.kind && (ops::same_alias(a.alias, b.alias) || a.kind == EntryKind::certificate) &&
         a.chain.size() == b.chain.size() && std::ranges::equal(a.chain, b.chain);
}

}  // namespace

void check_rewrite(const ReadResult& result, std::span<const PasswordCandidate> passwords,
                   const ReadOptions& read_back) {
  const Keystore& ks = result.keystore;
  const Secret password = result.opened_with.candidate ? passwords[*result.opened_with.candidate].password : Secret();
  const bool jceks = ks.format == Format::jceks;
  const WriteOptions options{password, std::nullopt, ks.write_protection.value_or(default_protection(jceks)), 0};
  const auto bytes = write_keystore(ks, ks.format, options);
  if (!bytes) {
    CERTKEEP_FUZZ_REQUIRE(bytes.error().code != ErrorCode::internal);
    return;
  }
  const std::array<PasswordCandidate, 1> same{PasswordCandidate{password, false}};
  const auto back = read_keystore(*bytes, same, read_back);
  CERTKEEP_FUZZ_REQUIRE(back.has_value());
  CERTKEEP_FUZZ_REQUIRE(back->keystore.format == ks.format);
  CERTKEEP_FUZZ_REQUIRE(back->keystore.entries.size() == ks.entries.size());
  for (std::size_t i = 0; i < ks.entries.size(); ++i)
    CERTKEEP_FUZZ_REQUIRE(same_entry(ks.entries[i], back->keystore.entries[i]));
}

namespace {

void check_deferred_certificate(const Certificate& c, bool in_key_entry) {
  const auto decoded = c.parse();
  CERTKEEP_FUZZ_REQUIRE(decoded || !in_key_entry);
  if (decoded) {
    check_certificate(c);
    return;
  }
  CERTKEEP_FUZZ_REQUIRE(decoded.error().code == ErrorCode::malformed);
  CERTKEEP_FUZZ_REQUIRE(c.x509() == nullptr);
  CERTKEEP_FUZZ_REQUIRE(c.details().subject.empty());
}

}  // namespace

void check_deferred(const Result<ReadResult>& eager, const Result<ReadResult>& deferred,
                    std::span<const PasswordCandidate> passwords) {
  CERTKEEP_FUZZ_REQUIRE(!eager || deferred);
  if (!deferred) return;
  const auto& entries = deferred->keystore.entries;
  if (eager) {
    CERTKEEP_FUZZ_REQUIRE(eager->keystore.entries.size() == entries.size());
    for (std::size_t i = 0; i < entries.size(); ++i) CERTKEEP_FUZZ_REQUIRE(same_entry(eager->keystore.entries[i], entries[i]));
  }
  for (const auto& e : entries)
    for (const auto& c : e.chain) check_deferred_certificate(c, e.kind == EntryKind::key);
  check_rewrite(*deferred, passwords, ReadOptions{.defer_certificates = true});
}

}  // namespace certkeep::fuzz
