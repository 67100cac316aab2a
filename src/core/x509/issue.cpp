// Self-signed placeholder certificates and PKCS#10 requests (issue.h).
#include "core/x509/issue.h"

#include <array>
#include <ctime>

#include <openssl/rand.h>

#include "core/ossl/bio.h"
#include "core/ossl/error.h"
#include "core/ossl/ptr.h"
#include "core/x509/general_names.h"

namespace certkeep {
namespace {

// RFC 8410 section 6: Ed25519 and Ed448 sign the message itself, with no separate digest.
const EVP_MD* signing_digest(EVP_PKEY* key) {
  if (EVP_PKEY_is_a(key, "ED25519") == 1 || EVP_PKEY_is_a(key, "ED448") == 1) return nullptr;
  return EVP_sha256();
}

// RFC 5280 4.2.1.6: with an empty subject, the subjectAltName carries the identity and is critical.
int san_critical(const X509_NAME* subject) { return X509_NAME_entry_count(subject) == 0 ? 1 : 0; }

// RFC 5280 4.1.2.2: positive, at most 20 octets; 64 random bits, as the CA/Browser Forum asks of CAs.
bool set_random_serial(X509* x) {
  std::array<unsigned char, 8> bytes{};
  if (RAND_bytes(bytes.data(), static_cast<int>(bytes.size())) != 1) return false;
  ossl::UniquePtr<BIGNUM> bn(BN_bin2bn(bytes.data(), static_cast<int>(bytes.size()), nullptr));
  if (!bn || (BN_is_zero(bn.get()) && BN_one(bn.get()) != 1)) return false;
  return BN_to_ASN1_INTEGER(bn.get(), X509_get_serialNumber(x)) != nullptr;
}

bool set_validity(X509* x, UnixTime not_before, int days) {
  const UnixTime not_after = not_before + static_cast<UnixTime>(days) * 86400;
  return ASN1_TIME_set(X509_getm_notBefore(x), static_cast<std::time_t>(not_before)) != nullptr &&
         ASN1_TIME_set(X509_getm_notAfter(x), static_cast<std::time_t>(not_after)) != nullptr;
}

// RFC 5280 4.2.1.2 method (1): the SHA-1 hash of the subjectPublicKey BIT STRING.
bool add_subject_key_id(X509* x) {
  std::array<unsigned char, EVP_MAX_MD_SIZE> md{};
  unsigned int len = 0;
  if (X509_pubkey_digest(x, EVP_sha1(), md.data(), &len) != 1) return false;
  ossl::UniquePtr<ASN1_STRING> ski(ASN1_OCTET_STRING_new());
  return ski && ASN1_OCTET_STRING_set(ski.get(), md.data(), static_cast<int>(len)) == 1 &&
         X509_add1_ext_i2d(x, NID_subject_key_identifier, ski.get(), 0, X509V3_ADD_DEFAULT) == 1;
}

bool add_not_a_ca(X509* x) {
  ossl::UniquePtr<BASIC_CONSTRAINTS> bc(BASIC_CONSTRAINTS_new());
  return bc && X509_add1_ext_i2d(x, NID_basic_constraints, bc.get(), 1, X509V3_ADD_DEFAULT) == 1;
}

Result<void> add_extensions(X509* x, const SelfSignedSpec& spec) {
  if (!add_subject_key_id(x) || !add_not_a_ca(x))
    return ossl::make_error(ErrorCode::internal, "cannot add certificate extensions");
  if (spec.subject_alt_names.empty()) return {};
  auto names = x509::to_general_names(spec.subject_alt_names);
  if (!names) return names.error();
  if (X509_add1_ext_i2d(x, NID_subject_alt_name, names->get(), san_critical(spec.subject), X509V3_ADD_DEFAULT) != 1)
    return ossl::make_error(ErrorCode::internal, "cannot add the subjectAltName extension");
  return {};
}

Result<void> add_requested_names(X509_REQ* req, const X509_NAME* subject, const std::vector<GeneralName>& names) {
  if (names.empty()) return {};
  auto gens = x509::to_general_names(names);
  if (!gens) return gens.error();
  ossl::ExtensionStack exts(sk_X509_EXTENSION_new_null());
  ossl::UniquePtr<X509_EXTENSION> san(X509V3_EXT_i2d(NID_subject_alt_name, san_critical(subject), gens->get()));
  if (!exts || !san || sk_X509_EXTENSION_push(exts.get(), san.get()) == 0)
    return ossl::make_error(ErrorCode::internal, "cannot encode the subjectAltName extension");
  (void)san.release();  // now owned by `exts`
  // RFC 2986 section 4.1 / RFC 2985 5.4.2: the extensionRequest attribute.
  if (X509_REQ_add_extensions(req, exts.get()) != 1)
    return ossl::make_error(ErrorCode::internal, "cannot add the extensionRequest attribute");
  return {};
}

}  // namespace

Result<Certificate> self_signed(const PrivateKey& key, const SelfSignedSpec& spec) {
  if (spec.subject == nullptr) return fail(ErrorCode::invalid, "a self-signed certificate needs a subject");
  if (spec.days < 1) return fail(ErrorCode::invalid, "validity of " + std::to_string(spec.days) + " days is not positive");
  ossl::clear_errors();
  ossl::UniquePtr<X509> x(X509_new());
  if (!x || X509_set_version(x.get(), X509_VERSION_3) != 1 || !set_random_serial(x.get()) ||
      X509_set_subject_name(x.get(), spec.subject) != 1 || X509_set_issuer_name(x.get(), spec.subject) != 1 ||
      !set_validity(x.get(), spec.not_before, spec.days) || X509_set_pubkey(x.get(), key.pkey()) != 1)
    return ossl::make_error(ErrorCode::internal, "cannot build the self-signed certificate");
  if (auto r = add_extensions(x.get(), spec); !r) return r.error();
  if (X509_sign(x.get(), key.pkey(), signing_digest(key.pkey())) <= 0)
    return ossl::make_error(ErrorCode::internal, "cannot sign the self-signed certificate");
  return Certificate::from_x509(x.get());
}

Result<std::vector<std::uint8_t>> make_csr_der(const PrivateKey& key, const X509_NAME* subject,
                                               const std::vector<GeneralName>& subject_alt_names) {
  if (subject == nullptr) return fail(ErrorCode::invalid, "a certificate request needs a subject");
  ossl::clear_errors();
  ossl::UniquePtr<X509_REQ> req(X509_REQ_new());
  if (!req || X509_REQ_set_version(req.get(), X509_REQ_VERSION_1) != 1 ||
      X509_REQ_set_subject_name(req.get(), subject) != 1 || X509_REQ_set_pubkey(req.get(), key.pkey()) != 1)
    return ossl::make_error(ErrorCode::internal, "cannot build the certificate request");
  if (auto r = add_requested_names(req.get(), subject, subject_alt_names); !r) return r.error();
  if (X509_REQ_sign(req.get(), key.pkey(), signing_digest(key.pkey())) <= 0)
    return ossl::make_error(ErrorCode::internal, "cannot sign the certificate request");
  auto der = ossl::to_der(req.get(), i2d_X509_REQ);
  if (der.empty()) return ossl::make_error(ErrorCode::internal, "cannot encode the certificate request");
  return der;
}

}  // namespace certkeep
