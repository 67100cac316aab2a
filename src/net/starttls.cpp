#include "net/starttls.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <functional>

namespace certkeep::net {
namespace {

constexpr std::size_t kMaxPreamble = 64 * 1024;  // a server that talks more than this before TLS is not one

ProbeFailure refused(std::string code, std::string message) {
  return ProbeFailure{std::move(code), Stage::starttls, std::move(message)};
}

ProbeFailure io_failure(Starttls kind, const boost::system::error_code& ec) {
  if (ec == asio::error::eof || ec == asio::error::connection_reset)
    return refused("starttls_closed", std::string(to_string(kind)) + " server closed the connection before TLS started");
  return refused("starttls_failed", std::string(to_string(kind)) + " exchange before TLS failed: " + ec.message());
}

std::string printable(std::string_view s) {
  std::string out;
  for (const char c : s.substr(0, 120)) out += std::isprint(static_cast<unsigned char>(c)) != 0 ? c : ' ';
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

std::string lower(std::string_view s) {
  std::string out(s);
  std::ranges::transform(out, out.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

// Reads into `buffer` until `complete(buffer)` holds. Fails on EOF, error or an overlong preamble.
asio::awaitable<boost::system::error_code> read_until(tcp::socket& socket, std::string& buffer,
                                                      const std::function<bool(const std::string&)>& complete) {
  std::array<char, 4096> chunk{};
  boost::system::error_code ec;
  while (!complete(buffer)) {
    if (buffer.size() > kMaxPreamble) co_return asio::error::message_size;
    const auto n = co_await socket.async_read_some(asio::buffer(chunk), asio::redirect_error(asio::use_awaitable, ec));
    if (ec) co_return ec;
    buffer.append(chunk.data(), n);
  }
  co_return ec;
}

asio::awaitable<boost::system::error_code> send(tcp::socket& socket, std::string_view text) {
  boost::system::error_code ec;
  co_await asio::async_write(socket, asio::buffer(text.data(), text.size()), asio::redirect_error(asio::use_awaitable, ec));
  co_return ec;
}

// --- SMTP (RFC 5321 replies, RFC 3207 STARTTLS) ---

// A complete reply: its last line is "ddd text" (a space, not a hyphen, after the code).
bool smtp_reply_complete(const std::string& b) {
  if (b.size() < 2 || !b.ends_with("\r\n")) return false;
  const auto start = b.rfind("\r\n", b.size() - 3);
  const auto line = b.substr(start == std::string::npos ? 0 : start + 2);
  return line.size() >= 4 && line[3] != '-';
}

asio::awaitable<std::optional<std::string>> smtp_reply(tcp::socket& socket, boost::system::error_code& ec) {
  std::string reply;
  ec = co_await read_until(socket, reply, smtp_reply_complete);
  if (ec) co_return std::nullopt;
  co_return reply;
}

asio::awaitable<std::optional<ProbeFailure>> smtp(tcp::socket& socket) {
  boost::system::error_code ec;
  auto greeting = co_await smtp_reply(socket, ec);
  if (!greeting) co_return io_failure(Starttls::smtp, ec);
  if (!greeting->starts_with("220")) co_return refused("starttls_refused", "SMTP server greeted with \"" + printable(*greeting) + "\"");
  if ((ec = co_await send(socket, "EHLO certkeep.invalid\r\n"))) co_return io_failure(Starttls::smtp, ec);
  auto ehlo = co_await smtp_reply(socket, ec);
  if (!ehlo) co_return io_failure(Starttls::smtp, ec);
  if (!ehlo->starts_with("250")) co_return refused("starttls_refused", "SMTP server refused EHLO: \"" + printable(*ehlo) + "\"");
  const auto caps = lower(*ehlo);
  if (caps.find("250-starttls") == std::string::npos && caps.find("250 starttls") == std::string::npos)
    co_return refused("starttls_not_offered", "SMTP server does not offer STARTTLS (not in its EHLO reply)");
  if ((ec = co_await send(socket, "STARTTLS\r\n"))) co_return io_failure(Starttls::smtp, ec);
  auto go = co_await smtp_reply(socket, ec);
  if (!go) co_return io_failure(Starttls::smtp, ec);
  if (!go->starts_with("220")) co_return refused("starttls_refused", "SMTP server refused STARTTLS: \"" + printable(*go) + "\"");
  co_return std::nullopt;
}

// --- XMPP (RFC 6120 sections 4 and 5) ---

// The text of a stream error's condition ("host-unknown"), if `b` carries one.
std::optional<std::string> xmpp_stream_error(const std::string& b) {
  const auto at = b.find("<stream:error");
  if (at == std::string::npos) return std::nullopt;
  const auto ns = b.find("urn:ietf:params:xml:ns:xmpp-streams", at);
  const auto open = b.rfind('<', ns);
  if (ns == std::string::npos || open == std::string::npos || open <= at) return std::string("unknown");
  const auto end = b.find_first_of(" />", open + 1);
  return b.substr(open + 1, end - open - 1);
}

asio::awaitable<std::optional<ProbeFailure>> xmpp(tcp::socket& socket, const std::string& domain, bool server) {
  const auto kind = server ? Starttls::xmpp_server : Starttls::xmpp;
  const std::string header = "<?xml version='1.0'?><stream:stream xmlns='" +
                             std::string(server ? "jabber:server" : "jabber:client") +
                             "' xmlns:stream='http://etherx.jabber.org/streams' to='" + domain +
                             "' version='1.0'>";
  boost::system::error_code ec;
  if ((ec = co_await send(socket, header))) co_return io_failure(kind, ec);
  std::string in;
  ec = co_await read_until(socket, in, [](const std::string& b) {
    return b.find("</stream:features>") != std::string::npos || b.find("<stream:error") != std::string::npos;
  });
  if (auto condition = xmpp_stream_error(in))
    co_return refused("starttls_refused", "XMPP server refused the stream for domain \"" + domain + "\": " + *condition +
                                              (*condition == "host-unknown" ? " (set the service's domain with --starttls-domain)" : ""));
  if (ec) co_return io_failure(kind, ec);
  if (in.find("<starttls") == std::string::npos)
    co_return refused("starttls_not_offered", "XMPP server does not offer STARTTLS in its stream features");
  if ((ec = co_await send(socket, "<starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>"))) co_return io_failure(kind, ec);
  in.clear();
  ec = co_await read_until(socket, in, [](const std::string& b) {
    return b.find('>') != std::string::npos && (b.find("<proceed") != std::string::npos || b.find("<failure") != std::string::npos ||
                                                b.find("<stream:error") != std::string::npos);
  });
  if (ec) co_return io_failure(kind, ec);
  if (in.find("<proceed") == std::string::npos) co_return refused("starttls_refused", "XMPP server refused STARTTLS: " + printable(in));
  co_return std::nullopt;
}

// --- PostgreSQL (protocol 3: SSLRequest) ---

asio::awaitable<std::optional<ProbeFailure>> postgres(tcp::socket& socket) {
  static constexpr std::array<unsigned char, 8> kSslRequest{0, 0, 0, 8, 0x04, 0xd2, 0x16, 0x2f};  // length 8, code 80877103
  boost::system::error_code ec;
  co_await asio::async_write(socket, asio::buffer(kSslRequest), asio::redirect_error(asio::use_awaitable, ec));
  if (ec) co_return io_failure(Starttls::postgres, ec);
  std::array<char, 1> answer{};
  co_await asio::async_read(socket, asio::buffer(answer), asio::redirect_error(asio::use_awaitable, ec));
  if (ec) co_return io_failure(Starttls::postgres, ec);
  if (answer[0] == 'S') co_return std::nullopt;
  if (answer[0] == 'N') co_return refused("starttls_refused", "PostgreSQL server does not accept SSL connections (ssl = off)");
  co_return refused("starttls_refused", "PostgreSQL server answered the SSL request with an error");
}

}  // namespace

asio::awaitable<std::optional<ProbeFailure>> negotiate_starttls(tcp::socket& socket, Starttls kind, const std::string& domain) {
  switch (kind) {
    case Starttls::none: co_return std::nullopt;
    case Starttls::smtp: co_return co_await smtp(socket);
    case Starttls::xmpp: co_return co_await xmpp(socket, domain, false);
    case Starttls::xmpp_server: co_return co_await xmpp(socket, domain, true);
    case Starttls::postgres: co_return co_await postgres(socket);
  }
  co_return std::nullopt;
}

}  // namespace certkeep::net
