// Key specs and key generation (issue.h).
#include <algorithm>
#include <array>
#include <cctype>

#include <openssl/ec.h>
#include <openssl/rsa.h>

#include "core/ossl/error.h"
#include "core/ossl/ptr.h"
#include "core/x509/issue.h"

namespace certkeep {
namespace {

// The keys certkeep makes. Smaller RSA keys and other curves are refused on purpose: a new key should
// be one every current client accepts and no current guidance calls weak.
struct KnownSpec {
  const char* text;       // as the user spells it, lower case
  const char* algorithm;  // PublicKeyInfo::algorithm
  int bits;               // RSA only
  const char* curve;      // EC only
  const char* ossl_name;  // OpenSSL key type
};

constexpr std::array<KnownSpec, 6> kKnownSpecs = {{
    {"rsa:2048", "RSA", 2048, nullptr, "RSA"},
    {"rsa:3072", "RSA", 3072, nullptr, "RSA"},
    {"rsa:4096", "RSA", 4096, nullptr, "RSA"},
    {"ec:p-256", "EC", 0, "P-256", "EC"},
    {"ec:p-384", "EC", 0, "P-384", "EC"},
    {"ed25519", "Ed25519", 0, nullptr, "ED25519"},
}};

constexpr const char* kAcceptedSpecs = "rsa:2048, rsa:3072, rsa:4096, ec:P-256, ec:P-384 or ed25519";

bool same_curve(const KnownSpec& k, const std::optional<std::string>& curve) {
  return k.curve == nullptr ? !curve.has_value() : curve.has_value() && *curve == k.curve;
}

const KnownSpec* find_known(const std::string& algorithm, int bits, const std::optional<std::string>& curve) {
  const auto* it = std::find_if(kKnownSpecs.begin(), kKnownSpecs.end(), [&](const KnownSpec& k) {
    return algorithm == k.algorithm && (algorithm != "RSA" || bits == k.bits) && same_curve(k, curve);
  });
  return it == kKnownSpecs.end() ? nullptr : it;
}

KeySpec to_spec(const KnownSpec& k) {
  KeySpec spec{k.algorithm, k.bits, std::nullopt};
  if (k.curve != nullptr) spec.curve = k.curve;
  return spec;
}

std::string describe(const std::string& algorithm, int bits, const std::optional<std::string>& curve) {
  if (curve) return algorithm + " " + *curve;
  if (bits > 0) return algorithm + " " + std::to_string(bits) + "-bit";
  return algorithm;
}

bool set_parameters(EVP_PKEY_CTX* ctx, const KnownSpec& k) {
  if (k.bits > 0) return EVP_PKEY_CTX_set_rsa_keygen_bits(ctx, k.bits) > 0;
  if (k.curve != nullptr) return EVP_PKEY_CTX_set_group_name(ctx, k.curve) > 0;
  return true;
}

}  // namespace

Result<KeySpec> parse_key_spec(std::string_view text) {
  std::string lower(text);
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  for (const auto& k : kKnownSpecs)
    if (lower == k.text) return to_spec(k);
  return fail(ErrorCode::invalid, "unknown key type \"" + std::string(text) + "\"; use " + kAcceptedSpecs);
}

Result<KeySpec> key_spec_of(const PublicKeyInfo& info) {
  const KnownSpec* k = find_known(info.algorithm, info.bits, info.curve);
  if (k == nullptr)
    return fail(ErrorCode::unsupported, "cannot make a replacement for a " +
                                            describe(info.algorithm, info.bits, info.curve) + " key; choose one of " +
                                            kAcceptedSpecs);
  return to_spec(*k);
}

Result<PrivateKey> generate_key(const KeySpec& spec) {
  const KnownSpec* k = find_known(spec.algorithm, spec.bits, spec.curve);
  if (k == nullptr)
    return fail(ErrorCode::invalid, "cannot generate a " + describe(spec.algorithm, spec.bits, spec.curve) +
                                        " key; use " + kAcceptedSpecs);
  ossl::clear_errors();
  ossl::UniquePtr<EVP_PKEY_CTX> ctx(EVP_PKEY_CTX_new_from_name(nullptr, k->ossl_name, nullptr));
  EVP_PKEY* raw = nullptr;
  if (!ctx || EVP_PKEY_keygen_init(ctx.get()) <= 0 || !set_parameters(ctx.get(), *k) ||
      EVP_PKEY_generate(ctx.get(), &raw) <= 0)
    return ossl::make_error(ErrorCode::internal,
                            "cannot generate a " + describe(spec.algorithm, spec.bits, spec.curve) + " key");
  const ossl::UniquePtr<EVP_PKEY> key(raw);
  return PrivateKey::from_pkey(key.get());
}

}  // namespace certkeep
