#include "support/servers.h"

#include <csignal>
#include <stdexcept>
#include <thread>

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

extern char** environ;  // NOLINT: POSIX

namespace certkeep::test {
namespace {

sockaddr_in loopback(std::uint16_t port) {
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(port);
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  return a;
}

bool connects(std::uint16_t port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  const auto a = loopback(port);
  const bool ok = ::connect(fd, reinterpret_cast<const sockaddr*>(&a), sizeof a) == 0;
  ::close(fd);
  return ok;
}

int listen_on_ephemeral(int backlog, std::uint16_t& port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  auto a = loopback(0);
  socklen_t len = sizeof a;
  if (::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0 || ::listen(fd, backlog) != 0 ||
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len) != 0)
    throw std::runtime_error("cannot listen on loopback");
  port = ntohs(a.sin_port);
  return fd;
}

}  // namespace

std::uint16_t free_port() {
  std::uint16_t port = 0;
  ::close(listen_on_ephemeral(1, port));
  return port;
}

bool wait_for_port(std::uint16_t port, std::chrono::milliseconds limit) {
  const auto until = std::chrono::steady_clock::now() + limit;
  while (std::chrono::steady_clock::now() < until) {
    if (connects(port)) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return false;
}

Process::Process(const std::vector<std::string>& argv, const std::string& log) {
  std::vector<char*> args;
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 1, log.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
  posix_spawn_file_actions_adddup2(&actions, 1, 2);
  const int rc = posix_spawnp(&pid_, args[0], &actions, nullptr, args.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0) throw std::runtime_error("cannot start " + argv.front());
}

Process::~Process() {
  if (pid_ <= 0) return;
  ::kill(pid_, SIGTERM);
  for (int i = 0; i < 300; ++i) {
    if (::waitpid(pid_, nullptr, WNOHANG) == pid_) return;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  ::kill(pid_, SIGKILL);
  ::waitpid(pid_, nullptr, 0);
}

std::uint16_t TlsServers::serve(const std::string& cert, const std::vector<std::string>& extra) {
  const auto port = free_port();
  std::vector<std::string> argv{"openssl", "s_server", "-accept", "127.0.0.1:" + std::to_string(port), "-cert",
                                (dir_ / (cert + ".pem")).string(), "-key", (dir_ / (cert + ".key")).string(), "-www", "-quiet"};
  argv.insert(argv.end(), extra.begin(), extra.end());
  servers_.push_back(std::make_unique<Process>(argv, (dir_ / "s_server.log").string()));
  if (!wait_for_port(port)) throw std::runtime_error("openssl s_server did not start; see s_server.log");
  return port;
}

SilentListener::SilentListener(bool fill_backlog) {
  fd_ = listen_on_ephemeral(0, port_);
  if (!fill_backlog) return;
  // With a backlog of 0 Linux queues one connection; a second non-blocking attempt stays pending, and
  // every later SYN is dropped.
  for (int i = 0; i < 2; ++i) {
    const int c = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
    const auto a = loopback(port_);
    (void)::connect(c, reinterpret_cast<const sockaddr*>(&a), sizeof a);
    fillers_.push_back(c);
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
}

SilentListener::~SilentListener() {
  for (const int c : fillers_) ::close(c);
  ::close(fd_);
}

}  // namespace certkeep::test
