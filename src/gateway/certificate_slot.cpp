#include "gateway/certificate_slot.h"

#include "core/util/file.h"
#include "core/x509/details.h"

namespace certkeep::gateway {

std::string_view to_string(ReloadOutcome o) {
  switch (o) {
    case ReloadOutcome::loaded: return "loaded";
    case ReloadOutcome::unchanged: return "unchanged";
    case ReloadOutcome::refused: return "refused";
  }
  return "unchanged";
}

CertificateSlot::CertificateSlot(CertificateSource source, Purpose purpose, ContextBuilder build)
    : source_(std::move(source)), purpose_(purpose), build_(std::move(build)) {}

ReloadResult CertificateSlot::reload(UnixTime now, bool force) {
  const std::lock_guard lock(mutex_);
  auto bytes = read_file(source_.keystore);  // once: what is judged is what was fingerprinted
  // SHA-256 of the bytes, cheap: tells a real change from a touch before anything is decrypted.
  const auto fingerprint = bytes ? x509::fingerprint(*bytes, "SHA256") : std::string();
  if (!force && current_ && !fingerprint.empty() && current_->keystore_sha256 == fingerprint) return {ReloadOutcome::unchanged, {}, false, now};
  const auto refuse = [&](const std::string& reason) {
    const bool repeated = refused_reason_ == reason && refused_sha256_ == fingerprint;
    refused_sha256_ = fingerprint;
    refused_reason_ = reason;
    last_ = {ReloadOutcome::refused, reason, repeated, now};
    return last_;
  };
  if (!bytes) return refuse("keystore " + source_.keystore + ": " + bytes.error().message);
  auto loaded = load_certificate(source_, *bytes, purpose_, now);
  if (!loaded) return refuse(loaded.error().message);
  auto context = build_(*loaded);
  if (!context) return refuse("keystore " + source_.keystore + ": " + context.error().message);
  auto names = served_names(source_.names, loaded->identity.chain.front());
  current_ = std::make_shared<const ServingCertificate>(ServingCertificate{std::move(*loaded), fingerprint, std::move(*context), std::move(names)});
  refused_sha256_.clear();
  refused_reason_.clear();
  last_ = {ReloadOutcome::loaded, {}, false, now};
  return last_;
}

std::shared_ptr<const ServingCertificate> CertificateSlot::current() const {
  const std::lock_guard lock(mutex_);
  return current_;
}

ReloadResult CertificateSlot::last() const {
  const std::lock_guard lock(mutex_);
  return last_;
}

}  // namespace certkeep::gateway
