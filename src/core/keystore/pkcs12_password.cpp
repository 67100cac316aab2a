#include "core/keystore/pkcs12_password.h"

#include <algorithm>

#include "core/ossl/error.h"

namespace certkeep::pkcs12 {
namespace {

bool is_ascii(std::string_view text) {
  return std::ranges::all_of(text, [](char c) { return static_cast<unsigned char>(c) < 0x80; });
}

}  // namespace

Secret widen_bytes_as_latin1(std::string_view text) {
  const auto high = static_cast<std::size_t>(std::ranges::count_if(text, [](char c) { return static_cast<unsigned char>(c) >= 0x80; }));
  std::string out;
  out.reserve(text.size() + high);  // exact: no reallocation leaves a copy of the password behind
  for (const char c : text) {
    const auto b = static_cast<unsigned char>(c);
    if (b < 0x80) {
      out.push_back(c);
      continue;
    }
    out.push_back(static_cast<char>(0xC0 | (b >> 6)));
    out.push_back(static_cast<char>(0x80 | (b & 0x3F)));
  }
  return Secret(std::move(out));
}

std::vector<PasswordForm> password_forms(const Secret& password) {
  std::vector<PasswordForm> forms;
  forms.push_back(PasswordForm::of(password));
  if (password.empty()) forms.push_back(PasswordForm::none());
  else if (!is_ascii(password.view())) forms.push_back(PasswordForm::of(widen_bytes_as_latin1(password.view())));
  return forms;
}

std::optional<Keyring::Choice> Keyring::try_all(const Attempt& attempt, std::optional<Choice> skip) const {
  for (std::size_t c = 0; c < candidates_.size(); ++c) {
    const auto forms = password_forms(candidates_[c].password);
    for (std::size_t f = 0; f < forms.size(); ++f) {
      if (skip && skip->candidate == c && skip->form == f) continue;
      ossl::clear_errors();
      const bool ok = attempt(forms[f]);
      ossl::clear_errors();
      if (ok) return Choice{c, f};
    }
  }
  return std::nullopt;
}

Result<void> Keyring::verify_mac(PKCS12* p12) {
  // A hostile store can ask for 2^31 PBKDF iterations per candidate; refuse beyond what any real tool
  // writes (NSS: 600,000; keytool: 10,000; OpenSSL: 2,048).
  constexpr long kMaxMacIterations = 10'000'000;
  const ASN1_INTEGER* iter = nullptr;
  PKCS12_get0_mac(nullptr, nullptr, nullptr, &iter, p12);
  const long iterations = iter != nullptr ? ASN1_INTEGER_get(iter) : 1;
  if (iterations > kMaxMacIterations || iterations < 0)
    return fail(ErrorCode::unsupported, "MAC iteration count " + std::to_string(iterations) +
                                            " is beyond certkeep's limit of 10,000,000; refusing to spend minutes on it");
  const auto found = try_all([p12](const PasswordForm& pw) { return PKCS12_verify_mac(p12, pw.data(), pw.size()) == 1; });
  if (!found) return fail(ErrorCode::bad_password, "wrong password or corrupt MAC");
  chosen_ = found;
  opened_ = found->candidate;
  return {};
}

Result<void> Keyring::decrypt(const Attempt& attempt, const std::string& what) {
  if (!chosen_) {
    const auto found = try_all(attempt);
    if (!found)
      return fail(ErrorCode::bad_password, "wrong password: no password given decrypts " + what + " (the store has no MAC)");
    chosen_ = found;
    opened_ = found->candidate;
    return {};
  }
  ossl::clear_errors();
  const bool ok = attempt(password_forms(candidates_[chosen_->candidate].password)[chosen_->form]);
  ossl::clear_errors();
  if (ok) return {};
  const auto other = try_all(attempt, chosen_);
  if (!other)
    return fail(ErrorCode::malformed, "the password that opened the store does not decrypt " + what +
                                          " (damaged data, or a second password that was not given)");
  chosen_ = other;
  return {};
}

std::optional<Secret> Keyring::chosen_as_written() const {
  if (!chosen_ || chosen_->form != 0) return std::nullopt;
  return candidates_[chosen_->candidate].password;
}

bool Keyring::offers(const Secret& password) const {
  return std::ranges::any_of(candidates_, [&](const PasswordCandidate& c) { return c.password.view() == password.view(); });
}

}  // namespace certkeep::pkcs12
