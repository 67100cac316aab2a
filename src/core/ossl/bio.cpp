#include "core/ossl/bio.h"

namespace certkeep::ossl {

UniquePtr<BIO> read_bio(std::span<const std::uint8_t> data) {
  return UniquePtr<BIO>(BIO_new_mem_buf(data.data(), static_cast<int>(data.size())));
}

std::string bio_to_string(BIO* bio) {
  char* p = nullptr;
  const long n = BIO_get_mem_data(bio, &p);
  return n > 0 ? std::string(p, static_cast<std::size_t>(n)) : std::string();
}

Bytes x509_to_der(const X509* x) { return to_der(x, i2d_X509); }

}  // namespace certkeep::ossl
