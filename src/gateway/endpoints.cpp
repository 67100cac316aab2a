#include "gateway/endpoints.h"

#include "gateway/tls_contexts.h"

namespace certkeep::gateway {

Result<void> Endpoint::start(UnixTime now) {
  for (const auto& slot : slots_) {
    const auto r = slot->reload(now, true);
    if (r.outcome == ReloadOutcome::refused) return fail(ErrorCode::invalid, r.reason);
  }
  return publish();
}

std::vector<SlotReload> Endpoint::reload(UnixTime now, bool force) {
  std::vector<SlotReload> results;
  bool changed = false;
  for (const auto& slot : slots_) {
    auto r = slot->reload(now, force);
    changed = changed || r.outcome == ReloadOutcome::loaded;
    if (r.outcome == ReloadOutcome::loaded) stats_.reloads_ok.fetch_add(1, std::memory_order_relaxed);
    if (r.outcome == ReloadOutcome::refused && !r.repeated) stats_.reloads_refused.fetch_add(1, std::memory_order_relaxed);
    results.push_back({slot.get(), std::move(r)});
  }
  if (changed) (void)publish();  // a reload only changes slots, whose contexts are already built
  return results;
}

InboundEndpoint::InboundEndpoint(Inbound config, TicketKeys& tickets, const std::vector<Certificate>& client_anchors) : config_(std::move(config)) {
  for (const auto& source : config_.certificates) {
    auto build = [this, &tickets, anchors = client_anchors](const LoadedCertificate& c) -> Result<ossl::UniquePtr<SSL_CTX>> {
      auto ctx = server_context(c, config_.tls, config_.client_auth, anchors, tickets);
      if (ctx) ServingSet::install_sni(ctx->get());
      return ctx;
    };
    slots_.push_back(std::make_unique<CertificateSlot>(source, Purpose::server, std::move(build)));
  }
}

Result<void> InboundEndpoint::publish() {
  std::vector<std::shared_ptr<const ServingCertificate>> current;
  for (const auto& slot : slots_) current.push_back(slot->current());
  serving_.store(std::make_shared<const ServingSet>(std::move(current)));
  return {};
}

OutboundEndpoint::OutboundEndpoint(Outbound config, std::vector<Certificate> anchors) : config_(std::move(config)), anchors_(std::move(anchors)) {
  if (!config_.client_certificate) return;
  auto build = [this](const LoadedCertificate& c) { return client_context(&c, config_.tls, anchors_); };
  slots_.push_back(std::make_unique<CertificateSlot>(*config_.client_certificate, Purpose::client, std::move(build)));
}

Result<void> OutboundEndpoint::publish() {
  auto side = std::make_shared<ClientSide>();
  if (!slots_.empty()) {
    side->certificate = slots_.front()->current();
    side->context = ossl::up_ref(side->certificate->context.get());
  } else {
    auto ctx = client_context(nullptr, config_.tls, anchors_);
    if (!ctx) return ctx.error();
    side->context = std::move(*ctx);
  }
  client_.store(std::move(side));
  return {};
}

}  // namespace certkeep::gateway
