// The one RAII layer over OpenSSL. Every OpenSSL object certkeep owns lives in a UniquePtr<T>; no *_free
// call appears outside this directory. Read each OpenSSL call by its ownership verb: get0/set0 borrow or
// steal, get1/set1 copy or add a reference (OpenSSL 3 naming conventions).
#pragma once

#include <memory>

#include <openssl/asn1.h>
#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/ocsp.h>
#include <openssl/pkcs12.h>
#include <openssl/pkcs7.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <openssl/x509_vfy.h>
#include <openssl/x509v3.h>

namespace certkeep::ossl {

template <typename T>
struct Deleter;

// NOLINTBEGIN(bugprone-macro-parentheses): `type` is a type name, it cannot be parenthesised
#define CERTKEEP_OSSL_DELETER(type, free_fn)                \
  template <>                                            \
  struct Deleter<type> {                                 \
    void operator()(type* p) const noexcept { free_fn(p); } \
  }
// NOLINTEND(bugprone-macro-parentheses)

CERTKEEP_OSSL_DELETER(BIO, BIO_free_all);
CERTKEEP_OSSL_DELETER(X509, X509_free);
CERTKEEP_OSSL_DELETER(X509_REQ, X509_REQ_free);
CERTKEEP_OSSL_DELETER(X509_CRL, X509_CRL_free);
CERTKEEP_OSSL_DELETER(X509_NAME, X509_NAME_free);
CERTKEEP_OSSL_DELETER(X509_EXTENSION, X509_EXTENSION_free);
CERTKEEP_OSSL_DELETER(X509_STORE, X509_STORE_free);
CERTKEEP_OSSL_DELETER(X509_STORE_CTX, X509_STORE_CTX_free);
CERTKEEP_OSSL_DELETER(X509_VERIFY_PARAM, X509_VERIFY_PARAM_free);
CERTKEEP_OSSL_DELETER(X509_SIG, X509_SIG_free);
CERTKEEP_OSSL_DELETER(X509_ALGOR, X509_ALGOR_free);
CERTKEEP_OSSL_DELETER(EVP_PKEY, EVP_PKEY_free);
CERTKEEP_OSSL_DELETER(EVP_PKEY_CTX, EVP_PKEY_CTX_free);
CERTKEEP_OSSL_DELETER(EVP_MD_CTX, EVP_MD_CTX_free);
CERTKEEP_OSSL_DELETER(EVP_CIPHER_CTX, EVP_CIPHER_CTX_free);
CERTKEEP_OSSL_DELETER(EVP_MAC, EVP_MAC_free);
CERTKEEP_OSSL_DELETER(EVP_MAC_CTX, EVP_MAC_CTX_free);
CERTKEEP_OSSL_DELETER(EVP_MD, EVP_MD_free);
CERTKEEP_OSSL_DELETER(EVP_CIPHER, EVP_CIPHER_free);
CERTKEEP_OSSL_DELETER(PKCS8_PRIV_KEY_INFO, PKCS8_PRIV_KEY_INFO_free);
CERTKEEP_OSSL_DELETER(PKCS12, PKCS12_free);
CERTKEEP_OSSL_DELETER(PKCS12_SAFEBAG, PKCS12_SAFEBAG_free);
CERTKEEP_OSSL_DELETER(PKCS7, PKCS7_free);
CERTKEEP_OSSL_DELETER(PBEPARAM, PBEPARAM_free);
CERTKEEP_OSSL_DELETER(PBE2PARAM, PBE2PARAM_free);
CERTKEEP_OSSL_DELETER(PBKDF2PARAM, PBKDF2PARAM_free);
CERTKEEP_OSSL_DELETER(BIGNUM, BN_free);
CERTKEEP_OSSL_DELETER(EC_POINT, EC_POINT_free);
CERTKEEP_OSSL_DELETER(ASN1_OBJECT, ASN1_OBJECT_free);
// ASN1_INTEGER, ASN1_TIME, ASN1_OCTET_STRING and ASN1_BIT_STRING are all ASN1_STRING.
CERTKEEP_OSSL_DELETER(ASN1_STRING, ASN1_STRING_free);
CERTKEEP_OSSL_DELETER(GENERAL_NAMES, GENERAL_NAMES_free);
CERTKEEP_OSSL_DELETER(GENERAL_NAME, GENERAL_NAME_free);
CERTKEEP_OSSL_DELETER(AUTHORITY_KEYID, AUTHORITY_KEYID_free);
CERTKEEP_OSSL_DELETER(BASIC_CONSTRAINTS, BASIC_CONSTRAINTS_free);
CERTKEEP_OSSL_DELETER(EXTENDED_KEY_USAGE, EXTENDED_KEY_USAGE_free);
CERTKEEP_OSSL_DELETER(NAME_CONSTRAINTS, NAME_CONSTRAINTS_free);
CERTKEEP_OSSL_DELETER(AUTHORITY_INFO_ACCESS, AUTHORITY_INFO_ACCESS_free);
CERTKEEP_OSSL_DELETER(CERTIFICATEPOLICIES, CERTIFICATEPOLICIES_free);
CERTKEEP_OSSL_DELETER(SSL_CTX, SSL_CTX_free);
CERTKEEP_OSSL_DELETER(SSL, SSL_free);
CERTKEEP_OSSL_DELETER(OCSP_RESPONSE, OCSP_RESPONSE_free);
CERTKEEP_OSSL_DELETER(OCSP_BASICRESP, OCSP_BASICRESP_free);
CERTKEEP_OSSL_DELETER(OCSP_CERTID, OCSP_CERTID_free);

#undef CERTKEEP_OSSL_DELETER

template <typename T>
using UniquePtr = std::unique_ptr<T, Deleter<T>>;

// A structure of certkeep's own ASN.1 templates (asn1t.h), freed by its item.
template <const ASN1_ITEM* (*Item)()>
struct ItemDeleter {
  void operator()(void* p) const noexcept { ASN1_item_free(static_cast<ASN1_VALUE*>(p), Item()); }
};
template <typename T, const ASN1_ITEM* (*Item)()>
using ItemPtr = std::unique_ptr<T, ItemDeleter<Item>>;

// Stacks free their elements with the matching element free function.
struct X509StackDeleter {
  void operator()(STACK_OF(X509) * s) const noexcept { sk_X509_pop_free(s, X509_free); }
};
using X509Stack = std::unique_ptr<STACK_OF(X509), X509StackDeleter>;

struct SafeBagStackDeleter {
  void operator()(STACK_OF(PKCS12_SAFEBAG) * s) const noexcept { sk_PKCS12_SAFEBAG_pop_free(s, PKCS12_SAFEBAG_free); }
};
using SafeBagStack = std::unique_ptr<STACK_OF(PKCS12_SAFEBAG), SafeBagStackDeleter>;

struct Pkcs7StackDeleter {
  void operator()(STACK_OF(PKCS7) * s) const noexcept { sk_PKCS7_pop_free(s, PKCS7_free); }
};
using Pkcs7Stack = std::unique_ptr<STACK_OF(PKCS7), Pkcs7StackDeleter>;

struct ExtensionStackDeleter {
  void operator()(STACK_OF(X509_EXTENSION) * s) const noexcept { sk_X509_EXTENSION_pop_free(s, X509_EXTENSION_free); }
};
using ExtensionStack = std::unique_ptr<STACK_OF(X509_EXTENSION), ExtensionStackDeleter>;

// Takes a new reference to an OpenSSL object that supports up_ref.
inline UniquePtr<X509> up_ref(X509* x) {
  if (x != nullptr) X509_up_ref(x);
  return UniquePtr<X509>(x);
}
inline UniquePtr<EVP_PKEY> up_ref(EVP_PKEY* k) {
  if (k != nullptr) EVP_PKEY_up_ref(k);
  return UniquePtr<EVP_PKEY>(k);
}
inline UniquePtr<SSL_CTX> up_ref(SSL_CTX* c) {
  if (c != nullptr) SSL_CTX_up_ref(c);
  return UniquePtr<SSL_CTX>(c);
}

// Frees memory that OpenSSL allocated with OPENSSL_malloc (i2d output, X509_NAME_oneline, ...).
struct OpensslFree {
  void operator()(void* p) const noexcept { OPENSSL_free(p); }
};
using OpensslString = std::unique_ptr<char, OpensslFree>;
using OpensslBytes = std::unique_ptr<unsigned char, OpensslFree>;

}  // namespace certkeep::ossl
