#include "core/util/atomic_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <string>

#include "core/util/crash_point.h"

namespace certkeep {
namespace fs = std::filesystem;
namespace {

// The temporary file is written in about kChunks pieces, each a crash point, of at least kMinChunk bytes:
// crash tests reach the middle of a small store, and a large one costs a handful of system calls.
constexpr std::size_t kMinChunk = 1024;
constexpr std::size_t kChunks = 8;
constexpr int kMaxBackupTries = 100;
constexpr mode_t kNewFileMode = 0600;

std::string reason(int err) {
  switch (err) {
    case ENOSPC: return "the disk is full";
    case EDQUOT: return "the disk quota is exhausted";
    case EROFS: return "the file system is read-only";
    case EACCES:
    case EPERM: return "permission denied";
    case EFBIG: return "the file would exceed the size limit";
    default: return std::strerror(err);
  }
}

Unexpected os_error(const fs::path& path, const std::string& doing, int err) {
  return fail(ErrorCode::io, path.string() + ": cannot " + doing + ": " + reason(err) + "; nothing was changed");
}

// Owns a file descriptor; closes it on scope exit.
class Fd {
 public:
  explicit Fd(int fd) : fd_(fd) {}
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  ~Fd() { close(); }
  int get() const { return fd_; }
  int close() {
    const int rc = fd_ >= 0 ? ::close(fd_) : 0;
    fd_ = -1;
    return rc;
  }

 private:
  int fd_;
};

// The temporary file: removed on scope exit unless it was renamed into place.
class TempFile {
 public:
  explicit TempFile(fs::path path) : path_(std::move(path)) {}
  TempFile(const TempFile&) = delete;
  TempFile& operator=(const TempFile&) = delete;
  ~TempFile() {
    if (!committed_) ::unlink(path_.c_str());
  }
  const fs::path& path() const { return path_; }
  void committed() { committed_ = true; }

