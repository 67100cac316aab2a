// Compact JSON written straight into a string, without building a document first: what `inspect --json`
// writes for every file. Strings are escaped as nlohmann::json::dump() escapes them (UTF-8 kept as is,
// control characters as \b \t \n \f \r or \u00xx), so output made either way reads the same byte for
// byte. Bytes that are not UTF-8 (a file name can hold any) become U+FFFD instead of failing the output.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace certkeep::cli {

class JsonWriter {
 public:
  explicit JsonWriter(std::string& out) : out_(out) {}

  JsonWriter& begin_object() { return open('{'); }
  JsonWriter& end_object() { return close('}'); }
  JsonWriter& begin_array() { return open('['); }
  JsonWriter& end_array() { return close(']'); }
  // A member's name; the next call writes its value.
  JsonWriter& key(std::string_view name);

  JsonWriter& value(std::string_view s);
  JsonWriter& value(const char* s) { return value(std::string_view(s)); }
  JsonWriter& value(bool b);
  JsonWriter& value(int n) { return signed_integer(n); }
  JsonWriter& value(long n) { return signed_integer(n); }
  JsonWriter& value(long long n) { return signed_integer(n); }
  JsonWriter& value(unsigned n) { return unsigned_integer(n); }
  JsonWriter& value(unsigned long n) { return unsigned_integer(n); }
  JsonWriter& value(unsigned long long n) { return unsigned_integer(n); }
  JsonWriter& null();
  // An array of strings.
  JsonWriter& value(const std::vector<std::string>& strings);
  // The value, or null.
  template <typename T>
  JsonWriter& value(const std::optional<T>& v) {
    return v ? value(*v) : null();
  }

  // key(name) then value(v).
  template <typename T>
  JsonWriter& member(std::string_view name, const T& v) {
    return key(name).value(v);
  }

 private:
  JsonWriter& open(char bracket);
  JsonWriter& close(char bracket);
  JsonWriter& scalar(std::string_view text);  // a number, true, false or null, as written
  JsonWriter& signed_integer(long long n);
  JsonWriter& unsigned_integer(unsigned long long n);
  template <typename Integer>
  JsonWriter& integer(Integer n);
  void separate();  // the comma before a member or an element that is not the first

  std::string& out_;
  bool need_comma_ = false;
};

// `s` as a JSON string, quotes included, appended to `out`.
void append_json_string(std::string& out, std::string_view s);

}  // namespace certkeep::cli
