#include "core/x509/ocsp.h"

#include <openssl/ocsp.h>

#include "core/ossl/error.h"
#include "core/ossl/ptr.h"
#include "core/ossl/time.h"
#include "core/x509/verify_openssl.h"

namespace certkeep {
namespace {

constexpr UnixTime kClockSkew = UnixTime{5} * 60;

std::optional<Certificate> issuer_of(const Certificate& leaf, std::span<const Certificate> chain, std::span<const Certificate> anchors) {
  for (const auto span : {chain, anchors})
    for (const auto& c : span)
      if (X509_check_issued(c.x509(), leaf.x509()) == X509_V_OK) return c;
  return std::nullopt;
}

bool verify_signature(OCSP_BASICRESP* basic, std::span<const Certificate> chain, std::span<const Certificate> anchors, UnixTime at) {
  auto store = x509::anchor_store(anchors);
  auto untrusted = x509::to_stack(chain);
  if (!store || !untrusted) return false;
  X509_VERIFY_PARAM_set_time(X509_STORE_get0_param(store->get()), static_cast<time_t>(at));
  ossl::clear_errors();
  const bool ok = OCSP_basic_verify(basic, untrusted->get(), store->get(), 0) == 1;
  ossl::clear_errors();
  return ok;
}

void judge_currency(OcspStaple& s, UnixTime at) {
  if (!s.this_update) s.problem = "the response has no readable thisUpdate";
  else if (*s.this_update > at + kClockSkew) s.problem = "the response is dated in the future (" + format_iso8601(*s.this_update) + ")";
  else if (s.next_update && *s.next_update < at) s.problem = "the response is stale: its nextUpdate " + format_iso8601(*s.next_update) + " has passed";
}

}  // namespace

std::string_view to_string(OcspStatus s) {
  switch (s) {
    case OcspStatus::good: return "good";
    case OcspStatus::revoked: return "revoked";
    case OcspStatus::unknown: return "unknown";
    case OcspStatus::invalid: return "invalid";
  }
  return "invalid";
}

OcspStaple check_ocsp_staple(std::span<const std::uint8_t> der, const Certificate& leaf, std::span<const Certificate> chain,
                             std::span<const Certificate> anchors, UnixTime at) {
  OcspStaple s;
  const unsigned char* p = der.data();
  ossl::UniquePtr<OCSP_RESPONSE> response(d2i_OCSP_RESPONSE(nullptr, &p, static_cast<long>(der.size())));
  if (!response) {
    s.problem = "the stapled response is not a readable OCSP response";
    return s;
  }
  if (const int rs = OCSP_response_status(response.get()); rs != OCSP_RESPONSE_STATUS_SUCCESSFUL) {
    s.problem = std::string("the responder answered ") + OCSP_response_status_str(rs);
    return s;
  }
  ossl::UniquePtr<OCSP_BASICRESP> basic(OCSP_response_get1_basic(response.get()));
  const auto issuer = issuer_of(leaf, chain, anchors);
  if (!basic || !issuer) {
    s.problem = !basic ? "the response has no basic response" : "the issuer of the certificate was not served, so the response cannot be matched";
    return s;
  }
  ossl::UniquePtr<OCSP_CERTID> id(OCSP_cert_to_id(nullptr, leaf.x509(), issuer->x509()));
  int status = 0, reason = 0;
  ASN1_GENERALIZEDTIME *revoked = nullptr, *this_update = nullptr, *next_update = nullptr;
  if (!id || OCSP_resp_find_status(basic.get(), id.get(), &status, &reason, &revoked, &this_update, &next_update) != 1) {
    s.problem = "the response says nothing about this certificate";
    return s;
  }
  s.this_update = ossl::to_unix(this_update);
  s.next_update = ossl::to_unix(next_update);
  s.revoked_at = ossl::to_unix(revoked);
  if (status == V_OCSP_CERTSTATUS_REVOKED && reason >= 0) s.revocation_reason = OCSP_crl_reason_str(reason);
  s.signature_verified = verify_signature(basic.get(), chain, anchors, at);
  judge_currency(s, at);
  if (!s.signature_verified && s.problem.empty()) s.problem = "the response's signature does not verify against the trust anchors";
  s.status = status == V_OCSP_CERTSTATUS_GOOD ? OcspStatus::good : status == V_OCSP_CERTSTATUS_REVOKED ? OcspStatus::revoked : OcspStatus::unknown;
  if (!s.problem.empty() && s.status != OcspStatus::revoked) s.status = OcspStatus::invalid;
  return s;
}

}  // namespace certkeep
