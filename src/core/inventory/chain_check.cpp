#include "core/inventory/chain_check.h"

namespace certkeep {
namespace {

bool is_checked(const Entry& e) {
  return (e.kind == EntryKind::key || e.kind == EntryKind::certificate) && !e.chain.empty();
}

VerifyResult could_not_verify(const Error& error) {
  VerifyResult r;
  r.problems.push_back(Problem{"openssl_error", Severity::error, 0, error.message});
  return r;
}

}  // namespace

std::vector<std::optional<VerifyResult>> check_chains(const Keystore& ks, const ChainCheckOptions& options) {
  std::vector<Certificate> anchors = options.anchors;
  std::vector<Certificate> pool;  // every certificate of the store, as candidate intermediates
  for (const auto& e : ks.entries) {
    if (e.kind == EntryKind::trusted_certificate) anchors.insert(anchors.end(), e.chain.begin(), e.chain.end());
    pool.insert(pool.end(), e.chain.begin(), e.chain.end());
  }
  VerifyOptions vo(options.at);
  vo.purpose = Purpose::any;
  std::vector<std::optional<VerifyResult>> out;
  out.reserve(ks.entries.size());
  for (const auto& e : ks.entries) {
    if (!is_checked(e)) {
      out.emplace_back();
      continue;
    }
    auto r = verify_chain(e.chain.front(), pool, anchors, vo);
    out.emplace_back(r ? std::move(*r) : could_not_verify(r.error()));
  }
  return out;
}

}  // namespace certkeep
