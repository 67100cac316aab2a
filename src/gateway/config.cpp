#include "gateway/config.h"

#include <algorithm>
#include <filesystem>
#include <set>

#include <toml++/toml.h>

#include "core/util/clock.h"
#include "core/util/file.h"
#include "net/tls_names.h"

namespace certkeep::gateway {
namespace {

namespace fs = std::filesystem;

// Reads one TOML table into values. The first problem found is kept (later reads return defaults), so
// the code that describes the schema stays a straight list of fields.
class Parser {
 public:
  Parser(std::string source, std::optional<Error>& error) : source_(std::move(source)), base_(fs::path(source_).parent_path()), error_(error) {}

  // A view of `table` (named `where` in messages) whose fields are read one by one; finish() reports
  // every key that was not read (a typo, a misplaced option).
  class Section {
   public:
    Section(Parser& p, const toml::table& table, std::string where) : p_(p), table_(table), where_(std::move(where)) {}

    std::optional<std::string> string(std::string_view key) {
      const toml::node* n = get(key);
      if (n == nullptr) return std::nullopt;
      if (const auto* s = n->as_string()) return s->get();
      p_.wrong(*n, where_ + key_text(key) + " must be a string");
      return std::nullopt;
    }
    std::string string_or(std::string_view key, std::string fallback) { return string(key).value_or(std::move(fallback)); }

    std::optional<std::int64_t> integer(std::string_view key, std::int64_t min, std::int64_t max) {
      const toml::node* n = get(key);
      if (n == nullptr) return std::nullopt;
      const auto* i = n->as_integer();
      if (i == nullptr || i->get() < min || i->get() > max) {
        p_.wrong(*n, where_ + key_text(key) + " must be a whole number from " + std::to_string(min) + " to " + std::to_string(max));
        return std::nullopt;
      }
      return i->get();
    }

    std::optional<bool> boolean(std::string_view key) {
      const toml::node* n = get(key);
      if (n == nullptr) return std::nullopt;
      if (const auto* b = n->as_boolean()) return b->get();
      p_.wrong(*n, where_ + key_text(key) + " must be true or false");
      return std::nullopt;
    }

    void duration(std::string_view key, milliseconds& out) {
      const toml::node* n = get(key);
      if (n == nullptr) return;
      const auto* s = n->as_string();
      const auto d = s != nullptr ? parse_duration(s->get()) : std::nullopt;
      if (!d || *d <= milliseconds::zero()) return p_.wrong(*n, where_ + key_text(key) + " must be a duration such as \"10s\", \"500ms\" or \"1h\"");
      out = *d;
    }

    // A string or an array of strings.
    std::vector<std::string> strings(std::string_view key) {
      const toml::node* n = get(key);
      std::vector<std::string> out;
      if (n == nullptr) return out;
      if (const auto* s = n->as_string()) return {s->get()};
      const auto* a = n->as_array();
      if (a != nullptr && a->is_homogeneous(toml::node_type::string)) {
        for (const auto& e : *a) out.push_back(e.as_string()->get());
        return out;
      }
      p_.wrong(*n, where_ + key_text(key) + " must be a string or a list of strings");
      return {};
    }

    std::optional<std::string> path(std::string_view key) {
      auto s = string(key);
      if (s) return p_.resolve(*s);
      return s;
    }
    std::vector<std::string> paths(std::string_view key) {
      auto list = strings(key);
      for (auto& s : list) s = p_.resolve(s);
      return list;
    }

    std::optional<net::Endpoint> endpoint(std::string_view key, bool required) {
      const toml::node* n = get(key);
      if (n == nullptr) {
        if (required) p_.missing(table_, where_ + key_text(key) + " is required (\"host:port\")");
        return std::nullopt;
      }
      const auto* s = n->as_string();
      auto e = s != nullptr ? net::parse_endpoint(s->get()) : fail(ErrorCode::invalid, "it must be a string \"host:port\"");
      if (!e) {
        p_.wrong(*n, where_ + key_text(key) + ": " + e.error().message);
        return std::nullopt;
      }
      return *e;
    }

    // Each table of an array of tables (`[[key]]`), or the one table `[key]`.
    std::vector<Section> tables(std::string_view key) {
      const toml::node* n = get(key);
      std::vector<Section> out;
      if (n == nullptr) return out;
      if (const auto* t = n->as_table()) {
        out.emplace_back(p_, *t, where_ + key_text(key));
        return out;
      }
      const auto* a = n->as_array();
      if (a == nullptr || !a->is_homogeneous(toml::node_type::table)) {
        p_.wrong(*n, where_ + key_text(key) + " must be a table ([" + std::string(key) + "]) or tables ([[" + std::string(key) + "]])");
        return out;
      }
      for (std::size_t i = 0; i < a->size(); ++i) out.emplace_back(p_, *a->get(i)->as_table(), where_ + key_text(key) + "[" + std::to_string(i + 1) + "]");
      return out;
    }

