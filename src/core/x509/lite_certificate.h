// A certificate decoded by OpenSSL's own ASN.1 templates for X.509, with one difference: the public key
// stays as its algorithm identifier and bit string. OpenSSL 3.0's d2i_X509 spends about three quarters
// of its time building a provider decoder for the key (OSSL_DECODER_CTX_new_for_pkey, ~100 µs per
// certificate); showing a certificate needs only the key's type, size and curve, which for RSA and the
// NIST curves its encoding gives. Accepts exactly what d2i_X509 accepts (the fields are the same
// templates; X509_PUBKEY decodes its key opportunistically and never fails on it).
// Internal to core/x509: Certificate keeps one per certificate and decodes the X509 only when asked.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <span>

#include <openssl/x509.h>

#include "core/ossl/ptr.h"
#include "core/x509/certificate.h"

namespace certkeep::x509 {

// SubjectPublicKeyInfo, undecoded key (RFC 5280 4.1).
struct LiteSpki {
  X509_ALGOR* algorithm;
  ASN1_BIT_STRING* key;
};

// TBSCertificate, field for field as X509_CINF.
struct LiteTbs {
  ASN1_INTEGER* version;  // absent: v1
  ASN1_INTEGER* serial;
  X509_ALGOR* signature;
  X509_NAME* issuer;
  X509_VAL* validity;
  X509_NAME* subject;
  LiteSpki* key;
  ASN1_BIT_STRING* issuer_uid;
  ASN1_BIT_STRING* subject_uid;
  STACK_OF(X509_EXTENSION) * extensions;
};

struct LiteCertificate {
  LiteTbs* tbs;
  X509_ALGOR* signature_algorithm;
  ASN1_BIT_STRING* signature;
};

const ASN1_ITEM* lite_certificate_item();
using LiteCertificatePtr = ossl::ItemPtr<LiteCertificate, lite_certificate_item>;

// Decodes one certificate from the start of `der`; null (with OpenSSL's error queued) where d2i_X509
// fails. `used` gets the bytes the certificate took.
LiteCertificatePtr decode_lite(std::span<const std::uint8_t> der, std::size_t& used);

// The key's type, size and curve from its encoding, for the keys whose encoding says it all: RSA with a
// DER RSAPublicKey, EC on P-256, P-384 or P-521 with a point on the curve. nullopt for any other key (or
// encoding): ask OpenSSL (describe_key on the decoded X509's key), which then gives the same answer it
// gives for these.
std::optional<PublicKeyInfo> describe_encoded_key(const LiteSpki& spki);

}  // namespace certkeep::x509
