// Distinguished names and subjectAltNames as users type them.
#include <gtest/gtest.h>

#include "core/x509/details.h"
#include "core/x509/issue.h"

namespace certkeep {
namespace {

ossl::UniquePtr<X509_NAME> dn(const std::string& text) {
  auto name = parse_distinguished_name(text);
  EXPECT_TRUE(name) << text << ": " << name.error().message;
  return name ? std::move(*name) : ossl::UniquePtr<X509_NAME>(X509_NAME_new());
}

std::string entry_text(const X509_NAME* name, int i) {
  const X509_NAME_ENTRY* e = X509_NAME_get_entry(name, i);
  const ASN1_STRING* s = X509_NAME_ENTRY_get_data(e);
  return std::string(OBJ_nid2sn(OBJ_obj2nid(X509_NAME_ENTRY_get_object(e)))) + "=" +
         std::string(reinterpret_cast<const char*>(ASN1_STRING_get0_data(s)), static_cast<std::size_t>(ASN1_STRING_length(s)));
}

TEST(DistinguishedName, Rfc4514IsMostSignificantLast) {
  const auto name = dn("CN=host.example,O=Example Org,C=US");
  ASSERT_EQ(X509_NAME_entry_count(name.get()), 3);
  EXPECT_EQ(entry_text(name.get(), 0), "C=US");
  EXPECT_EQ(entry_text(name.get(), 1), "O=Example Org");
  EXPECT_EQ(entry_text(name.get(), 2), "CN=host.example");
  EXPECT_EQ(x509::name_rfc4514(name.get()), "CN=host.example,O=Example Org,C=US");
}

TEST(DistinguishedName, BothOrdersGiveTheSameName) {
  const auto a = dn("CN=host.example, OU=Ops, O=Example Org, L=Zurich, ST=ZH, C=CH");
  const auto b = dn("/C=CH/ST=ZH/L=Zurich/O=Example Org/OU=Ops/CN=host.example");
  EXPECT_EQ(X509_NAME_cmp(a.get(), b.get()), 0);
  EXPECT_EQ(x509::name_rfc4514(a.get()), "CN=host.example,OU=Ops,O=Example Org,L=Zurich,ST=ZH,C=CH");
}

TEST(DistinguishedName, LongNamesDomainComponentsAndEmail) {
  const auto a = dn("commonName=a,emailAddress=ops@example.com,DC=example,DC=com");
  const auto b = dn("/DC=com/DC=example/emailAddress=ops@example.com/CN=a");
  EXPECT_EQ(X509_NAME_cmp(a.get(), b.get()), 0);
}

TEST(DistinguishedName, EscapesAndUtf8) {
  EXPECT_EQ(entry_text(dn("O=Widgets\\, Inc.,C=US").get(), 1), "O=Widgets, Inc.");
  EXPECT_EQ(entry_text(dn("CN=Z\\C3\\BCrich").get(), 0), "CN=Zürich");
  EXPECT_EQ(entry_text(dn("CN=\\ padded\\ ").get(), 0), "CN= padded ");
  EXPECT_EQ(entry_text(dn("/O=a\\/b/CN=x+y").get(), 0), "O=a/b");
  EXPECT_EQ(entry_text(dn("/O=a\\/b/CN=x+y").get(), 1), "CN=x+y");
  const auto zurich = dn("CN=Zürich,O=Bäckerei Müller,C=CH");
  EXPECT_EQ(x509::name_rfc4514(zurich.get()), "CN=Zürich,O=Bäckerei Müller,C=CH");
  EXPECT_EQ(X509_NAME_cmp(zurich.get(), dn("/C=CH/O=Bäckerei Müller/CN=Zürich").get()), 0);
  // UTF8String, as RFC 5280 4.1.2.4 asks of new names.
  EXPECT_EQ(ASN1_STRING_type(X509_NAME_ENTRY_get_data(X509_NAME_get_entry(zurich.get(), 2))), V_ASN1_UTF8STRING);
}

TEST(DistinguishedName, MultiValuedRdn) {
  const auto name = dn("CN=a+UID=b,O=Org");
  ASSERT_EQ(X509_NAME_entry_count(name.get()), 3);
  EXPECT_EQ(X509_NAME_ENTRY_set(X509_NAME_get_entry(name.get(), 1)), X509_NAME_ENTRY_set(X509_NAME_get_entry(name.get(), 2)));
  EXPECT_NE(X509_NAME_ENTRY_set(X509_NAME_get_entry(name.get(), 0)), X509_NAME_ENTRY_set(X509_NAME_get_entry(name.get(), 1)));
}

TEST(DistinguishedName, RoundTripsCertkeepsOwnOutput) {
  const auto a = dn("CN=x\\,y\\+z,O=Org");
  EXPECT_EQ(X509_NAME_cmp(a.get(), dn(x509::name_rfc4514(a.get())).get()), 0);
}

struct BadName {
  const char* text;
  const char* detail;  // expected in the message
};

// Each input fails with `invalid` and a message containing its detail.
template <typename Parse>
void expect_invalid(Parse parse, std::initializer_list<BadName> cases) {
  for (const BadName& c : cases) {
    const auto parsed = parse(c.text);
    ASSERT_FALSE(parsed) << c.text;
    EXPECT_EQ(parsed.error().code, ErrorCode::invalid) << c.text;
    EXPECT_NE(parsed.error().message.find(c.detail), std::string::npos) << c.text << ": " << parsed.error().message;
  }
}

TEST(DistinguishedName, ErrorsNameTheBadPart) {
  expect_invalid(parse_distinguished_name, {
      {"", "empty distinguished name"},
      {"   ", "empty distinguished name"},
      {"CN=", "an empty value in \"CN=\""},
      {"CN=a,O=  ,C=US", "an empty value in \"O=  \""},
      {"CN=a,,C=US", "an empty attribute"},
      {"CN=a,", "an empty attribute"},
      {"CN=a,Org", "\"Org\" is not TYPE=value"},
      {"=a", "no attribute type in \"=a\""},
      {"CN=a,XYZ=b", "unknown attribute type \"XYZ\" in \"XYZ=b\""},
      {"/C=US/FOO=b", "unknown attribute type \"FOO\""},
      {"/C=US//CN=a", "an empty attribute"},
      {"CN=a,C=USA", "bad value in \"C=USA\""},
      {"CN=a\\", "a trailing backslash"},
      {"CN=\xC3(", "bad value in \"CN=\xC3(\""}});
}

TEST(SubjectAltNames, AllFourTypes) {
  const auto names = parse_subject_alt_names(
      "DNS:host.example, dns:*.example.com,IP:192.0.2.1,IP:2001:DB8::1,email:ops@example.com,uri:https://example.com/x?a=b");
  ASSERT_TRUE(names) << names.error().message;
  const std::vector<std::pair<std::string, std::string>> expected = {
      {"DNS", "host.example"}, {"DNS", "*.example.com"},     {"IP", "192.0.2.1"},
      {"IP", "2001:db8:0:0:0:0:0:1"}, {"email", "ops@example.com"}, {"URI", "https://example.com/x?a=b"}};
  ASSERT_EQ(names->size(), expected.size());
  for (std::size_t i = 0; i < expected.size(); ++i) {
    EXPECT_EQ((*names)[i].type, expected[i].first);
    EXPECT_EQ((*names)[i].value, expected[i].second);
  }
}

TEST(SubjectAltNames, ErrorsNameTheBadEntry) {
  expect_invalid(parse_subject_alt_names, {
      {"", "empty list"},
      {"host.example", "\"host.example\" is not TYPE:value"},
      {"DNS:a,,DNS:b", "an empty entry in subject alternative names \"DNS:a,,DNS:b\""},
      {"DNS:a,", "an empty entry"},
      {"DNS:", "empty subject alternative name \"DNS:\""},
      {"dirName:CN=x", "unsupported subject alternative name type in \"dirName:CN=x\""},
      {"RID:1.2.3", "unsupported subject alternative name type in \"RID:1.2.3\""},
      {"IP:192.0.2.256", "\"IP:192.0.2.256\" is not an IPv4 or IPv6 address"},
      {"IP:host.example", "\"IP:host.example\" is not an IPv4 or IPv6 address"},
      {"DNS:bad name", "must be ASCII"},
      {"DNS:zürich.example", "must be ASCII"}});
}

}  // namespace
}  // namespace certkeep
