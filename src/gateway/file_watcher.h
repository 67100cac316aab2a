// Watches the directories of the keystore files with inotify and calls back when something in them
// changed: written in place, replaced by an atomic rename (what editors, `certkeep keystore` and
// configuration managers do), a symlink swapped (Kubernetes secret volumes), deleted and recreated.
// Watching the directory, not the file, is what survives renames. A file renamed into place or closed
// after writing calls back at once; other events (create, delete, rename away: steps of a longer change)
// wait until the directory has been quiet for `settle`, so such a change is judged once, complete.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "core/util/result.h"

namespace certkeep::gateway {

class FileWatcher {
 public:
  // Starts watching the directories of `files`; `on_change` runs on the watcher's own thread.
  static Result<std::unique_ptr<FileWatcher>> start(const std::vector<std::string>& files, std::chrono::milliseconds settle,
                                                    std::function<void()> on_change);
  ~FileWatcher();  // stops the thread
  FileWatcher(const FileWatcher&) = delete;
  FileWatcher& operator=(const FileWatcher&) = delete;

 private:
  FileWatcher(int inotify, int stop, std::chrono::milliseconds settle, std::function<void()> on_change);
  void run();
  bool wait_readable(int timeout_ms);  // false: stop requested
  bool drain();  // reads every pending event; true if the last one completed a file (renamed in, closed after writing)

  int inotify_;
  int stop_;
  std::chrono::milliseconds settle_;
  std::function<void()> on_change_;
  std::thread thread_;
};

}  // namespace certkeep::gateway
