// PEM files (RFC 7468): certificates, bundles, PKCS#7, requests and private keys in any mix.
#include <openssl/err.h>
#include <openssl/pem.h>

#include "core/keystore/assemble.h"
#include "core/keystore/formats.h"
#include "core/keystore/key_decode.h"
#include "core/keystore/pkcs7.h"
#include "core/ossl/bio.h"
#include "core/ossl/error.h"
#include "core/ossl/ptr.h"

namespace certkeep::formats {
namespace {

struct PemBlock {
  std::string label;
  std::string header;
  std::vector<std::uint8_t> data;
};

struct PemState {
  LooseObjects objects;
  std::vector<std::string> warnings;
  OpenedWith opened_with;
  std::optional<Error> first_error;
};

void note_error(PemState& s, std::size_t index, const std::string& label, const Error& e) {
  const std::string where = "PEM block " + std::to_string(index) + " (" + label + "): ";
  if (!s.first_error) s.first_error = Error{e.code, where + e.message};
  s.warnings.push_back(where + e.message);
}

void note_password(PemState& s, std::optional<std::size_t> candidate, std::span<const PasswordCandidate> pws) {
  if (!candidate || s.opened_with.candidate) return;
  s.opened_with.candidate = candidate;
  s.opened_with.well_known = pws[*candidate].well_known;
}

std::vector<std::uint8_t> reencode(const PemBlock& b) {
  ossl::UniquePtr<BIO> out(BIO_new(BIO_s_mem()));
  PEM_write_bio(out.get(), b.label.c_str(), b.header.c_str(), b.data.data(), static_cast<long>(b.data.size()));
  const std::string text = ossl::bio_to_string(out.get());
  return {text.begin(), text.end()};
}

Result<void> add_certificate(PemState& s, const PemBlock& b) {
  auto cert = Certificate::from_der(b.data);
  if (!cert) return cert.error();
  s.objects.certificates.push_back(std::move(*cert));
  return {};
}

Result<void> add_trusted_certificate(PemState& s, const PemBlock& b) {
  // "TRUSTED CERTIFICATE": a certificate followed by OpenSSL's trust settings (X509_AUX).
  const unsigned char* p = b.data.data();
  ossl::UniquePtr<X509> x(d2i_X509_AUX(nullptr, &p, static_cast<long>(b.data.size())));
  if (!x) return ossl::make_error(ErrorCode::malformed, "not a valid trusted certificate");
  auto cert = Certificate::from_x509(x.get());
  if (!cert) return cert.error();
  s.objects.certificates.push_back(std::move(*cert));
  return {};
}

Result<void> add_pkcs7(PemState& s, const PemBlock& b) {
  auto certs = pkcs7::certificates_from_der(b.data);
  if (!certs) return certs.error();
  for (auto& c : *certs) s.objects.certificates.push_back(std::move(c));
  return {};
}

Result<void> add_request(PemState& s, const PemBlock& b) {
  auto req = CertificateRequest::from_der(b.data);
  if (!req) return req.error();
  s.objects.requests.push_back(std::move(*req));
  return {};
}

Result<void> add_key_result(PemState& s, Result<keys::Decrypted> key, std::span<const PasswordCandidate> pws) {
  if (!key) {
    if (key.error().code != ErrorCode::bad_password) return key.error();
    s.objects.undecrypted_keys.emplace_back("encrypted private key: no password given opens it");
    return {};
  }
  note_password(s, key->candidate, pws);
  s.objects.keys.push_back(std::move(key->key));
  return {};
}

Result<void> add_encrypted_pkcs8(PemState& s, const PemBlock& b, std::span<const PasswordCandidate> pws) {
  const unsigned char* p = b.data.data();
  ossl::UniquePtr<X509_SIG> sig(d2i_X509_SIG(nullptr, &p, static_cast<long>(b.data.size())));
  if (!sig) return ossl::make_error(ErrorCode::malformed, "not a valid encrypted PKCS#8 key");
  return add_key_result(s, keys::decrypt_pkcs8(sig.get(), pws), pws);
}

Result<void> add_plain_key(PemState& s, const PemBlock& b, std::span<const PasswordCandidate> pws) {
  if (b.header.find("ENCRYPTED") != std::string::npos)
    return add_key_result(s, keys::decrypt_legacy_pem(reencode(b), pws), pws);
  auto key = keys::read_plain_der(b.data);
  if (!key) return key.error();
  s.objects.keys.push_back(std::move(*key));
  return {};
}

bool is_ignored_label(const std::string& l) {
  return l == "EC PARAMETERS" || l == "DH PARAMETERS" || l == "PUBLIC KEY" || l == "RSA PUBLIC KEY" ||
         l == "X509 CRL";
}

Result<void> add_block(PemState& s, const PemBlock& b, std::span<const PasswordCandidate> pws) {
  const auto& l = b.label;
  if (l == "CERTIFICATE" || l == "X509 CERTIFICATE") return add_certificate(s, b);
  if (l == "TRUSTED CERTIFICATE") return add_trusted_certificate(s, b);
  if (l == "PKCS7" || l == "CERTIFICATE CHAIN") return add_pkcs7(s, b);
  if (l == "CERTIFICATE REQUEST" || l == "NEW CERTIFICATE REQUEST") return add_request(s, b);
  if (l == "ENCRYPTED PRIVATE KEY") return add_encrypted_pkcs8(s, b, pws);
  if (l == "PRIVATE KEY" || l == "RSA PRIVATE KEY" || l == "EC PRIVATE KEY" || l == "DSA PRIVATE KEY")
    return add_plain_key(s, b, pws);
  if (is_ignored_label(l)) return {};
  s.warnings.push_back("PEM block '" + l + "' is not a certificate, request or key; skipped");
  return {};
}

// Reads the next block. nullopt at the end of the input; an error for a damaged block.
std::optional<Result<PemBlock>> next_block(BIO* bio) {
  char* name = nullptr;
  char* header = nullptr;
  unsigned char* data = nullptr;
  long len = 0;
  ossl::clear_errors();
  const int ok = PEM_read_bio(bio, &name, &header, &data, &len);
  ossl::OpensslString n(name), h(header);
  ossl::OpensslBytes d(data);
  if (ok != 1) {
    const unsigned long e = ERR_peek_last_error();
    if (ERR_GET_LIB(e) == ERR_LIB_PEM && ERR_GET_REASON(e) == PEM_R_NO_START_LINE) {
      ossl::clear_errors();
      return std::nullopt;
    }
    return Result<PemBlock>(ossl::make_error(ErrorCode::malformed, "damaged PEM block (bad base64 or no END line)"));
  }
  PemBlock b{n.get(), h ? h.get() : "", std::vector<std::uint8_t>(d.get(), d.get() + len)};
  return Result<PemBlock>(std::move(b));
}

}  // namespace

Result<ReadResult> read_pem(std::span<const std::uint8_t> bytes, std::span<const PasswordCandidate> passwords) {
  auto bio = ossl::read_bio(bytes);
  PemState s;
  std::size_t index = 0;
  while (auto block = next_block(bio.get())) {
    ++index;
    if (!*block) {
      note_error(s, index, "?", block->error());
      if (BIO_eof(bio.get())) break;
      continue;
    }
    if (auto added = add_block(s, **block, passwords); !added) note_error(s, index, (*block)->label, added.error());
  }
  const bool nothing_read = s.objects.certificates.empty() && s.objects.keys.empty() && s.objects.requests.empty();
  if (nothing_read && s.first_error) return *s.first_error;
  if (nothing_read && !s.objects.undecrypted_keys.empty())
    return fail(ErrorCode::bad_password, "wrong password for the encrypted private key");
  if (nothing_read) return fail(ErrorCode::malformed, "PEM file holds no certificate, request or key");
  ReadResult r;
  r.keystore.format = Format::pem;
  r.keystore.entries = assemble_entries(std::move(s.objects));
  r.keystore.warnings = std::move(s.warnings);
  r.opened_with = s.opened_with;
  return r;
}

}  // namespace certkeep::formats
