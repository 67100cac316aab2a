#include "core/util/file.h"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace certkeep {
namespace {

Error os_error(int err) {
  if (err == ENOENT) return Error{ErrorCode::not_found, "no such file"};
  return Error{ErrorCode::io, std::strerror(err)};
}

struct Fd {
  int fd;
  ~Fd() {
    if (fd >= 0) ::close(fd);
  }
};

}  // namespace

Result<std::vector<std::uint8_t>> read_file(const std::filesystem::path& path) {
  Fd f{::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOCTTY)};
  if (f.fd < 0) return os_error(errno);
  struct stat st {};
  if (::fstat(f.fd, &st) != 0) return os_error(errno);
  if (S_ISDIR(st.st_mode)) return fail(ErrorCode::io, "is a directory");
  if (!S_ISREG(st.st_mode)) return fail(ErrorCode::invalid, "not a regular file");
  if (static_cast<std::uintmax_t>(st.st_size) > kMaxInputBytes)
    return fail(ErrorCode::invalid, "file is larger than 64 MiB; not a certificate or keystore");
  std::vector<std::uint8_t> data(static_cast<std::size_t>(st.st_size));
  std::size_t done = 0;
  while (done < data.size()) {
    const ssize_t n = ::read(f.fd, data.data() + done, data.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return os_error(errno);
    if (n == 0) break;  // the file shrank while we read it
    done += static_cast<std::size_t>(n);
  }
  data.resize(done);
  return data;
}

}  // namespace certkeep
