#include "cli/certificate_files.h"

#include "cli/report.h"
#include "cli/terminal.h"
#include "core/inventory/inventory.h"
#include "core/x509/verify_system_store.h"

namespace certkeep::cli {

Result<std::vector<Certificate>> read_certificates(const std::string& path, std::vector<PasswordCandidate>& passwords,
                                                   bool supplied) {
  auto report = inspect_file(path, passwords);
  if (report.error && report.error->code == ErrorCode::bad_password && !supplied && stdin_is_tty()) {
    if (auto pw = prompt_secret("Password for " + path + ": ")) {
      passwords.insert(passwords.begin(), PasswordCandidate{std::move(*pw), false});
      report = inspect_file(path, passwords);
    }
  }
  if (report.error) return fail(report.error->code, path + ": " + report.error->message);
  if (const auto w = opened_with_warning(report); !w.empty()) print_warning(w);
  std::vector<Certificate> out;
  for (const auto& e : report.result->keystore.entries) out.insert(out.end(), e.chain.begin(), e.chain.end());
  if (out.empty()) return fail(ErrorCode::not_found, path + ": holds no certificate");
  return out;
}

Result<std::vector<Certificate>> read_anchors(const std::vector<std::string>& ca_files, bool system_store,
                                              std::vector<PasswordCandidate>& passwords, bool supplied) {
  std::vector<Certificate> anchors;
  for (const auto& f : ca_files) {
    auto certs = read_certificates(f, passwords, supplied);
    if (!certs) return certs.error();
    anchors.insert(anchors.end(), certs->begin(), certs->end());
  }
  if (system_store) {
    auto sys = system_trust_anchors();
    if (!sys) return sys.error();
    anchors.insert(anchors.end(), sys->begin(), sys->end());
  }
  return anchors;
}

}  // namespace certkeep::cli
