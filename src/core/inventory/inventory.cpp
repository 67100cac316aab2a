#include "core/inventory/inventory.h"

#include <algorithm>
#include <system_error>
#include <thread>

#include "core/ossl/thread_context.h"
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

namespace {

// Every certificate's details, computed here on the reading thread: whoever receives the report (a
// sink on another thread) only reads them, and does no OpenSSL work of its own.
void compute_details(const Keystore& keystore) {
  for (const auto& entry : keystore.entries)
    for (const auto& certificate : entry.chain) (void)certificate.details();
}

}  // namespace

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
  compute_details(report.result->keystore);
  if (options.chain_check) report.chains = check_chains(report.result->keystore, *options.chain_check);
  return report;
}

FileReport inspect_file(const std::string& path, std::span<const PasswordCandidate> passwords) {
  InventoryOptions options;
  options.passwords.assign(passwords.begin(), passwords.end());
  return inspect_file(path, options);
}

namespace inventory_detail {

std::function<std::optional<Work>()> take_from(PathWalk& walk) {
  return [&walk]() -> std::optional<Work> {
    auto step = walk.next();
    if (!step) return std::nullopt;
    if (!step->error) return Work(std::move(step->path));
    return Work(FileReport{std::move(step->path), std::nullopt, std::move(step->error), {}});
  };
}

std::function<std::optional<Work>()> take_from(const std::vector<std::string>& files) {
  return [&files, next = std::size_t{0}]() mutable -> std::optional<Work> {
    if (next == files.size()) return std::nullopt;
    return Work(files[next++]);
  };
}

FileReport read(Work&& work, const InventoryOptions& options) {
  if (auto* report = std::get_if<FileReport>(&work)) return std::move(*report);
  ossl::use_own_context_on_this_thread();  // workers decode side by side (thread_context.h)
  return inspect_file(std::get<std::string>(work), options);
}

unsigned worker_count(const InventoryOptions& options) {
  return options.threads != 0 ? options.threads : std::max(1U, std::thread::hardware_concurrency());
}

}  // namespace inventory_detail
}  // namespace certkeep
