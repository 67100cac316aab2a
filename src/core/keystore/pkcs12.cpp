// PKCS#12 (RFC 7292): parse the PFX, find the password (MAC first, section 5.1), walk and decrypt the
// bags once with it (pkcs12_bags), then group them into entries (pkcs12_entries).
#include "core/util/der.h"
#include "core/keystore/formats.h"
#include "core/keystore/pkcs12_bags.h"
#include "core/keystore/pkcs12_entries.h"
#include "core/keystore/pkcs12_params.h"
#include "core/keystore/pkcs12_password.h"
#include "core/keystore/pkcs12_protection.h"
#include "core/ossl/error.h"
#include "core/ossl/ptr.h"

namespace certkeep::formats {
namespace {

// NSS (pk12util) writes BER with indefinite lengths, which OpenSSL decodes; DER framing is checked first
// only where it can name the offset at which a definite-length file was cut.
bool indefinite_length(std::span<const std::uint8_t> bytes) { return bytes.size() >= 2 && bytes[1] == 0x80; }

Result<ossl::UniquePtr<PKCS12>> parse_pfx(std::span<const std::uint8_t> bytes) {
  if (!indefinite_length(bytes)) {
    auto outer = der::read_header(bytes);
    if (!outer) return outer.error();
  }
  ossl::clear_errors();
  const unsigned char* p = bytes.data();
  ossl::UniquePtr<PKCS12> p12(d2i_PKCS12(nullptr, &p, static_cast<long>(bytes.size())));
  if (!p12) return ossl::make_error(ErrorCode::malformed, "damaged PKCS#12 structure");
  const auto used = static_cast<std::size_t>(p - bytes.data());
  if (used != bytes.size())
    return fail(ErrorCode::malformed, "unexpected data after the PKCS#12 structure at offset " + std::to_string(used));
  return p12;
}

// With a MAC the password is known before anything is decrypted; without one, the first encrypted bag
// chooses it (pkcs12::Keyring::decrypt).
Result<void> verify_integrity(PKCS12* p12, pkcs12::Keyring& keyring) {
  if (PKCS12_mac_present(p12) != 1) return {};
  if (auto ok = pkcs12::check_mac_available(p12); !ok) return ok;
  return keyring.verify_mac(p12);
}

ReadResult to_result(PKCS12* p12, pkcs12::Bags bags, const pkcs12::Keyring& keyring,
                     std::span<const PasswordCandidate> passwords) {
  ReadResult r;
  auto& ks = r.keystore;
  ks.format = Format::pkcs12;
  ks.integrity_verified = PKCS12_mac_present(p12) == 1;
  ks.protection = bags.protection.text(pkcs12::describe_mac(p12));
  ks.write_protection = bags.protection.write_protection(pkcs12::mac_params(p12));
  if (!*ks.integrity_verified)
    ks.warnings.emplace_back("the store has no MAC: nothing shows whether it was altered");
  ks.warnings.insert(ks.warnings.end(), bags.warnings.begin(), bags.warnings.end());
  ks.entries = pkcs12::group_entries(std::move(bags));
  r.opened_with.candidate = keyring.opened_with();
  r.opened_with.well_known = r.opened_with.candidate && passwords[*r.opened_with.candidate].well_known;
  return r;
}

// With deferred certificates (ReadOptions), the chains of key entries are decoded all the same.
Result<void> decode_key_chains(const Keystore& ks) {
  for (const auto& e : ks.entries) {
    if (e.kind != EntryKind::key) continue;
    for (std::size_t i = 0; i < e.chain.size(); ++i)
      if (auto ok = e.chain[i].parse(); !ok)
        return fail(ErrorCode::malformed, "certificate " + std::to_string(i + 1) + " of the chain of '" + e.alias + "': " + ok.error().message);
  }
  return {};
}

}  // namespace

Result<ReadResult> read_pkcs12(std::span<const std::uint8_t> bytes, std::span<const PasswordCandidate> passwords,
                               const ReadOptions& options) {
  auto p12 = parse_pfx(bytes);
  if (!p12) return p12.error();
  ossl::clear_errors();
  ossl::Pkcs7Stack safes(PKCS12_unpack_authsafes(p12->get()));
  if (!safes) return ossl::make_error(ErrorCode::malformed, "damaged PKCS#12 authenticated safe");
  pkcs12::Keyring keyring(passwords);
  if (auto ok = verify_integrity(p12->get(), keyring); !ok) return ok.error();
  auto bags = pkcs12::read_bags(safes.get(), keyring, options);
  if (!bags) return bags.error();
  auto read = to_result(p12->get(), std::move(*bags), keyring, passwords);
  if (auto ok = decode_key_chains(read.keystore); !ok) return ok.error();
  return read;
}

}  // namespace certkeep::formats
