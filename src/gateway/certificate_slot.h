// One configured certificate of an endpoint across its life: what is served now, and the verdict on the
// last candidate. reload() judges the keystore file as it is on disk (certificate_loader.h); a valid
// candidate replaces the served certificate, an invalid one is refused and the old one keeps serving.
#pragma once

#include <functional>
#include <memory>
#include <mutex>
#include <string>

#include "core/util/clock.h"
#include "core/x509/verify.h"
#include "gateway/config.h"
#include "gateway/serving.h"

namespace certkeep::gateway {

enum class ReloadOutcome { loaded, unchanged, refused };
std::string_view to_string(ReloadOutcome o);

struct ReloadResult {
  ReloadOutcome outcome = ReloadOutcome::unchanged;
  std::string reason;    // refused: why, one line naming the keystore
  bool repeated = false; // refused: the same file bytes were refused before for the same reason (no new log line)
  UnixTime at = 0;
};

class CertificateSlot {
 public:
  // Makes the context that presents a loaded certificate (a server context inbound, a client one outbound).
  using ContextBuilder = std::function<Result<ossl::UniquePtr<SSL_CTX>>(const LoadedCertificate&)>;

  CertificateSlot(CertificateSource source, Purpose purpose, ContextBuilder build);

  // Loads and judges the keystore at `now`. A candidate whose file bytes equal the served one's is
  // `unchanged` unless `force`. Safe from any thread; reloads of one slot are serialised.
  ReloadResult reload(UnixTime now, bool force);

  [[nodiscard]] std::shared_ptr<const ServingCertificate> current() const;
  [[nodiscard]] ReloadResult last() const;
  [[nodiscard]] const CertificateSource& source() const { return source_; }

 private:
  CertificateSource source_;
  Purpose purpose_;
  ContextBuilder build_;
  mutable std::mutex mutex_;
  std::shared_ptr<const ServingCertificate> current_;  // guarded by mutex_
  ReloadResult last_;                                  // guarded by mutex_
  std::string refused_sha256_;                         // the last refused file's bytes ...
  std::string refused_reason_;                         // ... and why
};

}  // namespace certkeep::gateway
