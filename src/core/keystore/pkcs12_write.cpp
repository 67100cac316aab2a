// Writing a Keystore as PKCS#12 (RFC 7292): the bags of every entry (pkcs12_write_bags), in safes
// protected as options.protection says (pkcs12_write_crypt), then the PFX and its MAC.
//
// Layout, as OpenSSL and keytool write it: an AuthenticatedSafe of a certificate safe (encrypted with
// `protection.certificates`) followed by a key safe (Data, holding shrouded key bags and secret bags).
// Readers place an entry by its first bag, so an entry whose first bag is a certificate, after one that
// starts in the key safe, opens a new pair of safes: entries read back in the order they were written.
#include "core/keystore/pkcs12_write_bags.h"
#include "core/keystore/pkcs12_write_crypt.h"
#include "core/keystore/writers.h"
#include "core/ossl/bio.h"
#include "core/ossl/error.h"
#include "core/ossl/providers.h"

namespace certkeep::formats {
namespace {

struct SafePair {
  std::vector<pkcs12::OutBag> certificates;
  std::vector<pkcs12::OutBag> keys;
  bool entry_starts_in_keys = false;
};

class Layout {
 public:
  Layout() = default;
  Layout(const Layout&) = delete;
  Layout& operator=(const Layout&) = delete;
  ~Layout() {  // a key safe may hold plain key bags (unencrypted keys, as the user asked)
    for (auto& pair : pairs_)
      for (auto& k : pair.keys) OPENSSL_cleanse(k.made.data(), k.made.size());
  }

  void add(std::vector<pkcs12::OutBag> bags) {
    if (bags.empty()) return;
    if (pairs_.empty() || (!bags.front().key_safe && pairs_.back().entry_starts_in_keys)) pairs_.emplace_back();
    SafePair& pair = pairs_.back();
    pair.entry_starts_in_keys = pair.entry_starts_in_keys || bags.front().key_safe;
    for (auto& b : bags) (b.key_safe ? pair.keys : pair.certificates).push_back(std::move(b));
  }

  // The AuthenticatedSafe's ContentInfos, each pair's certificates first; empty safes left out.
  Result<ossl::Pkcs7Stack> safes(const WriteOptions& options) const {
    ossl::Pkcs7Stack out(sk_PKCS7_new_null());
    if (!out) return fail(ErrorCode::internal, "out of memory");
    for (const auto& pair : pairs_) {
      if (auto ok = push(out.get(), pair.certificates, options.protection.certificates, options, "certificates"); !ok)
        return ok.error();
      if (auto ok = push(out.get(), pair.keys, Encryption{}, options, "private keys"); !ok) return ok.error();
    }
    return out;
  }

 private:
  static Result<void> push(STACK_OF(PKCS7) * out, const std::vector<pkcs12::OutBag>& bags, const Encryption& e,
                           const WriteOptions& options, const std::string& what) {
    if (bags.empty()) return {};
    std::vector<std::span<const std::uint8_t>> ders;
    ders.reserve(bags.size());
    for (const auto& b : bags) ders.push_back(b.der());
    auto contents = pkcs12::join_safe_contents(ders);
    auto p7 = pkcs12::safe(contents, e, options.password, what);
    OPENSSL_cleanse(contents.data(), contents.size());
    if (!p7) return p7.error();
    if (sk_PKCS7_push(out, p7->get()) <= 0) return fail(ErrorCode::internal, "out of memory");
    (void)p7->release();  // push: now owned by the stack
    return {};
  }

  std::vector<SafePair> pairs_;
};

Result<std::vector<std::uint8_t>> encode(PKCS12* p12) {
  auto der = ossl::to_der(p12, i2d_PKCS12);
  if (der.empty()) return ossl::make_error(ErrorCode::internal, "cannot encode the PKCS#12 store");
  return der;
}

}  // namespace

Result<std::vector<std::uint8_t>> write_pkcs12(const Keystore& ks, const WriteOptions& options) {
  ossl::ensure_providers();
  pkcs12::BagMaker maker(options);
  Layout layout;
  for (std::size_t i = 0; i < ks.entries.size(); ++i) {
    auto bags = maker.bags(ks.entries[i], i);
    if (!bags) return bags.error();
    layout.add(std::move(*bags));
  }
  auto safes = layout.safes(options);
  if (!safes) return safes.error();
  ossl::clear_errors();
  ossl::UniquePtr<PKCS12> p12(PKCS12_add_safes_ex(safes->get(), 0, nullptr, nullptr));
  if (!p12) return ossl::make_error(ErrorCode::internal, "cannot assemble the PKCS#12 store");
  if (auto ok = pkcs12::add_mac(p12.get(), options.protection.mac, options.password); !ok) return ok.error();
  return encode(p12.get());
}

}  // namespace certkeep::formats
