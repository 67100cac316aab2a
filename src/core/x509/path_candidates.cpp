#include "core/x509/path_candidates.h"

#include <algorithm>
#include <string>
#include <unordered_map>

#include <openssl/x509v3.h>

namespace certkeep::x509 {
namespace {

// The DER of a name: the key issuers are found by (RFC 5280 7.1 compares names; DER equality is the
// common case and what OpenSSL's own lookup uses first).
std::string name_key(const X509_NAME* name) {
  const unsigned char* der = nullptr;
  std::size_t len = 0;
  if (X509_NAME_get0_der(name, &der, &len) != 1) return {};
  return {reinterpret_cast<const char*>(der), len};  // NOLINT(cppcoreguidelines-pro-type-reinterpret-cast)
}

// Certificates that can never be on a valid path at `at` are not candidates: not valid then, or not a CA.
bool could_issue(const Certificate& c, UnixTime at) {
  const auto& d = c.details();
  return d.not_before <= at && at <= d.not_after && d.basic_constraints && d.basic_constraints->ca;
}

class PathSearch {
 public:
  PathSearch(std::span<const Certificate> untrusted, std::span<const Certificate> anchors, UnixTime at,
             const PathLimits& limits)
      : anchors_(anchors), limits_(limits) {
    // Anchors first: a shorter path to a trusted certificate. An anchor is a candidate whatever its
    // validity says; validation judges it.
    for (const auto& a : anchors) add(a);
    for (const auto& c : untrusted)
      if (could_issue(c, at)) add(c);
  }

  std::vector<CandidatePath> from(const Certificate& leaf) {
    path_.push_back(leaf);
    extend();
    return std::move(found_);
  }

 private:
  void add(const Certificate& c) {
    auto& same_subject = by_subject_[name_key(X509_get_subject_name(c.x509()))];
    if (std::ranges::find(same_subject, c) == same_subject.end()) same_subject.push_back(c);
  }

  bool exhausted() const { return found_.size() >= limits_.max_paths || steps_ >= limits_.max_steps; }

  void extend() {
    const Certificate current = path_.back();
    const auto it = by_subject_.find(name_key(X509_get_issuer_name(current.x509())));
    if (it == by_subject_.end()) return;
    for (const auto& issuer : it->second) {  // the index is not changed while searching
      if (exhausted()) return;
      ++steps_;
      if (std::ranges::find(path_, issuer) != path_.end()) continue;
      if (X509_check_issued(issuer.x509(), current.x509()) != X509_V_OK) continue;
      if (std::ranges::find(anchors_, issuer) != anchors_.end()) {
        found_.push_back({{path_.begin() + 1, path_.end()}, issuer});
        continue;
      }
      if (path_.size() > limits_.max_intermediates) continue;
      path_.push_back(issuer);
      extend();
      path_.pop_back();
    }
  }

  std::span<const Certificate> anchors_;
  PathLimits limits_;
  std::unordered_map<std::string, std::vector<Certificate>> by_subject_;
  std::vector<Certificate> path_;  // leaf first
  std::vector<CandidatePath> found_;
  std::size_t steps_ = 0;
};

}  // namespace

std::vector<CandidatePath> candidate_paths(const Certificate& leaf, std::span<const Certificate> untrusted,
                                           std::span<const Certificate> anchors, UnixTime at, const PathLimits& limits) {
  return PathSearch(untrusted, anchors, at, limits).from(leaf);
}

}  // namespace certkeep::x509
