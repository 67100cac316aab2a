#include "core/x509/path_candidates.h"

#include <algorithm>

#include <openssl/x509v3.h>

namespace certkeep::x509 {
namespace {

class PathSearch {
 public:
  PathSearch(std::span<const Certificate> untrusted, std::span<const Certificate> anchors, const PathLimits& limits)
      : anchors_(anchors), limits_(limits) {
    pool_.assign(anchors.begin(), anchors.end());  // anchors first: a shorter path to a trusted certificate
    for (const auto& c : untrusted)
      if (std::ranges::find(pool_, c) == pool_.end()) pool_.push_back(c);
  }

  std::vector<CandidatePath> from(const Certificate& leaf) {
    path_.push_back(leaf);
    extend();
    return std::move(found_);
  }

 private:
  bool exhausted() const { return found_.size() >= limits_.max_paths || steps_ >= limits_.max_steps; }

  void extend() {
    const Certificate current = path_.back();
    for (const auto& issuer : pool_) {
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
  std::vector<Certificate> pool_;
  std::vector<Certificate> path_;  // leaf first
  std::vector<CandidatePath> found_;
  std::size_t steps_ = 0;
};

}  // namespace

std::vector<CandidatePath> candidate_paths(const Certificate& leaf, std::span<const Certificate> untrusted,
                                           std::span<const Certificate> anchors, const PathLimits& limits) {
  return PathSearch(untrusted, anchors, limits).from(leaf);
}

}  // namespace certkeep::x509
