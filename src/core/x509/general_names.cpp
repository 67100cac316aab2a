// subjectAltName entries: parsing "DNS:a,IP:b" and building GENERAL_NAMES (issue.h, general_names.h).
#include "core/x509/general_names.h"

#include <algorithm>
#include <array>
#include <cctype>

#include "core/ossl/error.h"
#include "core/x509/details.h"
#include "core/x509/issue.h"

namespace certkeep {
namespace x509 {
namespace {

struct NameType {
  const char* spelling;  // GeneralName::type
  int gen_type;
};

constexpr std::array<NameType, 4> kNameTypes = {{
    {"DNS", GEN_DNS},
    {"IP", GEN_IPADD},
    {"email", GEN_EMAIL},
    {"URI", GEN_URI},
}};

bool equal_ignoring_case(std::string_view a, std::string_view b) {
  return std::equal(a.begin(), a.end(), b.begin(), b.end(), [](char x, char y) {
    return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
  });
}

const NameType* find_type(std::string_view type) {
  const auto* it = std::find_if(kNameTypes.begin(), kNameTypes.end(),
                                [&](const NameType& t) { return equal_ignoring_case(type, t.spelling); });
  return it == kNameTypes.end() ? nullptr : it;
}

std::string quoted(const GeneralName& name) { return "\"" + name.type + ":" + name.value + "\""; }

// dNSName, rfc822Name and uniformResourceIdentifier are IA5Strings: internationalised names go in as
// A-labels (RFC 5280 7.2), and no real name contains spaces or control characters.
bool is_ia5_token(std::string_view value) {
  return std::all_of(value.begin(), value.end(), [](char c) { return c > ' ' && c < 0x7F; });
}

}  // namespace

Result<ossl::UniquePtr<GENERAL_NAME>> to_general_name(const GeneralName& name) {
  const NameType* t = find_type(name.type);
  if (t == nullptr || name.type != t->spelling)
    return fail(ErrorCode::invalid, "unsupported subject alternative name type in " + quoted(name) +
                                        " (use DNS, IP, email or URI)");
  if (name.value.empty()) return fail(ErrorCode::invalid, "empty subject alternative name " + quoted(name));
  if (t->gen_type != GEN_IPADD && !is_ia5_token(name.value))
    return fail(ErrorCode::invalid, "subject alternative name " + quoted(name) +
                                        " must be ASCII without spaces (write internationalised domains as xn--)");
  ossl::clear_errors();
  ossl::UniquePtr<GENERAL_NAME> gn(a2i_GENERAL_NAME(nullptr, nullptr, nullptr, t->gen_type, name.value.c_str(), 0));
  if (!gn) {
    const char* what = t->gen_type == GEN_IPADD ? " is not an IPv4 or IPv6 address" : " cannot be encoded";
    return ossl::make_error(ErrorCode::invalid, "subject alternative name " + quoted(name) + what);
  }
  return gn;
}

Result<ossl::UniquePtr<GENERAL_NAMES>> to_general_names(std::span<const GeneralName> names) {
  ossl::UniquePtr<GENERAL_NAMES> out(sk_GENERAL_NAME_new_null());
  if (!out) return fail(ErrorCode::internal, "out of memory");
  for (const auto& name : names) {
    auto gn = to_general_name(name);
    if (!gn) return gn.error();
    if (sk_GENERAL_NAME_push(out.get(), gn->get()) == 0) return fail(ErrorCode::internal, "out of memory");
    (void)gn->release();  // now owned by `out`
  }
  return out;
}

}  // namespace x509

namespace {

std::string_view trim(std::string_view s) {
  const auto first = s.find_first_not_of(' ');
  if (first == std::string_view::npos) return {};
  return s.substr(first, s.find_last_not_of(' ') - first + 1);
}

// One "TYPE:value" entry, with the type spelled as GeneralName spells it and the value in the form
// certificate details display (so "IP:2001:DB8::1" reads back as "2001:db8:0:0:0:0:0:1").
Result<GeneralName> parse_entry(std::string_view entry) {
  const auto colon = entry.find(':');
  if (colon == std::string_view::npos)
    return fail(ErrorCode::invalid, "subject alternative name \"" + std::string(entry) + "\" is not TYPE:value");
  const auto* t = x509::find_type(trim(entry.substr(0, colon)));
  GeneralName name{t != nullptr ? t->spelling : std::string(entry.substr(0, colon)),
                   std::string(trim(entry.substr(colon + 1)))};
  auto gn = x509::to_general_name(name);
  if (!gn) return gn.error();
  return x509::general_name(gn->get());
}

}  // namespace

Result<std::vector<GeneralName>> parse_subject_alt_names(std::string_view text) {
  std::vector<GeneralName> out;
  if (trim(text).empty()) return fail(ErrorCode::invalid, "empty list of subject alternative names");
  std::size_t start = 0;
  while (start <= text.size()) {
    const auto comma = std::min(text.find(',', start), text.size());
    const auto entry = trim(text.substr(start, comma - start));
    if (entry.empty())
      return fail(ErrorCode::invalid, "an empty entry in subject alternative names \"" + std::string(text) + "\"");
    auto name = parse_entry(entry);
    if (!name) return name.error();
    out.push_back(std::move(*name));
    start = comma + 1;
  }
  return out;
}

}  // namespace certkeep
