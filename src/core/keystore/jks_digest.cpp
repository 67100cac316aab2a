#include "core/keystore/jks_digest.h"

#include <string>

#include "core/ossl/error.h"

namespace certkeep::jks {

Result<Digest> Digest::create(const char* name) {
  ossl::clear_errors();
  ossl::UniquePtr<EVP_MD> md(EVP_MD_fetch(nullptr, name, nullptr));
  if (!md) return ossl::make_error(ErrorCode::unsupported, std::string(name) + " is not available in OpenSSL");
  ossl::UniquePtr<EVP_MD_CTX> ctx(EVP_MD_CTX_new());
  if (!ctx) return ossl::make_error(ErrorCode::internal, "out of memory for a digest");
  const auto size = static_cast<std::size_t>(EVP_MD_get_size(md.get()));
  return Digest(std::move(md), std::move(ctx), size);
}

void Digest::start() { ok_ = EVP_DigestInit_ex2(ctx_.get(), md_.get(), nullptr) == 1; }

void Digest::add(std::span<const std::uint8_t> data) {
  ok_ = ok_ && EVP_DigestUpdate(ctx_.get(), data.data(), data.size()) == 1;
}

bool Digest::finish(std::span<std::uint8_t> out) {
  if (!ok_ || out.size() != size_) return false;
  ok_ = false;
  return EVP_DigestFinal_ex(ctx_.get(), out.data(), nullptr) == 1;
}

}  // namespace certkeep::jks
