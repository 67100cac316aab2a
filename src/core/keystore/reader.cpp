#include "core/keystore/reader.h"

#include <algorithm>
#include <string_view>

#include "core/util/der.h"
#include "core/keystore/formats.h"
#include "core/ossl/providers.h"

namespace certkeep {
namespace {

bool starts_with_magic(std::span<const std::uint8_t> b, std::uint32_t magic) {
  if (b.size() < 4) return false;
  const std::uint32_t v = (std::uint32_t{b[0]} << 24) | (std::uint32_t{b[1]} << 16) | (std::uint32_t{b[2]} << 8) | b[3];
  return v == magic;
}

bool contains_pem_armor(std::span<const std::uint8_t> b) {
  const std::string_view text(reinterpret_cast<const char*>(b.data()), b.size());
  return text.find("-----BEGIN ") != std::string_view::npos;
}

}  // namespace

std::optional<Format> detect_format(std::span<const std::uint8_t> bytes) {
  if (starts_with_magic(bytes, 0xFEEDFEED)) return Format::jks;
  if (starts_with_magic(bytes, 0xCECECECE)) return Format::jceks;
  if (der::looks_like_der(bytes)) return formats::is_pkcs12_der(bytes) ? Format::pkcs12 : Format::der;
  if (contains_pem_armor(bytes)) return Format::pem;
  return std::nullopt;
}

Result<ReadResult> read_keystore(std::span<const std::uint8_t> bytes, std::span<const PasswordCandidate> passwords,
                                 const ReadOptions& options) {
  ossl::ensure_providers();
  if (bytes.empty()) return fail(ErrorCode::malformed, "empty file");
  const auto format = detect_format(bytes);
  if (!format) return fail(ErrorCode::malformed, "not a certificate or keystore");
  switch (*format) {
    case Format::jks:
    case Format::jceks: return formats::read_jks(bytes, passwords, options);
    case Format::pkcs12: return formats::read_pkcs12(bytes, passwords, options);
    case Format::pem: return formats::read_pem(bytes, passwords);
    case Format::der:
    case Format::pkcs7: return formats::read_der(bytes, passwords);
  }
  return fail(ErrorCode::internal, "unhandled format");
}

}  // namespace certkeep
