// Single DER objects: certificate, PKCS#7, PKCS#10, private keys.
#include <openssl/x509.h>

#include "core/keystore/assemble.h"
#include "core/util/der.h"
#include "core/keystore/formats.h"
#include "core/keystore/key_decode.h"
#include "core/keystore/pkcs7.h"
#include "core/ossl/error.h"
#include "core/ossl/ptr.h"

namespace certkeep::formats {
namespace {

ReadResult single(Format format, LooseObjects objects) {
  ReadResult r;
  r.keystore.format = format;
  r.keystore.entries = assemble_entries(std::move(objects));
  return r;
}

// DER content of the first element inside the outer SEQUENCE.
std::optional<der::Header> first_inner(std::span<const std::uint8_t> bytes, const der::Header& outer) {
  auto inner = der::read_header(bytes.subspan(outer.header_length), outer.header_length);
  if (!inner) return std::nullopt;
  return *inner;
}

bool is_pkcs7_oid(std::span<const std::uint8_t> bytes) {
  // ContentInfo ::= SEQUENCE { contentType OBJECT IDENTIFIER (1.2.840.113549.1.7.x), ... }
  static constexpr std::uint8_t kPkcs7Prefix[] = {0x06, 0x09, 0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x07};
  return bytes.size() >= sizeof kPkcs7Prefix && std::equal(std::begin(kPkcs7Prefix), std::end(kPkcs7Prefix), bytes.begin());
}

Result<ReadResult> read_encrypted_key(std::span<const std::uint8_t> bytes, std::span<const PasswordCandidate> pws) {
  const unsigned char* p = bytes.data();
  ossl::UniquePtr<X509_SIG> sig(d2i_X509_SIG(nullptr, &p, static_cast<long>(bytes.size())));
  if (!sig || p != bytes.data() + bytes.size()) return fail(ErrorCode::malformed, "not an encrypted key");
  auto key = keys::decrypt_pkcs8(sig.get(), pws);
  if (!key) return key.error();
  LooseObjects o;
  o.keys.push_back(key->key);
  auto r = single(Format::der, std::move(o));
  r.opened_with.candidate = key->candidate;
  r.opened_with.well_known = key->candidate && pws[*key->candidate].well_known;
  return r;
}

}  // namespace

bool is_pkcs12_der(std::span<const std::uint8_t> bytes) {
  // PFX ::= SEQUENCE { version INTEGER {v3(3)}, authSafe ContentInfo, macData MacData OPTIONAL }
  // NSS encodes it in BER with indefinite lengths (0x30 0x80), which read_header rightly refuses.
  std::span<const std::uint8_t> rest;
  if (bytes.size() >= 2 && bytes[0] == 0x30 && bytes[1] == 0x80) {
    rest = bytes.subspan(2);
  } else {
    auto outer = der::read_header(bytes);
    if (!outer || outer->tag != 0x30) return false;
    rest = bytes.subspan(outer->header_length);
  }
  return rest.size() >= 4 && rest[0] == 0x02 && rest[1] == 0x01 && rest[2] == 0x03 && rest[3] == 0x30;
}

Result<ReadResult> read_der(std::span<const std::uint8_t> bytes, std::span<const PasswordCandidate> passwords) {
  auto outer = der::read_header(bytes);
  if (!outer) return outer.error();
  const std::size_t total = outer->header_length + outer->content_length;
  if (total != bytes.size())
    return fail(ErrorCode::malformed, "unexpected data after the DER structure at offset " + std::to_string(total));
  if (is_pkcs7_oid(bytes.subspan(outer->header_length))) {
    auto certs = pkcs7::certificates_from_der(bytes);
    if (!certs) return certs.error();
    return single(Format::pkcs7, LooseObjects{std::move(*certs), {}, {}, {}});
  }
  if (auto cert = Certificate::from_der(bytes)) return single(Format::der, LooseObjects{{*cert}, {}, {}, {}});
  if (auto req = CertificateRequest::from_der(bytes)) return single(Format::der, LooseObjects{{}, {}, {*req}, {}});
  if (auto key = keys::read_plain_der(bytes)) return single(Format::der, LooseObjects{{}, {*key}, {}, {}});
  const auto inner = first_inner(bytes, *outer);
  if (inner && inner->tag == 0x30) {  // EncryptedPrivateKeyInfo starts with an AlgorithmIdentifier
    auto enc = read_encrypted_key(bytes, passwords);
    if (enc || enc.error().code != ErrorCode::malformed) return enc;
  }
  ossl::clear_errors();
  return fail(ErrorCode::malformed, "DER data is not a certificate, PKCS#7, request or private key");
}

}  // namespace certkeep::formats
