// The gateway's endpoints as running state: their certificates (slots), what each serves right now, and
// their counters. Reloading and publishing happen here; moving bytes happens in connections.cpp.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "gateway/certificate_slot.h"
#include "gateway/config.h"
#include "gateway/published.h"
#include "gateway/serving.h"
#include "gateway/stats.h"
#include "gateway/ticket_keys.h"

namespace certkeep::gateway {

// One certificate's reload, for logs and /status.
struct SlotReload {
  const CertificateSlot* slot = nullptr;
  ReloadResult result;
};

class Endpoint {
 public:
  virtual ~Endpoint() = default;
  Endpoint(const Endpoint&) = delete;
  Endpoint& operator=(const Endpoint&) = delete;

  [[nodiscard]] virtual const std::string& name() const = 0;
  [[nodiscard]] virtual std::string_view kind() const = 0;  // "inbound", "outbound"

  // Loads every certificate at start: the first that cannot be served is the error (naming its keystore).
  Result<void> start(UnixTime now);
  // Judges every certificate's keystore again; publishes what changed. `force`: also files whose bytes
  // did not change (SIGHUP, POST /reload).
  std::vector<SlotReload> reload(UnixTime now, bool force);

  [[nodiscard]] const std::vector<std::unique_ptr<CertificateSlot>>& slots() const { return slots_; }
  EndpointStats& stats() { return stats_; }
  [[nodiscard]] const EndpointStats& stats() const { return stats_; }

 protected:
  Endpoint() = default;
  // Makes the slots' current certificates the ones new connections use. Fails only where a context is
  // built here rather than by a slot (an outbound endpoint without a client certificate: its TLS policy).
  virtual Result<void> publish() = 0;
  std::vector<std::unique_ptr<CertificateSlot>> slots_;
  EndpointStats stats_;
};

class InboundEndpoint final : public Endpoint {
 public:
  InboundEndpoint(Inbound config, TicketKeys& tickets, const std::vector<Certificate>& client_anchors);
  [[nodiscard]] const std::string& name() const override { return config_.name; }
  [[nodiscard]] std::string_view kind() const override { return "inbound"; }
  [[nodiscard]] const Inbound& config() const { return config_; }
  [[nodiscard]] std::shared_ptr<const ServingSet> serving() const { return serving_.load(); }

 private:
  Result<void> publish() override;
  Inbound config_;
  Published<ServingSet> serving_;
};

// What an outbound connection handshakes with: the client context, and the certificate it presents.
struct ClientSide {
  ossl::UniquePtr<SSL_CTX> context;
  std::shared_ptr<const ServingCertificate> certificate;  // null without a client certificate
};

class OutboundEndpoint final : public Endpoint {
 public:
  OutboundEndpoint(Outbound config, std::vector<Certificate> anchors);
  [[nodiscard]] const std::string& name() const override { return config_.name; }
  [[nodiscard]] std::string_view kind() const override { return "outbound"; }
  [[nodiscard]] const Outbound& config() const { return config_; }
  [[nodiscard]] std::shared_ptr<const ClientSide> client() const { return client_.load(); }

 private:
  Result<void> publish() override;
  Outbound config_;
  std::vector<Certificate> anchors_;
  Published<ClientSide> client_;
};

}  // namespace certkeep::gateway
