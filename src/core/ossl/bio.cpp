#include "core/ossl/bio.h"

namespace certkeep::ossl {
namespace {

int append_to_string(BIO* bio, const char* data, std::size_t n, std::size_t* written) {
  static_cast<std::string*>(BIO_get_data(bio))->append(data, n);
  *written = n;
  return 1;
}

long string_ctrl(BIO* /*bio*/, int cmd, long /*num*/, void* /*ptr*/) { return cmd == BIO_CTRL_FLUSH ? 1 : 0; }

// Made once, kept for the life of the process.
const BIO_METHOD* string_method() {
  static BIO_METHOD* const method = [] {
    BIO_METHOD* m = BIO_meth_new(BIO_get_new_index() | BIO_TYPE_SOURCE_SINK, "certkeep string");
    if (m != nullptr) {
      BIO_meth_set_write_ex(m, append_to_string);
      BIO_meth_set_ctrl(m, string_ctrl);
    }
    return m;
  }();
  return method;
}

}  // namespace

UniquePtr<BIO> string_bio(std::string& out) {
  const BIO_METHOD* method = string_method();
  if (method == nullptr) return nullptr;
  UniquePtr<BIO> bio(BIO_new(method));
  if (bio) {
    BIO_set_data(bio.get(), &out);
    BIO_set_init(bio.get(), 1);
  }
  return bio;
}

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
