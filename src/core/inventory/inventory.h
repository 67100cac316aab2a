// Inventory of certificates on disk: expands paths (directories recursively), reads every file with
// read_keystore, in parallel. The unit behind `certkeep inspect` and, later, `scan` and the agent.
#pragma once

#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <type_traits>
#include <variant>
#include <vector>

#include "core/inventory/chain_check.h"
#include "core/keystore/reader.h"
#include "core/util/ordered_pool.h"
#include "core/util/result.h"

namespace certkeep {

struct FileReport {
  std::string path;                   // as given or found under a given directory
  std::optional<ReadResult> result;   // set when the file was read
  std::optional<Error> error;         // set when it was not
  std::vector<std::optional<VerifyResult>> chains;  // per entry, when chain checking was asked for
};

struct PathError {
  std::string path;
  Error error;
};

// The files named by `inputs`, one at a time: a file stays itself; a directory yields every regular file
// below it in the order of their full paths (byte order), following no symlinked directories, leaving
// out certkeep's own backups ("*.certkeep.bak", atomic_file.h; named on the command line they are read
// like any file). Only the listings of the directories on the way down to the current file are held,
// so memory does not grow with the number of files.
class PathWalk {
 public:
  explicit PathWalk(std::vector<std::string> inputs);
  ~PathWalk();
  PathWalk(const PathWalk&) = delete;
  PathWalk& operator=(const PathWalk&) = delete;

  struct Step {
    std::string path;
    std::optional<Error> error;  // a directory that could not be listed (`io`), in its place in the order
  };
  // The next file or listing error; nullopt at the end.
  std::optional<Step> next();

 private:
  struct Directory;
  std::vector<std::string> inputs_;
  std::size_t next_input_ = 0;
  std::vector<Directory> stack_;
};

// Every step of a PathWalk over `inputs`: files in order, listing errors apart.
std::vector<std::string> expand_paths(const std::vector<std::string>& inputs, std::vector<PathError>& errors);

struct InventoryOptions {
  std::vector<PasswordCandidate> passwords;
  unsigned threads = 0;  // 0: one per core
  std::optional<ChainCheckOptions> chain_check;  // verify every entry's chain (see chain_check.h)
};

// Reads one file, and checks its chains when `options.chain_check` is set.
FileReport inspect_file(const std::string& path, const InventoryOptions& options);

// Reads one file with these passwords, without chain checks.
FileReport inspect_file(const std::string& path, std::span<const PasswordCandidate> passwords);

namespace inventory_detail {
// A file to read, or a report already made (a directory that could not be listed).
using Work = std::variant<std::string, FileReport>;
std::function<std::optional<Work>()> take_from(PathWalk& walk);
std::function<std::optional<Work>()> take_from(const std::vector<std::string>& files);
FileReport read(Work&& work, const InventoryOptions& options);
unsigned worker_count(const InventoryOptions& options);
}  // namespace inventory_detail

// Reads every file of `files` (a PathWalk, or a vector of paths) on `options.threads` workers, turns
// each report into what the sink needs with `finish` on the worker that read it, and hands the results
// to `sink` on the calling thread in the order of the files. Files are taken from a walk as the workers
// need them; a directory that could not be listed is a report with its error, in its place. At most a
// small window of results is held, so memory stays flat however many files there are.
// Finishing on the worker keeps the calling thread free of OpenSSL and lets the report be freed on the
// thread that made it: glibc's malloc makes a thread that frees another thread's memory wait for that
// thread's arena.
template <typename Files, typename Finish, typename Sink>
void inspect_files(Files& files, const InventoryOptions& options, Finish finish, Sink sink) {
  using Out = std::invoke_result_t<Finish, FileReport&&>;
  run_in_order<inventory_detail::Work, Out>(
      inventory_detail::take_from(files),
      [&](inventory_detail::Work&& work) { return finish(inventory_detail::read(std::move(work), options)); },
      inventory_detail::worker_count(options), sink);
}

// The same, handing over the reports themselves.
template <typename Files, typename Sink>
void inspect_files(Files& files, const InventoryOptions& options, Sink sink) {
  inspect_files(files, options, [](FileReport&& r) { return std::move(r); }, std::move(sink));
}

}  // namespace certkeep
