// Distinguished names typed by a user: "CN=host,O=Org,C=US" (RFC 4514) or "/C=US/O=Org/CN=host" (the
// openssl -subj form), parsed into an X509_NAME (issue.h).
#include <algorithm>
#include <cctype>
#include <vector>

#include "core/ossl/error.h"
#include "core/x509/issue.h"

namespace certkeep {
namespace {

struct Syntax {
  char rdn_separator;
  char ava_separator;  // '\0': none
  bool hex_escapes;
};

// RFC 4514 section 3: RDNs separated by ',', attributes of a multi-valued RDN by '+', "\," and "\C3"
// escapes. The openssl -subj form separates RDNs by '/' and takes '+' literally, as openssl does by default.
constexpr Syntax kRfc4514{',', '+', true};
constexpr Syntax kSlashes{'/', '\0', false};

int hex_value(char c) {
  const auto lower = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return lower <= '9' ? lower - '0' : lower - 'a' + 10;
}

struct Ava {
  std::string raw;  // as written, for messages
  std::string type;
  std::string value;
};
using Rdn = std::vector<Ava>;

class DnParser {
 public:
  // Parses text from `begin` on; messages quote all of `text`.
  DnParser(std::string_view text, const Syntax& syntax, std::size_t begin)
      : text_(text), syntax_(syntax), pos_(begin), start_(begin) {}

  // The RDNs in the order written.
  Result<std::vector<Rdn>> parse() {
    for (; pos_ < text_.size(); ++pos_) {
      if (auto r = step(); !r) return r.error();
    }
    if (auto r = end_rdn(); !r) return r.error();
    return std::move(rdns_);
  }

 private:
  Result<void> step() {
    const char c = text_[pos_];
    if (c == '\\') return escape();
    if (c == syntax_.rdn_separator) return end_rdn();
    if (syntax_.ava_separator != '\0' && c == syntax_.ava_separator) return end_ava();
    if (c == '=' && !in_value_) {
      in_value_ = true;
    } else if (in_value_) {
      if (c != ' ' || !ava_.value.empty()) ava_.value += c;  // unescaped leading spaces are not content
    } else {
      ava_.type += c;
    }
    return {};
  }

  Result<void> escape() {
    if (pos_ + 1 >= text_.size()) return bad("a trailing backslash in \"" + std::string(text_.substr(start_)) + "\"");
    char c = text_[++pos_];
    if (syntax_.hex_escapes && pos_ + 1 < text_.size() && std::isxdigit(static_cast<unsigned char>(c)) &&
        std::isxdigit(static_cast<unsigned char>(text_[pos_ + 1]))) {
      c = static_cast<char>(hex_value(c) * 16 + hex_value(text_[pos_ + 1]));
      ++pos_;
    }
    std::string& into = in_value_ ? ava_.value : ava_.type;
    into += c;
    if (in_value_) escaped_length_ = ava_.value.size();
    return {};
  }

  Result<void> end_ava() {
    ava_.raw = std::string(text_.substr(start_, pos_ - start_));
    // Unescaped trailing spaces are not content either (RFC 4514 section 2.4 requires escaping them).
    while (ava_.value.size() > escaped_length_ && ava_.value.back() == ' ') ava_.value.pop_back();
    ava_.type.erase(0, std::min(ava_.type.find_first_not_of(' '), ava_.type.size()));
    while (!ava_.type.empty() && ava_.type.back() == ' ') ava_.type.pop_back();
    if (!in_value_) return bad(ava_.raw.empty() ? "an empty attribute" : "\"" + ava_.raw + "\" is not TYPE=value");
    if (ava_.type.empty()) return bad("no attribute type in \"" + ava_.raw + "\"");
    if (ava_.value.empty()) return bad("an empty value in \"" + ava_.raw + "\"");
    rdn_.push_back(std::move(ava_));
    ava_ = Ava{};
    in_value_ = false;
    escaped_length_ = 0;
    start_ = pos_ + 1;
    return {};
  }

  Result<void> end_rdn() {
    if (auto r = end_ava(); !r) return r;
    rdns_.push_back(std::move(rdn_));
    rdn_.clear();
    return {};
  }

  Unexpected bad(const std::string& what) const {
    return fail(ErrorCode::invalid, "invalid distinguished name \"" + std::string(text_) + "\": " + what);
  }

  std::string_view text_;
  Syntax syntax_;
  std::size_t pos_ = 0;
  std::size_t start_ = 0;           // where the current attribute began
  std::size_t escaped_length_ = 0;  // value length up to and including its last escaped character
  bool in_value_ = false;
  Ava ava_;
  Rdn rdn_;
  std::vector<Rdn> rdns_;
};

Result<void> add_ava(X509_NAME* name, const Ava& ava, bool same_rdn, std::string_view text) {
  const std::string prefix = "invalid distinguished name \"" + std::string(text) + "\": ";
  ossl::clear_errors();
  const ossl::UniquePtr<ASN1_OBJECT> type(OBJ_txt2obj(ava.type.c_str(), 0));
  if (!type) return fail(ErrorCode::invalid, prefix + "unknown attribute type \"" + ava.type + "\" in \"" + ava.raw + "\"");
  // Values are UTF-8; OpenSSL picks the string type each attribute requires (PrintableString for C).
  const auto* bytes = reinterpret_cast<const unsigned char*>(ava.value.data());
  if (X509_NAME_add_entry_by_OBJ(name, type.get(), MBSTRING_UTF8, bytes, static_cast<int>(ava.value.size()), -1,
                                 same_rdn ? -1 : 0) != 1)
    return ossl::make_error(ErrorCode::invalid, prefix + "bad value in \"" + ava.raw + "\"");
  return {};
}

}  // namespace

Result<ossl::UniquePtr<X509_NAME>> parse_distinguished_name(std::string_view text) {
  const auto first = text.find_first_not_of(' ');
  if (first == std::string_view::npos) return fail(ErrorCode::invalid, "empty distinguished name");
  const bool slashes = text[first] == '/';
  auto rdns = DnParser(text, slashes ? kSlashes : kRfc4514, slashes ? first + 1 : 0).parse();
  if (!rdns) return rdns.error();
  // An X509_NAME holds the most significant RDN first; RFC 4514 writes it last.
  if (!slashes) std::reverse(rdns->begin(), rdns->end());
  ossl::UniquePtr<X509_NAME> name(X509_NAME_new());
  if (!name) return fail(ErrorCode::internal, "out of memory");
  for (const Rdn& rdn : *rdns) {
    for (std::size_t i = 0; i < rdn.size(); ++i) {
      if (auto r = add_ava(name.get(), rdn[i], i > 0, text); !r) return r.error();
    }
  }
  return name;
}

}  // namespace certkeep
