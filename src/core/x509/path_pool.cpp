#include "core/x509/path_pool.h"

#include <algorithm>
#include <deque>

#include "core/x509/name_match.h"

namespace certkeep::x509 {
namespace {

class Selection {
 public:
  Selection(std::span<const Certificate> untrusted, std::span<const Certificate> anchors)
      : untrusted_(untrusted), anchors_(anchors), taken_(untrusted.size() + anchors.size(), false) {}

  void take_copies_of(const Certificate& leaf) {
    for (std::size_t i = 0; i < taken_.size(); ++i)
      if (at(i) == leaf) take(i);
  }

  // Takes the issuers of everything taken, starting from `leaf`, until nothing new turns up.
  void take_issuers_from(const Certificate& leaf) {
    std::deque<Certificate> todo{leaf};
    for (; !todo.empty(); todo.pop_front()) {
      const Certificate subject = todo.front();
      for (std::size_t i : issuers_of(subject))
        if (!taken_[i]) {
          take(i);
          todo.push_back(at(i));
        }
    }
  }

  PathPool result() const {
    PathPool out;
    for (std::size_t i = 0; i < taken_.size(); ++i)
      if (taken_[i]) (i < untrusted_.size() ? out.untrusted : out.anchors).push_back(at(i));
    return out;
  }

 private:
  const Certificate& at(std::size_t i) const { return i < untrusted_.size() ? untrusted_[i] : anchors_[i - untrusted_.size()]; }
  void take(std::size_t i) { taken_[i] = true; }

  std::vector<std::size_t> matching(const Certificate& subject, NameMatch how) const {
    std::vector<std::size_t> out;
    for (std::size_t i = 0; i < taken_.size(); ++i)
      if (names_issuer(at(i), subject, how)) out.push_back(i);
    return out;
  }

  // By encoded name; canonically only when that finds nothing and the certificate is not its own issuer.
  std::vector<std::size_t> issuers_of(const Certificate& subject) const {
    auto found = matching(subject, NameMatch::encoded);
    if (found.empty() && !names_issuer(subject, subject, NameMatch::encoded)) found = matching(subject, NameMatch::canonical);
    return found;
  }

  std::span<const Certificate> untrusted_;
  std::span<const Certificate> anchors_;
  std::vector<bool> taken_;
};

}  // namespace

PathPool path_pool(const Certificate& leaf, std::span<const Certificate> untrusted, std::span<const Certificate> anchors) {
  Selection s(untrusted, anchors);
  s.take_copies_of(leaf);
  s.take_issuers_from(leaf);
  return s.result();
}

}  // namespace certkeep::x509
