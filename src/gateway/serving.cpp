#include "gateway/serving.h"

#include <algorithm>

namespace certkeep::gateway {
namespace {

int set_index() {
  static const int index = SSL_get_ex_new_index(0, nullptr, nullptr, nullptr, nullptr);
  return index;
}

bool iequal(std::string_view a, std::string_view b) {
  return std::ranges::equal(a, b, [](char x, char y) { return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y)); });
}

// RFC 6066 3: the server may switch context on the SNI it receives; with no match we keep the default.
int on_server_name(SSL* ssl, int* /*alert*/, void* /*arg*/) {
  const auto* set = static_cast<const ServingSet*>(SSL_get_ex_data(ssl, set_index()));
  if (set == nullptr) return SSL_TLSEXT_ERR_NOACK;
  const char* sni = SSL_get_servername(ssl, TLSEXT_NAMETYPE_host_name);
  const auto& chosen = set->for_name(sni != nullptr ? sni : "");
  if (SSL_get_SSL_CTX(ssl) != chosen.context.get()) SSL_set_SSL_CTX(ssl, chosen.context.get());
  return SSL_TLSEXT_ERR_OK;
}

}  // namespace

ServingSet::ServingSet(std::vector<std::shared_ptr<const ServingCertificate>> certificates) : certificates_(std::move(certificates)) {}

const ServingCertificate& ServingSet::for_name(std::string_view sni) const {
  if (!sni.empty()) {
    for (const auto& c : certificates_)
      if (std::ranges::any_of(c->names, [&](const std::string& n) { return iequal(n, sni); })) return *c;
    for (const auto& c : certificates_)
      if (std::ranges::any_of(c->names, [&](const std::string& n) { return name_matches(n, sni); })) return *c;
  }
  return *certificates_.front();
}

void ServingSet::install_sni(SSL_CTX* ctx) {
  // SSL_CTX_set_tlsext_servername_callback, without the macro's C cast.
  SSL_CTX_callback_ctrl(ctx, SSL_CTRL_SET_TLSEXT_SERVERNAME_CB, reinterpret_cast<void (*)()>(on_server_name));
}

void ServingSet::attach(SSL* ssl) const { SSL_set_ex_data(ssl, set_index(), const_cast<ServingSet*>(this)); }

std::vector<std::string> served_names(const std::vector<std::string>& configured, const Certificate& leaf) {
  if (!configured.empty()) return configured;
  std::vector<std::string> names;
  for (const auto& san : leaf.details().subject_alt_names)
    if (san.type == "DNS") names.push_back(san.value);
  return names;
}

bool name_matches(std::string_view pattern, std::string_view name) {
  if (iequal(pattern, name)) return true;
  if (!pattern.starts_with("*.")) return false;
  const auto dot = name.find('.');
  return dot != std::string_view::npos && dot > 0 && iequal(pattern.substr(1), name.substr(dot));
}

}  // namespace certkeep::gateway
