#include "core/keystore/jks_text.h"

#include <vector>

#include <locale.h>
#include <wctype.h>

namespace certkeep::jks {
namespace {

constexpr char32_t kReplacement = 0xFFFD;

bool is_high_surrogate(char32_t c) { return c >= 0xD800 && c <= 0xDBFF; }
bool is_low_surrogate(char32_t c) { return c >= 0xDC00 && c <= 0xDFFF; }
bool is_continuation(std::uint8_t b) { return (b & 0xC0) == 0x80; }

void append_utf8(std::string& out, char32_t c) {
  if (c < 0x80) {
    out += static_cast<char>(c);
  } else if (c < 0x800) {
    out += static_cast<char>(0xC0 | (c >> 6));
    out += static_cast<char>(0x80 | (c & 0x3F));
  } else if (c < 0x10000) {
    out += static_cast<char>(0xE0 | (c >> 12));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (c & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (c >> 18));
    out += static_cast<char>(0x80 | ((c >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (c & 0x3F));
  }
}

// Java chars (UTF-16 code units) from modified UTF-8, with readUTF's rules: 1-, 2- and 3-byte forms
// only, overlong forms accepted.
std::optional<std::vector<char16_t>> java_chars(std::span<const std::uint8_t> b) {
  std::vector<char16_t> units;
  units.reserve(b.size());
  for (std::size_t i = 0; i < b.size();) {
    const std::uint8_t c = b[i];
    if (c < 0x80) {
      units.push_back(c);
      i += 1;
    } else if ((c & 0xE0) == 0xC0 && i + 1 < b.size() && is_continuation(b[i + 1])) {
      units.push_back(static_cast<char16_t>(((c & 0x1F) << 6) | (b[i + 1] & 0x3F)));
      i += 2;
    } else if ((c & 0xF0) == 0xE0 && i + 2 < b.size() && is_continuation(b[i + 1]) && is_continuation(b[i + 2])) {
      units.push_back(static_cast<char16_t>(((c & 0x0F) << 12) | ((b[i + 1] & 0x3F) << 6) | (b[i + 2] & 0x3F)));
      i += 3;
    } else {
      return std::nullopt;
    }
  }
  return units;
}

struct Lead {
  std::size_t length;             // 0: not a lead byte
  std::uint8_t second_lo, second_hi;  // allowed range of the second byte (Unicode Table 3-7)
};

Lead lead_of(std::uint8_t c) {
  if (c >= 0xC2 && c <= 0xDF) return {2, 0x80, 0xBF};
  if (c == 0xE0) return {3, 0xA0, 0xBF};
  if (c >= 0xE1 && c <= 0xEF) return {3, 0x80, 0xBF};  // ED A0..BF: a surrogate, rejected whole below
  if (c == 0xF0) return {4, 0x90, 0xBF};
  if (c >= 0xF1 && c <= 0xF3) return {4, 0x80, 0xBF};
  if (c == 0xF4) return {4, 0x80, 0x8F};
  return {0, 0, 0};
}

// The code point of the UTF-8 sequence at `i`, advancing `i`. Invalid input yields U+FFFD per maximal
// valid prefix, as Java's UTF-8 decoder does, except that an encoded surrogate is one U+FFFD.
char32_t next_code_point(std::string_view s, std::size_t& i) {
  const auto byte = [&](std::size_t k) { return static_cast<std::uint8_t>(s[k]); };
  const std::uint8_t c = byte(i);
  if (c < 0x80) {
    ++i;
    return c;
  }
  const Lead lead = lead_of(c);
  if (lead.length == 0) {
    ++i;
    return kReplacement;
  }
  char32_t cp = c & (0x7F >> lead.length);
  for (std::size_t k = 1; k < lead.length; ++k) {
    const bool in_range = i + k < s.size() && (k == 1 ? byte(i + k) >= lead.second_lo && byte(i + k) <= lead.second_hi
                                                      : is_continuation(byte(i + k)));
    if (!in_range) {
      i += k;
      return kReplacement;
    }
    cp = (cp << 6) | (byte(i + k) & 0x3F);
  }
  i += lead.length;
  return is_high_surrogate(cp) || is_low_surrogate(cp) ? kReplacement : cp;
}

void append_be(std::vector<std::uint8_t>& out, char32_t unit) {
  out.push_back(static_cast<std::uint8_t>(unit >> 8));
  out.push_back(static_cast<std::uint8_t>(unit & 0xFF));
}

// Calls `emit` with each Java char (UTF-16 code unit) of the string Java decodes from `utf8`.
template <typename Emit>
void for_each_java_char(std::string_view utf8, Emit emit) {
  for (std::size_t i = 0; i < utf8.size();) {
    const char32_t cp = next_code_point(utf8, i);
    if (cp < 0x10000) {
      emit(cp);
    } else {
      emit(0xD800 + ((cp - 0x10000) >> 10));
      emit(0xDC00 + ((cp - 0x10000) & 0x3FF));
    }
  }
}

// DataOutput.writeUTF: U+0001..U+007F in one byte, NUL and up to U+07FF in two, the rest in three.
void append_modified_utf8(std::vector<std::uint8_t>& out, char32_t unit) {
  if (unit >= 0x01 && unit <= 0x7F) {
    out.push_back(static_cast<std::uint8_t>(unit));
  } else if (unit <= 0x7FF) {
    out.push_back(static_cast<std::uint8_t>(0xC0 | (unit >> 6)));
    out.push_back(static_cast<std::uint8_t>(0x80 | (unit & 0x3F)));
  } else {
    out.push_back(static_cast<std::uint8_t>(0xE0 | (unit >> 12)));
    out.push_back(static_cast<std::uint8_t>(0x80 | ((unit >> 6) & 0x3F)));
    out.push_back(static_cast<std::uint8_t>(0x80 | (unit & 0x3F)));
  }
}

// Unicode case mappings from glibc's C.UTF-8 locale, held for the life of the process and used only
// through the *_l functions, so the process locale is neither read nor changed. nullptr where the C
// library lacks that locale: aliases are then lower-cased in ASCII only.
locale_t unicode_ctype() {
  static const locale_t loc = newlocale(LC_CTYPE_MASK, "C.UTF-8", nullptr);
  return loc;
}

char32_t lower(char32_t cp) {
  if (cp < 0x80) return cp >= 'A' && cp <= 'Z' ? cp + ('a' - 'A') : cp;
  const locale_t loc = unicode_ctype();
  if (loc == nullptr) return cp;
  const auto mapped = static_cast<char32_t>(towlower_l(static_cast<wint_t>(cp), loc));
  return mapped == 0 ? cp : mapped;
}

}  // namespace

std::optional<std::string> modified_utf8_to_utf8(std::span<const std::uint8_t> bytes) {
  const auto units = java_chars(bytes);
  if (!units) return std::nullopt;
  std::string out;
  out.reserve(bytes.size());
  for (std::size_t i = 0; i < units->size(); ++i) {
    const char32_t u = (*units)[i];
    if (is_high_surrogate(u) && i + 1 < units->size() && is_low_surrogate((*units)[i + 1])) {
      append_utf8(out, 0x10000 + ((u - 0xD800) << 10) + ((*units)[i + 1] - 0xDC00));
      ++i;
    } else {
      append_utf8(out, is_high_surrogate(u) || is_low_surrogate(u) ? kReplacement : u);
    }
  }
  return out;
}

std::vector<std::uint8_t> utf8_to_modified_utf8(std::string_view utf8) {
  std::vector<std::uint8_t> out;
  out.reserve(utf8.size());
  for_each_java_char(utf8, [&](char32_t unit) { append_modified_utf8(out, unit); });
  return out;
}

std::string java_lower_case(std::string_view utf8) {
  std::string out;
  out.reserve(utf8.size());
  for (std::size_t i = 0; i < utf8.size();) append_utf8(out, lower(next_code_point(utf8, i)));
  return out;
}

WipedBytes password_utf16be(std::string_view utf8) {
  WipedBytes out;
  out.bytes().reserve(utf8.size() * 4);
  for_each_java_char(utf8, [&](char32_t unit) { append_be(out.bytes(), unit); });
  return out;
}

}  // namespace certkeep::jks
