#include "gateway/file_watcher.h"

#include <array>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <set>

#include <poll.h>
#include <sys/eventfd.h>
#include <sys/inotify.h>
#include <unistd.h>

namespace certkeep::gateway {
namespace {

constexpr std::uint32_t kEvents = IN_CLOSE_WRITE | IN_MOVED_TO | IN_MOVED_FROM | IN_CREATE | IN_DELETE | IN_ATTRIB | IN_DELETE_SELF;

std::string directory_of(const std::string& file) {
  auto dir = std::filesystem::path(file).parent_path();
  return dir.empty() ? "." : dir.string();
}

}  // namespace

Result<std::unique_ptr<FileWatcher>> FileWatcher::start(const std::vector<std::string>& files, std::chrono::milliseconds settle,
                                                        std::function<void()> on_change) {
  const int inotify = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
  if (inotify < 0) return fail(ErrorCode::io, std::string("cannot watch keystore files: inotify: ") + std::strerror(errno));
  const int stop = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
  std::unique_ptr<FileWatcher> w(new FileWatcher(inotify, stop, settle, std::move(on_change)));
  if (stop < 0) return fail(ErrorCode::io, std::string("cannot watch keystore files: eventfd: ") + std::strerror(errno));
  std::set<std::string> dirs;
  for (const auto& f : files) dirs.insert(directory_of(f));
  for (const auto& d : dirs)
    if (inotify_add_watch(inotify, d.c_str(), kEvents) < 0)
      return fail(ErrorCode::io, "cannot watch directory " + d + ": " + std::strerror(errno));
  w->thread_ = std::thread([raw = w.get()] { raw->run(); });
  return w;
}

FileWatcher::FileWatcher(int inotify, int stop, std::chrono::milliseconds settle, std::function<void()> on_change)
    : inotify_(inotify), stop_(stop), settle_(settle), on_change_(std::move(on_change)) {}

FileWatcher::~FileWatcher() {
  if (thread_.joinable()) {
    const std::uint64_t one = 1;
    (void)!::write(stop_, &one, sizeof one);
    thread_.join();
  }
  if (stop_ >= 0) ::close(stop_);
  ::close(inotify_);
}

bool FileWatcher::wait_readable(int timeout_ms) {
  std::array<pollfd, 2> fds = {pollfd{inotify_, POLLIN, 0}, pollfd{stop_, POLLIN, 0}};
  while (::poll(fds.data(), fds.size(), timeout_ms) < 0)
    if (errno != EINTR) return false;
  return (fds[1].revents & POLLIN) == 0;
}

bool FileWatcher::drain() {
  alignas(inotify_event) std::array<char, 4096> buffer{};
  std::uint32_t last = 0;
  for (;;) {
    const ssize_t n = ::read(inotify_, buffer.data(), buffer.size());
    if (n <= 0) break;
    for (ssize_t at = 0; at + static_cast<ssize_t>(sizeof(inotify_event)) <= n;) {
      inotify_event event{};
      std::memcpy(&event, buffer.data() + at, sizeof event);
      last = event.mask;
      at += static_cast<ssize_t>(sizeof(inotify_event) + event.len);
    }
  }
  return (last & (IN_MOVED_TO | IN_CLOSE_WRITE)) != 0;
}

void FileWatcher::run() {
  for (;;) {
    if (!wait_readable(-1)) return;
    // Something changed. A file renamed into place or closed after writing is complete: it is judged at
    // once. Anything else (a create, a delete, a rename away) may be one step of several: it is judged
    // when the directory has been quiet for `settle`, or as soon as a later step completes a file.
    bool complete = drain();
    while (!complete) {
      std::array<pollfd, 2> fds = {pollfd{inotify_, POLLIN, 0}, pollfd{stop_, POLLIN, 0}};
      const int n = ::poll(fds.data(), fds.size(), static_cast<int>(settle_.count()));
      if (n > 0 && (fds[1].revents & POLLIN) != 0) return;
      if (n > 0) {
        complete = drain();
        continue;
      }
      if (n == 0 || errno != EINTR) break;
    }
    on_change_();
  }
}

}  // namespace certkeep::gateway
