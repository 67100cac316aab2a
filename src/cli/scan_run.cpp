#include "cli/scan_run.h"

#include <chrono>
#include <mutex>

namespace certkeep::cli {
namespace {

void add_file(ScanResult& out, FileReport&& r) {
  out.files.emplace_back(r.path, r.result.has_value());
  if (!r.result) {
    out.problems.push_back({Location::Kind::file, r.path, std::string(to_string(r.error->code)), r.error->message, true});
    return;
  }
  if (r.result->opened_with.well_known) out.default_passwords.push_back(r.path);
  for (const auto& e : r.result->keystore.entries)
    for (std::size_t depth = 0; depth < e.chain.size(); ++depth)
      out.index.add(e.chain[depth], {Location::Kind::file, r.path, e.alias, depth});
}

void add_endpoint(ScanResult& out, std::size_t index, const net::ProbeReport& r, const net::ProbeVerdict& v) {
  const auto where = r.endpoint.text();
  for (std::size_t depth = 0; depth < r.chain.size(); ++depth)
    out.index.add(r.chain[depth], {Location::Kind::endpoint, where, r.sni, depth});
  const double ms = r.connect_ms.value_or(0) + r.starttls_ms.value_or(0) + r.handshake_ms.value_or(0);
  // Success as the blackbox exporter means it: the endpoint answered TLS with a chain that verifies for
  // its name (an expiring certificate is still a success; the inventory warns about it).
  out.endpoints[index] = {where, v.health != net::Health::critical, v.code, ms / 1000.0};
  if (v.health == net::Health::critical) out.problems.push_back({Location::Kind::endpoint, where, v.code, v.reason, false});
}

}  // namespace

ScanResult run_scan(const ScanSources& sources, const ScanSettings& settings, const ScanProgress& progress) {
  const auto started = std::chrono::steady_clock::now();
  ScanResult out;
  out.at = settings.verdict.at;
  std::vector<PathError> walk_errors;
  const auto files = expand_paths(sources.paths, walk_errors);
  for (const auto& e : walk_errors) out.problems.push_back({Location::Kind::file, e.path, std::string(to_string(e.error.code)), e.error.message, true});
  const std::size_t total = files.size() + sources.endpoints.size();
  std::size_t done = 0;
  inspect_files(files, InventoryOptions{settings.passwords, settings.threads, std::nullopt}, [&](FileReport&& r) {
    add_file(out, std::move(r));
    if (progress) progress(++done, total);
  });
  out.endpoints.resize(sources.endpoints.size());
  std::mutex mutex;  // the sink runs on every event loop's thread: judging in parallel, recording under the lock
  net::scan_endpoints(sources.endpoints, settings.network, [&](std::size_t i, net::ProbeReport&& r) {
    const auto v = net::judge_probe(r, sources.endpoints[i].options, settings.verdict);
    const std::lock_guard lock(mutex);
    add_endpoint(out, i, r, v);
    if (progress) progress(++done, total);
  });
  out.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return out;
}

}  // namespace certkeep::cli
