// The plain-text preambles that precede TLS in protocols with STARTTLS. Each runs on a connected socket
// and returns when the server has agreed to start TLS (nullopt) or with the reason it did not.
#pragma once

#include <optional>
#include <string>

#include "net/asio.h"
#include "net/probe.h"

namespace certkeep::net {

// `domain` is the XMPP stream's 'to' (the service's domain); SMTP and PostgreSQL ignore it.
asio::awaitable<std::optional<ProbeFailure>> negotiate_starttls(tcp::socket& socket, Starttls kind,
                                                               const std::string& domain);

}  // namespace certkeep::net
