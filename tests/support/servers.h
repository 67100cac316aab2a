// Real servers the network tests start on loopback (openssl s_server, aiosmtpd, prosody, postgres), and
// the sockets that misbehave on purpose. Every process is ended by its PID when its object dies.
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

namespace certkeep::test {

// A loopback TCP port nobody listens on right now.
std::uint16_t free_port();

// True once something accepts connections on 127.0.0.1:`port`.
bool wait_for_port(std::uint16_t port, std::chrono::milliseconds limit = std::chrono::seconds(20));

class Process {
 public:
  // Starts `argv` (argv[0] looked up on PATH) with stdin from /dev/null and output to `log`.
  explicit Process(const std::vector<std::string>& argv, const std::string& log = "/dev/null");
  ~Process();  // SIGTERM, and SIGKILL if it has not ended 3 s later
  Process(const Process&) = delete;
  Process& operator=(const Process&) = delete;
  [[nodiscard]] int pid() const { return pid_; }

 private:
  int pid_ = -1;
};

// openssl s_server instances answering HTTP (-www) on free loopback ports, each serving DIR/CERT.pem with
// DIR/CERT.key; all ended when the object dies.
class TlsServers {
 public:
  explicit TlsServers(std::filesystem::path dir) : dir_(std::move(dir)) {}
  // Starts one with `extra` s_server options, waits until it accepts, returns its port.
  std::uint16_t serve(const std::string& cert, const std::vector<std::string>& extra = {});

 private:
  std::filesystem::path dir_;
  std::vector<std::unique_ptr<Process>> servers_;
};

// Listens on 127.0.0.1 and never accepts nor answers: connections complete, handshakes time out.
// With `fill_backlog`, its accept queue is filled first, so that further connection attempts are dropped
// by the kernel and time out while connecting.
class SilentListener {
 public:
  explicit SilentListener(bool fill_backlog = false);
  ~SilentListener();
  SilentListener(const SilentListener&) = delete;
  SilentListener& operator=(const SilentListener&) = delete;
  [[nodiscard]] std::uint16_t port() const { return port_; }

 private:
  int fd_ = -1;
  std::vector<int> fillers_;
  std::uint16_t port_ = 0;
};

}  // namespace certkeep::test