 private:
  fs::path path_;
  bool committed_ = false;
};

std::string octal_mode(mode_t mode) {
  std::string out;
  for (int shift = 9; shift >= 0; shift -= 3) out += static_cast<char>('0' + ((mode >> shift) & 07));
  return out;
}

struct Target {
  fs::path shown;                 // as the caller named it, for messages
  fs::path path;                  // symlinks resolved: the file that really changes
  std::optional<struct stat> st;  // absent when it does not exist yet
};

Result<Target> examine(const fs::path& given, Existing existing) {
  struct stat st {};
  if (::stat(given.c_str(), &st) != 0) {
    if (errno != ENOENT) return os_error(given, "examine the file", errno);
    if (existing == Existing::replace) return fail(ErrorCode::not_found, given.string() + ": no such file");
    return Target{given, given, std::nullopt};
  }
  if (existing == Existing::create) return fail(ErrorCode::invalid, given.string() + ": already exists; nothing was changed");
  if (!S_ISREG(st.st_mode)) return fail(ErrorCode::io, given.string() + ": not a regular file; nothing was changed");
  std::error_code ec;
  fs::path real = fs::canonical(given, ec);
  if (ec) return os_error(given, "resolve the path", ec.value());
  if ((st.st_mode & 0222) == 0 || ::access(real.c_str(), W_OK) != 0) {
    return fail(ErrorCode::io, given.string() + ": the file is read-only (mode " + octal_mode(st.st_mode) +
                                   "); make it writable to change it; nothing was changed");
  }
  return Target{given, real, st};
}

Result<void> write_all(int fd, std::span<const std::uint8_t> bytes, const fs::path& path) {
  const std::size_t chunk = std::max(kMinChunk, bytes.size() / kChunks + 1);
  for (std::size_t done = 0; done < bytes.size();) {
    const std::size_t n = std::min(chunk, bytes.size() - done);
    const ssize_t w = ::write(fd, bytes.data() + done, n);
    if (w < 0 && errno == EINTR) continue;
    if (w < 0) return os_error(path, "write", errno);
    done += static_cast<std::size_t>(w);
    crash_point("temporary file: chunk written");
  }
  return {};
}

Result<void> match_owner_and_mode(int fd, const Target& t) {
  const mode_t mode = t.st ? (t.st->st_mode & 07777) : kNewFileMode;
  if (::fchmod(fd, mode) != 0) return os_error(t.shown, "set the mode of the new file", errno);
  if (!t.st || (t.st->st_uid == ::geteuid() && t.st->st_gid == ::getegid())) return {};
  if (::fchown(fd, t.st->st_uid, t.st->st_gid) != 0)
    return fail(ErrorCode::io, t.shown.string() + ": cannot keep the owner " + std::to_string(t.st->st_uid) + ":" +
                                   std::to_string(t.st->st_gid) + " (" + reason(errno) +
                                   "); run as the owner or as root; nothing was changed");
  return {};
}

Result<void> write_temp(int fd, std::span<const std::uint8_t> bytes, const Target& t) {
  if (auto ok = match_owner_and_mode(fd, t); !ok) return ok;
  if (auto ok = write_all(fd, bytes, t.shown); !ok) return ok;
  if (::fsync(fd) != 0) return os_error(t.shown, "flush the new file to disk", errno);
  crash_point("temporary file: flushed");
  return {};
}

std::string basic_utc(UnixTime now) {
  std::string iso = format_iso8601(now);  // 2026-11-24T18:15:00Z
  std::erase(iso, '-');
  std::erase(iso, ':');
  return iso;
}

Result<fs::path> link_backup(const Target& t, UnixTime now) {
  const fs::path& path = t.path;
  const std::string stem = path.string() + "." + basic_utc(now);
  for (int i = 1; i <= kMaxBackupTries; ++i) {
    fs::path backup = stem + (i == 1 ? "" : "-" + std::to_string(i)) + std::string(kBackupSuffix);
    if (::link(path.c_str(), backup.c_str()) == 0) {
      crash_point("backup linked");
      return backup;
    }
    if (errno != EEXIST) return os_error(t.shown, "keep a backup as " + backup.string(), errno);
  }
  return fail(ErrorCode::io, t.shown.string() + ": too many backups made this second; nothing was changed");
}

Result<void> sync_directory(const fs::path& dir, const fs::path& path) {
  Fd fd(::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (fd.get() < 0 || ::fsync(fd.get()) != 0)
    return fail(ErrorCode::io, path.string() + ": written, but flushing its directory failed (" + reason(errno) +
                                   "); the change may not survive a power cut");
  return {};
}

}  // namespace

Result<Written> write_file_atomically(const fs::path& given, std::span<const std::uint8_t> bytes, const AtomicWrite& how) {
  auto target = examine(given, how.existing);
  if (!target) return target.error();
  const fs::path dir = target->path.has_parent_path() ? target->path.parent_path() : fs::path(".");
  std::string templ = (dir / ("." + target->path.filename().string() + ".certkeep-XXXXXX")).string();
  Fd fd(::mkstemp(templ.data()));
  if (fd.get() < 0) return os_error(given, "create a temporary file in " + dir.string(), errno);
  TempFile temp{fs::path(templ)};
  crash_point("temporary file: created");
  if (auto ok = write_temp(fd.get(), bytes, *target); !ok) return ok.error();
  if (fd.close() != 0) return os_error(given, "close the new file", errno);
  Written written;
  if (how.backup && target->st) {
    auto backup = link_backup(*target, how.now);
    if (!backup) return backup.error();
    written.backup = *backup;
  }
  const bool fresh = !target->st;
  if (fresh ? ::link(temp.path().c_str(), target->path.c_str()) != 0
            : ::rename(temp.path().c_str(), target->path.c_str()) != 0) {
    const int err = errno;
    if (written.backup) ::unlink(written.backup->c_str());
    return os_error(given, fresh ? "create the file" : "replace the file", err);
  }
  if (!fresh) temp.committed();
  crash_point("renamed into place");
  if (auto ok = sync_directory(dir, given); !ok) return ok.error();
  return written;
}

}  // namespace certkeep
