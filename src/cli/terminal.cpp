#include "cli/terminal.h"

#include <cstdio>
#include <fcntl.h>
#include <iostream>
#include <termios.h>
#include <unistd.h>

namespace certkeep::cli {

bool stdout_is_tty() { return ::isatty(STDOUT_FILENO) == 1; }
bool stdin_is_tty() { return ::isatty(STDIN_FILENO) == 1; }

std::string paint(std::string_view text, Color color, bool enabled) {
  if (!enabled || color == Color::none) return std::string(text);
  const char* code = "";
  switch (color) {
    case Color::red: code = "\033[31m"; break;
    case Color::yellow: code = "\033[33m"; break;
    case Color::green: code = "\033[32m"; break;
    case Color::bold: code = "\033[1m"; break;
    case Color::dim: code = "\033[2m"; break;
    case Color::none: break;
  }
  return std::string(code) + std::string(text) + "\033[0m";
}

std::optional<Secret> prompt_secret(const std::string& prompt) {
  const int fd = ::open("/dev/tty", O_RDWR | O_CLOEXEC);
  if (fd < 0) return std::nullopt;
  termios old{};
  const bool have_termios = ::tcgetattr(fd, &old) == 0;
  if (have_termios) {
    termios quiet = old;
    quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
    ::tcsetattr(fd, TCSAFLUSH, &quiet);
  }
  (void)!::write(fd, prompt.data(), prompt.size());
  std::string line;
  char c = 0;
  while (::read(fd, &c, 1) == 1 && c != '\n') line.push_back(c);
  if (have_termios) ::tcsetattr(fd, TCSAFLUSH, &old);
  (void)!::write(fd, "\n", 1);
  ::close(fd);
  Secret out(std::move(line));
  return out;
}

void print_error(std::string_view message) { std::cerr << "certkeep: " << message << '\n'; }

int exit_with(const Error& e, int status) {
  print_error(e.message);
  return status;
}
void print_warning(std::string_view message) { std::cerr << "certkeep: warning: " << message << '\n'; }

}  // namespace certkeep::cli
