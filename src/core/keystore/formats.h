// One reader per format, dispatched by read_keystore (reader.cpp). Each takes the whole file.
#pragma once

#include <cstdint>
#include <span>

#include "core/keystore/reader.h"

namespace certkeep::formats {

// PEM text: any mix of certificates, PKCS#7, requests and private keys (PKCS#1, PKCS#8, encrypted
// PKCS#8, SEC1, legacy "Proc-Type: 4,ENCRYPTED"). Text outside the blocks is ignored.
Result<ReadResult> read_pem(std::span<const std::uint8_t> bytes, std::span<const PasswordCandidate> passwords);

// A single DER object: certificate, PKCS#7, PKCS#10, PKCS#8 (plain or encrypted), PKCS#1 or SEC1 key.
Result<ReadResult> read_der(std::span<const std::uint8_t> bytes, std::span<const PasswordCandidate> passwords);

// PKCS#12 (RFC 7292) in every protection real tools write.
Result<ReadResult> read_pkcs12(std::span<const std::uint8_t> bytes, std::span<const PasswordCandidate> passwords,
                               const ReadOptions& options = {});

// Java KeyStore (magic 0xFEEDFEED) and JCEKS (magic 0xCECECECE).
Result<ReadResult> read_jks(std::span<const std::uint8_t> bytes, std::span<const PasswordCandidate> passwords,
                            const ReadOptions& options = {});

bool is_pkcs12_der(std::span<const std::uint8_t> bytes);

}  // namespace certkeep::formats