    void finish() {
      for (const auto& [key, node] : table_)
        if (!used_.contains(std::string(key.str()))) p_.wrong(node, "unknown setting " + where_ + key_text(key.str()));
    }

    [[nodiscard]] const toml::table& table() const { return table_; }
    [[nodiscard]] const std::string& where() const { return where_; }

   private:
    const toml::node* get(std::string_view key) {
      used_.insert(std::string(key));
      return table_.get(key);
    }
    [[nodiscard]] std::string key_text(std::string_view key) const { return (where_.empty() ? "" : ".") + std::string(key); }

    Parser& p_;
    const toml::table& table_;
    std::string where_;
    std::set<std::string> used_;
  };

  void wrong(const toml::node& n, const std::string& what) { record(n.source(), what); }
  void missing(const toml::table& t, const std::string& what) { record(t.source(), what); }
  void record(const toml::source_region& at, const std::string& what) {
    if (error_) return;
    error_ = Error{ErrorCode::invalid, source_ + ":" + std::to_string(at.begin.line) + ":" + std::to_string(at.begin.column) + ": " + what};
  }
  void whole(const std::string& what) {
    if (!error_) error_ = Error{ErrorCode::invalid, source_ + ": " + what};
  }
  [[nodiscard]] bool failed() const { return error_.has_value(); }

  [[nodiscard]] std::string resolve(const std::string& p) const {
    if (p.empty() || fs::path(p).is_absolute()) return p;
    return (base_ / p).lexically_normal().string();
  }

