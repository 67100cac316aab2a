#include "core/inventory/inventory.h"

#include <algorithm>
#include <condition_variable>
#include <mutex>
#include <system_error>
#include <thread>

#include "core/util/atomic_file.h"
#include "core/util/file.h"

namespace certkeep {
namespace fs = std::filesystem;

namespace {

// Backups certkeep made when it rewrote a keystore hold the old, often expired, certificates: listing
// them in every walk would raise alarms about files nobody serves.
bool is_backup(const fs::path& p) { return p.filename().string().ends_with(kBackupSuffix); }

void walk_directory(const std::string& dir, std::vector<std::string>& out, std::vector<PathError>& errors) {
  std::error_code ec;
  std::vector<std::string> found;
  fs::recursive_directory_iterator it(dir, fs::directory_options::skip_permission_denied, ec);
  if (ec) {
    errors.push_back({dir, Error{ErrorCode::io, "cannot list directory: " + ec.message()}});
    return;
  }
  for (; it != fs::recursive_directory_iterator(); it.increment(ec)) {
    if (ec) {
      errors.push_back({it->path().string(), Error{ErrorCode::io, "cannot list directory: " + ec.message()}});
      ec.clear();
      continue;
    }
    std::error_code sec;
    if (it->is_regular_file(sec) && !is_backup(it->path())) found.push_back(it->path().string());
  }
  std::sort(found.begin(), found.end());
  out.insert(out.end(), found.begin(), found.end());
}

}  // namespace

std::vector<std::string> expand_paths(const std::vector<std::string>& inputs, std::vector<PathError>& errors) {
  std::vector<std::string> files;
  for (const auto& in : inputs) {
    std::error_code ec;
    const auto st = fs::status(in, ec);
    if (st.type() == fs::file_type::directory)
      walk_directory(in, files, errors);
    else
      files.push_back(in);  // missing or unreadable files report their own error when read
  }
  return files;
}

FileReport inspect_file(const std::string& path, const InventoryOptions& options) {
  FileReport report;
  report.path = path;
  auto bytes = read_file(path);
  if (!bytes) {
    report.error = bytes.error();
    return report;
  }
  auto read = read_keystore(*bytes, options.passwords);
  if (!read) {
    report.error = read.error();
    return report;
  }
  report.result = std::move(*read);
  if (options.chain_check) report.chains = check_chains(report.result->keystore, *options.chain_check);
  return report;
}

FileReport inspect_file(const std::string& path, std::span<const PasswordCandidate> passwords) {
  InventoryOptions options;
  options.passwords.assign(passwords.begin(), passwords.end());
  return inspect_file(path, options);
}

void inspect_files(const std::vector<std::string>& files, const InventoryOptions& options,
                   const std::function<void(FileReport&&)>& sink) {
  constexpr std::size_t kWindow = 64;  // reports read ahead of the sink, at most
  std::vector<std::optional<FileReport>> ring(kWindow);
  std::mutex mu;
  std::condition_variable cv;
  std::size_t next = 0, consumed = 0;

  auto worker = [&] {
    for (;;) {
      std::size_t i = 0;
      {
        std::unique_lock lock(mu);
        cv.wait(lock, [&] { return next >= files.size() || next < consumed + kWindow; });
        if (next >= files.size()) return;
        i = next++;
      }
      FileReport r = inspect_file(files[i], options);
      {
        std::lock_guard lock(mu);
        ring[i % kWindow] = std::move(r);
      }
      cv.notify_all();
    }
  };
  unsigned n = options.threads != 0 ? options.threads : std::max(1U, std::thread::hardware_concurrency());
  n = static_cast<unsigned>(std::min<std::size_t>(n, std::max<std::size_t>(files.size(), 1)));
  std::vector<std::jthread> pool;
  for (unsigned t = 0; t < n; ++t) pool.emplace_back(worker);
  while (consumed < files.size()) {
    FileReport r;
    {
      std::unique_lock lock(mu);
      cv.wait(lock, [&] { return ring[consumed % kWindow].has_value(); });
      r = std::move(*ring[consumed % kWindow]);
      ring[consumed % kWindow].reset();
      ++consumed;
    }
    cv.notify_all();
    sink(std::move(r));
  }
}

}  // namespace certkeep
