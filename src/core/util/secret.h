// A password or other secret held in memory: wiped on destruction, never printed.
#pragma once

#include <string>
#include <string_view>

namespace certkeep {

class Secret {
 public:
  Secret() = default;
  explicit Secret(std::string value) : value_(std::move(value)) {}
  Secret(const Secret& other) : value_(other.value_) {}
  Secret& operator=(const Secret& other);
  Secret(Secret&& other) noexcept;
  Secret& operator=(Secret&& other) noexcept;
  ~Secret();

  [[nodiscard]] std::string_view view() const { return value_; }
  [[nodiscard]] bool empty() const { return value_.empty(); }
  [[nodiscard]] const char* c_str() const { return value_.c_str(); }

 private:
  void wipe();
  std::string value_;
};

}  // namespace certkeep
