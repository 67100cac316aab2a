// certkeep's stable problem codes for OpenSSL's X509_V_ERR_* verification errors. Internal to core/x509;
// docs/verify.md lists every code.
#pragma once

#include <span>

#include "core/x509/verify.h"
#include "core/x509/verify_openssl.h"

namespace certkeep::x509 {

// The Problem for one OpenSSL error: its code, severity error, and a one-line message naming the cause
// (dates, names) from the certificate at `e.depth` in `chain` when there is one.
Problem openssl_problem(const OpensslError& e, std::span<const Certificate> chain, const VerifyOptions& options);

}  // namespace certkeep::x509