 private:
  std::string source_;
  fs::path base_;
  std::optional<Error>& error_;
};

using Section = Parser::Section;

int tls_version(Parser& p, Section& s, std::string_view key) {
  const auto text = s.string(key);
  if (!text) return 0;
  const auto v = net::parse_tls_version(*text);
  if (!v) p.missing(s.table(), s.where() + "." + std::string(key) + ": \"" + *text + "\" is not a TLS version (1.2 or 1.3)");
  return v.value_or(0);
}

TlsPolicy tls_policy(Parser& p, Section& s) {
  TlsPolicy t;
  t.min_version = tls_version(p, s, "min_tls");
  t.max_version = tls_version(p, s, "max_tls");
  t.ciphers = s.string_or("ciphers", "");
  t.ciphersuites = s.string_or("ciphersuites", "");
  if (t.min_version != 0 && t.max_version != 0 && t.min_version > t.max_version)
    p.missing(s.table(), s.where() + ": min_tls is above max_tls");
  return t;
}

CertificateSource certificate(Parser& p, Section& s) {
  CertificateSource c;
  c.keystore = s.path("keystore").value_or("");
  c.alias = s.string_or("alias", "");
  c.password.file = s.path("password_file").value_or("");
  c.password.env = s.string_or("password_env", "");
  c.names = s.strings("names");
  c.ca_files = s.paths("ca_file");
  c.system_store = s.boolean("system_store").value_or(false);
  if (s.string("password"))
    p.missing(s.table(), s.where() + ".password: a password is never written in the configuration; use password_file or password_env");
  s.finish();
  if (c.keystore.empty()) p.missing(s.table(), s.where() + ".keystore is required");
  if (!c.password.file.empty() && !c.password.env.empty())
    p.missing(s.table(), s.where() + ": password_file and password_env are alternatives; give one");
  return c;
}

Backend backend(Parser& p, Section& s) {
  Backend b;
  const auto text = s.string("backend");
  if (!text) {
    p.missing(s.table(), s.where() + ".backend is required (\"host:port\" or \"unix:/path\")");
    return b;
  }
  if (text->starts_with("unix:")) {
    b.unix_path = p.resolve(text->substr(5));
    if (b.unix_path.empty()) p.missing(s.table(), s.where() + ".backend: \"unix:\" needs a socket path");
    return b;
  }
  auto e = net::parse_endpoint(*text);
  if (!e) p.missing(s.table(), s.where() + ".backend: " + e.error().message);
  else b.tcp = *e;
  return b;
}

ClientAuth client_auth(Parser& p, Section& s) {
  const auto text = s.string_or("client_auth", "none");
  if (text == "none") return ClientAuth::none;
  if (text == "optional") return ClientAuth::optional;
  if (text == "required") return ClientAuth::required;
  p.missing(s.table(), s.where() + ".client_auth: \"" + text + "\" is not one of none, optional, required");
  return ClientAuth::none;
}

Inbound inbound(Parser& p, Section& s) {
  Inbound in;
  in.name = s.string_or("name", "inbound");
  in.listen = s.endpoint("listen", true).value_or(net::Endpoint{});
  in.backend = backend(p, s);
  in.tls = tls_policy(p, s);
  in.client_auth = client_auth(p, s);
  in.client_ca_files = s.paths("client_ca_file");
  auto certificates = s.tables("certificate");
  s.finish();
  for (auto& c : certificates) in.certificates.push_back(certificate(p, c));
  if (in.certificates.empty()) p.missing(s.table(), s.where() + " needs at least one [[inbound.certificate]]");
  if (in.client_auth != ClientAuth::none && in.client_ca_files.empty())
    p.missing(s.table(), s.where() + ": client_auth \"" + (in.client_auth == ClientAuth::required ? "required" : "optional") +
                             "\" needs client_ca_file (the CAs client certificates must chain to)");
  return in;
}

Outbound outbound(Parser& p, Section& s) {
  Outbound out;
  out.name = s.string_or("name", "outbound");
  out.listen = s.endpoint("listen", true).value_or(net::Endpoint{});
  out.upstream = s.endpoint("upstream", true).value_or(net::Endpoint{});
  out.sni = s.string_or("sni", out.upstream.host_is_ip() ? "" : out.upstream.host);
  out.verify_name = s.string_or("verify_name", out.sni.empty() ? out.upstream.host : out.sni);
  out.tls = tls_policy(p, s);
  out.ca_files = s.paths("ca_file");
  auto client = s.tables("client_certificate");
  s.finish();
  for (auto& c : client) out.client_certificate = certificate(p, c);
  return out;
}

void limits(Section& s, Limits& l) {
  if (auto n = s.integer("max_connections", 1, 10'000'000)) l.max_connections = static_cast<std::size_t>(*n);
  s.duration("handshake_timeout", l.handshake_timeout);
  s.duration("connect_timeout", l.connect_timeout);
  s.duration("idle_timeout", l.idle_timeout);
  s.duration("drain_timeout", l.drain_timeout);
  s.finish();
}

void top_level(Parser& p, Section& s, Config& c) {
  if (auto n = s.integer("threads", 0, 256)) c.threads = static_cast<unsigned>(*n);
  s.duration("ticket_rotation", c.ticket_rotation);
  s.duration("reload_delay", c.reload_delay);
  const auto log = s.string_or("log_format", "text");
  if (log == "json") c.log_format = LogFormat::json;
  else if (log != "text") p.missing(s.table(), "log_format: \"" + log + "\" is not text or json");
  for (auto& a : s.tables("admin")) {
    c.admin = a.endpoint("listen", true);
    a.finish();
  }
  for (auto& l : s.tables("limits")) limits(l, c.limits);
  for (auto& in : s.tables("inbound")) c.inbound.push_back(inbound(p, in));
  for (auto& out : s.tables("outbound")) c.outbound.push_back(outbound(p, out));
  s.finish();
  if (c.inbound.empty() && c.outbound.empty()) p.whole("no [[inbound]] or [[outbound]] endpoint: nothing to serve");
}

// Two endpoints listening on the same address, or sharing a name, would confuse logs, /status and the OS.
void check_unique(Parser& p, const Config& c) {
  std::set<std::string> names, listens;
  const auto add = [&](const std::string& name, const net::Endpoint& listen) {
    if (!names.insert(name).second) p.whole("two endpoints are named \"" + name + "\"; give each its own name");
    if (!listens.insert(listen.text()).second) p.whole("two endpoints listen on " + listen.text());
  };
  for (const auto& in : c.inbound) add(in.name, in.listen);
  for (const auto& out : c.outbound) add(out.name, out.listen);
  if (c.admin && !listens.insert(c.admin->text()).second) p.whole("the admin endpoint listens on " + c.admin->text() + ", as an endpoint does");
}

}  // namespace

std::string Backend::text() const { return tcp ? tcp->text() : "unix:" + unix_path; }

Result<Config> parse_config(std::string_view text, const std::string& source) {
  toml::table table;
  try {
    table = toml::parse(text, source);
  } catch (const toml::parse_error& e) {
    const auto& at = e.source().begin;
    return fail(ErrorCode::invalid, source + ":" + std::to_string(at.line) + ":" + std::to_string(at.column) + ": " + std::string(e.description()));
  }
  std::optional<Error> error;
  Parser parser(source, error);
  Config config;
  config.source = source;
  Section top(parser, table, "");
  top_level(parser, top, config);
  if (!error) check_unique(parser, config);
  if (error) return *error;
  return config;
}

Result<Config> load_config(const std::string& path) {
  auto bytes = read_file(path);
  if (!bytes) return Error{bytes.error().code, path + ": " + bytes.error().message};
  return parse_config(std::string_view(reinterpret_cast<const char*>(bytes->data()), bytes->size()), path);
}

}  // namespace certkeep::gateway
