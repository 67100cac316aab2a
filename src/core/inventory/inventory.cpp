#include "core/inventory/inventory.h"

#include <algorithm>
#include <condition_variable>
#include <mutex>
#include <system_error>
#include <thread>
#include <variant>

#include "core/util/atomic_file.h"
#include "core/util/file.h"

namespace certkeep {
namespace fs = std::filesystem;

namespace {

// Backups certkeep made when it rewrote a keystore hold the old, often expired, certificates: listing
// them in every walk would raise alarms about files nobody serves.
bool is_backup(const fs::path& p) { return p.filename().string().ends_with(kBackupSuffix); }

struct Listed {
  std::string key;  // the name, with '/' after a directory's: sorts as the full paths below it do
  bool directory = false;
};

}  // namespace

// One directory being walked: its entries, sorted, and how far the walk has got.
struct PathWalk::Directory {
  std::string path;
  std::vector<Listed> entries;
  std::size_t next = 0;

  // Lists `dir`; an error when it cannot be opened or read to the end.
  static Result<Directory> list(const std::string& dir) {
    std::error_code ec;
    Directory d{dir, {}, 0};
    fs::directory_iterator it(dir, ec);  // a directory that cannot be read is an error, not an empty one
    for (; !ec && it != fs::directory_iterator(); it.increment(ec)) {
      std::error_code sec;
      const bool directory = it->is_directory(sec) && !it->is_symlink(sec);  // symlinked directories are not followed
      const bool file = !directory && it->is_regular_file(sec) && !is_backup(it->path());
      if (directory || file) d.entries.push_back({it->path().filename().string() + (directory ? "/" : ""), directory});
    }
    if (ec) return fail(ErrorCode::io, "cannot list directory: " + ec.message());
    std::ranges::sort(d.entries, {}, &Listed::key);
    return d;
  }

  std::string child(const Listed& e) const {
    const std::string name = e.directory ? e.key.substr(0, e.key.size() - 1) : e.key;
    return path.ends_with('/') ? path + name : path + "/" + name;
  }
};

PathWalk::PathWalk(std::vector<std::string> inputs) : inputs_(std::move(inputs)) {}
PathWalk::~PathWalk() = default;

std::optional<PathWalk::Step> PathWalk::next() {
  while (!stack_.empty()) {
    Directory& top = stack_.back();
    if (top.next == top.entries.size()) {
      stack_.pop_back();
      continue;
    }
    const Listed& e = top.entries[top.next++];
    std::string path = top.child(e);
    if (!e.directory) return Step{std::move(path), std::nullopt};
    auto listed = Directory::list(path);
    if (!listed) return Step{std::move(path), listed.error()};
    stack_.push_back(std::move(*listed));
  }
  if (next_input_ == inputs_.size()) return std::nullopt;
  const std::string& in = inputs_[next_input_++];
  std::error_code ec;
  if (fs::status(in, ec).type() != fs::file_type::directory) return Step{in, std::nullopt};  // missing files report their own error when read
  auto listed = Directory::list(in);
  if (!listed) return Step{in, listed.error()};
  stack_.push_back(std::move(*listed));
  return next();
}

std::vector<std::string> expand_paths(const std::vector<std::string>& inputs, std::vector<PathError>& errors) {
  std::vector<std::string> files;
  PathWalk walk(inputs);
  while (auto step = walk.next()) {
    if (step->error) errors.push_back({std::move(step->path), std::move(*step->error)});
    else files.push_back(std::move(step->path));
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

namespace {

// A file to read, or a report already made (a directory that could not be listed).
using Work = std::variant<std::string, FileReport>;

// Takes work from `take` (under the lock, in order) as workers need it, and hands the reports to `sink`
// in that order; at most kWindow reports are held.
void run_in_order(const std::function<std::optional<Work>()>& take, const InventoryOptions& options,
                  const std::function<void(FileReport&&)>& sink) {
  constexpr std::size_t kWindow = 64;  // reports read ahead of the sink, at most
  std::vector<std::optional<FileReport>> ring(kWindow);
  std::mutex mu;
  std::condition_variable cv;
  std::size_t taken = 0, consumed = 0;
  bool exhausted = false;

  auto worker = [&] {
    for (;;) {
      std::optional<Work> work;
      std::size_t i = 0;
      {
        std::unique_lock lock(mu);
        cv.wait(lock, [&] { return exhausted || taken < consumed + kWindow; });
        if (exhausted) return;
        work = take();
        if (!work) {
          exhausted = true;
          cv.notify_all();
          return;
        }
        i = taken++;
      }
      FileReport r = std::holds_alternative<std::string>(*work) ? inspect_file(std::get<std::string>(*work), options)
                                                               : std::move(std::get<FileReport>(*work));
      {
        std::lock_guard lock(mu);
        ring[i % kWindow] = std::move(r);
      }
      cv.notify_all();
    }
  };
  const unsigned n = options.threads != 0 ? options.threads : std::max(1U, std::thread::hardware_concurrency());
  std::vector<std::jthread> pool;
  for (unsigned t = 0; t < n; ++t) pool.emplace_back(worker);
  for (;;) {
    FileReport r;
    {
      std::unique_lock lock(mu);
      cv.wait(lock, [&] { return ring[consumed % kWindow].has_value() || (exhausted && consumed == taken); });
      if (!ring[consumed % kWindow]) return;  // every report handed over
      r = std::move(*ring[consumed % kWindow]);
      ring[consumed % kWindow].reset();
      ++consumed;
    }
    cv.notify_all();
    sink(std::move(r));
  }
}

}  // namespace

void inspect_files(const std::vector<std::string>& files, const InventoryOptions& options,
                   const std::function<void(FileReport&&)>& sink) {
  std::size_t next = 0;
  run_in_order([&]() -> std::optional<Work> { return next < files.size() ? std::optional<Work>(files[next++]) : std::nullopt; },
               options, sink);
}

void inspect_files(PathWalk& walk, const InventoryOptions& options, const std::function<void(FileReport&&)>& sink) {
  run_in_order(
      [&]() -> std::optional<Work> {
        auto step = walk.next();
        if (!step) return std::nullopt;
        if (!step->error) return Work(std::move(step->path));
        return Work(FileReport{std::move(step->path), std::nullopt, std::move(step->error), {}});
      },
      options, sink);
}

}  // namespace certkeep
