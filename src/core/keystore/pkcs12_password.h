// Which password opens a PKCS#12 store, and in which form. RFC 7292 appendix B.1 derives MAC keys and
// legacy PBE keys from the password as a NUL-terminated BMPString; PBES2 (RFC 8018) uses its bytes.
// Implementations disagree at the edges, so one candidate can stand for several forms:
//  - the empty password: "" (BMPString of two zero bytes, OpenSSL's and Java's choice) or no password at
//    all (zero bytes, OpenSSL's NULL, GnuTLS --null-password);
//  - a non-ASCII password: OpenSSL 3 reads it as UTF-8 (PKCS12_key_gen_utf8); OpenSSL before 1.1.0
//    widened each byte to a BMP character, which OpenSSL 3 reproduces when each byte is re-encoded as
//    the UTF-8 of the code point of the same value (what `openssl pkcs12` itself falls back to).
#pragma once

#include <cstddef>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <openssl/pkcs12.h>

#include "core/keystore/password.h"
#include "core/util/result.h"

namespace certkeep::pkcs12 {

// One form of a password, ready for OpenSSL's (pass, passlen) parameters.
class PasswordForm {
 public:
  static PasswordForm none() { return PasswordForm(std::nullopt); }  // OpenSSL's NULL password
  static PasswordForm of(Secret text) { return PasswordForm(std::move(text)); }

  const char* data() const { return text_ ? text_->c_str() : nullptr; }
  int size() const { return text_ ? static_cast<int>(text_->view().size()) : 0; }

 private:
  explicit PasswordForm(std::optional<Secret> text) : text_(std::move(text)) {}
  std::optional<Secret> text_;
};

// The forms worth trying for `password`, most likely first (see the header comment).
std::vector<PasswordForm> password_forms(const Secret& password);

// Each byte of `text` taken as a code point U+0000..U+00FF, encoded as UTF-8.
Secret widen_bytes_as_latin1(std::string_view text);

// Holds the password that opened a store and decrypts its parts with it.
class Keyring {
 public:
  explicit Keyring(std::span<const PasswordCandidate> candidates) : candidates_(candidates) {}

  // RFC 7292 section 5.1 (MacData): tries each form of each candidate in order and keeps the first that
  // verifies the MAC. Fails with `bad_password` ("wrong password or corrupt MAC") when none does. The
  // caller has checked that the MAC algorithm is available.
  Result<void> verify_mac(PKCS12* p12);

  // One decryption of `what` with a given password form; true on success. It must leave nothing behind
  // on failure.
  using Attempt = std::function<bool(const PasswordForm&)>;

  // Runs `attempt` with the password already chosen (by the MAC or an earlier decryption); when it fails,
  // with the other candidates (a second password, as `openssl pkcs12 -twopass` writes). With no password
  // chosen yet (a store without a MAC), the first candidate that decrypts is chosen. Errors:
  // `bad_password` when nothing was chosen and no candidate decrypts; `malformed` when the chosen
  // password no longer decrypts and no other does (damaged data after a good MAC).
  Result<void> decrypt(const Attempt& attempt, const std::string& what);

  // The password chosen so far, when its chosen form is the one certkeep writes with (the first of
  // password_forms); nullopt otherwise.
  std::optional<Secret> chosen_as_written() const;

  // Whether `password` is one of the candidates.
  bool offers(const Secret& password) const;

  // The candidate that opened the store; nullopt when none was needed.
  std::optional<std::size_t> opened_with() const { return opened_; }

 private:
  struct Choice {
    std::size_t candidate;
    std::size_t form;
  };
  // The first form of any candidate, except `skip`, for which `attempt` succeeds.
  std::optional<Choice> try_all(const Attempt& attempt, std::optional<Choice> skip = std::nullopt) const;

  std::span<const PasswordCandidate> candidates_;
  std::optional<Choice> chosen_;       // decrypts the parts read so far
  std::optional<std::size_t> opened_;  // verified the MAC or decrypted first
};

}  // namespace certkeep::pkcs12
