#include "cli/scan_sources.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

namespace certkeep::cli {
namespace {

// One client identity per (keystore, alias), however many endpoints present it.
class IdentityCache {
 public:
  Result<std::shared_ptr<const net::ClientIdentity>> get(const ProbeFlags& flags) {
    if (flags.client.file.empty()) return std::shared_ptr<const net::ClientIdentity>();
    const auto key = flags.client.file + '\n' + flags.alias;
    if (const auto it = cache_.find(key); it != cache_.end()) return it->second;
    auto id = flags.client_identity();
    if (!id) return id.error();
    cache_.emplace(key, *id);
    return *id;
  }

 private:
  std::map<std::string, std::shared_ptr<const net::ClientIdentity>> cache_;
};

Result<net::ScanTarget> target(const std::string& text, const ProbeFlags& flags, IdentityCache& identities) {
  auto options = flags.resolve();
  if (!options) return options.error();
  auto endpoint = net::parse_endpoint(text, net::default_port(options->starttls));
  if (!endpoint) return endpoint.error();
  auto client = identities.get(flags);
  if (!client) return client.error();
  options->client = std::move(*client);
  return net::ScanTarget{std::move(*endpoint), std::move(*options)};
}

// "host:port --opt value ..." with the command line's flags as defaults.
Result<net::ScanTarget> parse_line(const std::string& line, const ProbeFlags& defaults, IdentityCache& identities) {
  std::istringstream words(line);
  std::vector<std::string> tokens;
  for (std::string w; words >> w;) tokens.push_back(w);
  ProbeFlags flags = defaults;
  CLI::App app;
  std::string endpoint;
  app.add_option("endpoint", endpoint)->required();
  flags.add_to(app, "client-");
  std::ranges::reverse(tokens);  // CLI11 takes the arguments last first
  try {
    app.parse(tokens);
  } catch (const CLI::ParseError& e) {
    return fail(ErrorCode::invalid, e.what());
  }
  return target(endpoint, flags, identities);
}

Result<void> read_endpoints_file(const std::string& path, const ProbeFlags& defaults, IdentityCache& identities,
                                 std::vector<net::ScanTarget>& out) {
  std::ifstream in(path);
  if (!in) return fail(ErrorCode::not_found, path + ": cannot open the endpoints file");
  std::string line;
  for (std::size_t number = 1; std::getline(in, line); ++number) {
    const auto first = line.find_first_not_of(" \t\r");
    if (first == std::string::npos || line[first] == '#') continue;
    auto t = parse_line(line, defaults, identities);
    if (!t) return Error{t.error().code, path + ":" + std::to_string(number) + ": " + t.error().message};
    out.push_back(std::move(*t));
  }
  return {};
}

}  // namespace

Result<ScanSources> scan_sources(const std::vector<std::string>& inputs, const std::string& endpoints_file,
                                 const ProbeFlags& defaults) {
  ScanSources s;
  IdentityCache identities;
  for (const auto& input : inputs) {
    std::error_code ec;
    if (std::filesystem::exists(input, ec) || !net::parse_endpoint(input)) {
      s.paths.push_back(input);
      continue;
    }
    auto t = target(input, defaults, identities);
    if (!t) return t.error();
    s.endpoints.push_back(std::move(*t));
  }
  if (!endpoints_file.empty()) {
    if (auto r = read_endpoints_file(endpoints_file, defaults, identities, s.endpoints); !r) return r.error();
  }
  return s;
}

}  // namespace certkeep::cli
