// Invariants every fuzz target checks on what a parser returns. A broken invariant aborts the process
// (__builtin_trap), which libFuzzer reports as a crash and the corpus replay as a failed test; errors
// returned as values are expected outcomes, checked for shape only.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

#include "core/keystore/reader.h"
#include "core/x509/certificate.h"
#include "core/x509/csr.h"
#include "core/x509/private_key.h"

namespace certkeep::fuzz {

// Aborts with "invariant broken: <what> (file:line)" on stderr when `ok` is false.
void require(bool ok, const char* what, const char* file, int line);

#define CERTKEEP_FUZZ_REQUIRE(cond) ::certkeep::fuzz::require(static_cast<bool>(cond), #cond, __FILE__, __LINE__)

// The fuzzer's input as a span.
std::span<const std::uint8_t> input(const std::uint8_t* data, std::size_t size);

// The fixed password candidates the keystore targets offer, so every run is deterministic: "WebAS" and
// "" marked well-known, "changeit" marked as supplied by the user (so a wrong `well_known` shows).
std::span<const PasswordCandidate> candidates();

// The index of "ck-fuzz-pw", the supplied candidate, in candidates(): the targets that re-seal a mutated
// store (fuzz_jks, fuzz_pkcs12) seal it with this one.
inline constexpr std::size_t kSuppliedCandidate = 2;

// der() re-parses with Certificate::from_der to an equal certificate with identical details; the
// fingerprints are colon hex of the right length, and the SHA-256 one is the digest of der().
void check_certificate(const Certificate& cert);

// The key describes itself (algorithm named) and holds an EVP_PKEY.
void check_key(const PrivateKey& key);

void check_csr(const CertificateRequest& csr);

// One non-empty line, a known code, and none of `passwords` in it unless `in` itself contains it.
void check_error(const Error& error, std::span<const std::uint8_t> in, std::span<const PasswordCandidate> passwords);

// Every entry's certificates, keys and requests as above; opened_with names one of `passwords` with its
// own well_known flag; a key entry's key_matches agrees with PrivateKey::matches; no password leaks into
// a warning.
void check_read_result(const ReadResult& result, std::span<const std::uint8_t> in,
                       std::span<const PasswordCandidate> passwords);

// check_read_result or check_error, whichever `result` holds.
void check_outcome(const Result<ReadResult>& result, std::span<const std::uint8_t> in,
                   std::span<const PasswordCandidate> passwords);

// A store that opened can be written again in its own format with its own protection and reads back
// with the same entries (kinds, aliases ignoring case, chains); or the writer refuses it with an error
// that is not `internal` (an entry the format cannot hold, an alias JKS cannot take).
void check_rewrite(const ReadResult& result, std::span<const PasswordCandidate> passwords,
                   const ReadOptions& read_back = {});

// The same input read with deferred certificates (ReadOptions): when `eager` opened, `deferred` opens
// with the same entries and certificates, each of which decodes; when only `deferred` opens, each of its
// certificates either decodes or says why not (and then has no X509 and empty details), and key chains
// decode; a deferred store rewrites and reads back (deferred) with the same entries.
void check_deferred(const Result<ReadResult>& eager, const Result<ReadResult>& deferred,
                    std::span<const PasswordCandidate> passwords);

}  // namespace certkeep::fuzz
