// Golden table for verify_chain. Every case has its recipe (run with the openssl CLI at test time on top
// of verify_test_fixtures.h's Root -> Inter -> leaf), its exact problem codes and depths, and the verdict
// of a second validator, `openssl verify -x509_strict`, which must agree unless docs/verify.md ("Where
// certkeep differs") says why not.
#include <algorithm>
#include <optional>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "core/x509/verify.h"
#include "core/x509/verify_test_fixtures.h"

namespace certkeep {
namespace {

enum class Openssl {
  agrees,   // same verdict
  accepts,  // certkeep is stricter
  refuses,  // certkeep does not enforce a profile rule on a trust anchor
};

struct Case {
  std::string name;
  std::string recipe;  // shell lines run after the base recipe
  std::string leaf;    // STEM of STEM.pem
  std::vector<std::string> untrusted;
  std::vector<std::string> anchors;
  std::optional<std::string> host;
  Purpose purpose = Purpose::server;
  // "code@depth" in result order, "code@depth (warning)" for a warning; valid when only warnings.
  std::vector<std::string> expected;
  Openssl openssl = Openssl::agrees;
};

void PrintTo(const Case& c, std::ostream* os) { *os << c.name; }

const std::vector<std::string> kInter = {"Inter"};
const std::vector<std::string> kRoot = {"Root"};
const std::string kHost = "www.example.test";
const auto kServer = Purpose::server;

// Recipes used by more than one case.
const std::string kServerOnly = "ck_sign Inter serveronly /CN=www.example.test \"$SAN\n$LEAF\nextendedKeyUsage=serverAuth\"\n";
const std::string kConstrained =
    "ck_sign Root Constrained /CN=Constrained \"$CA\nnameConstraints=critical,permitted;DNS:allowed.test\"\n"
    "ck_sign Constrained inside /CN=www.allowed.test \"$LEAF\nsubjectAltName=DNS:www.allowed.test\"\n"
    "ck_sign Constrained outside /CN=www.evil.test \"$LEAF\nsubjectAltName=DNS:www.evil.test\"\n";
const std::string kClientCa = "ck_sign Root ClientCA /CN=ClientCA \"$CA\nextendedKeyUsage=clientAuth\"\n"
                              "ck_sign ClientCA underclientca /CN=www.example.test \"$LEAF\n$SAN\"\n";
const std::string kRsaEncipher =
    "ck_sign Inter rsaencipher /CN=www.example.test \"$SAN\nbasicConstraints=critical,CA:FALSE\n"
    "keyUsage=critical,keyEncipherment\nextendedKeyUsage=serverAuth,clientAuth\" '' rsa:2048\n";
const std::string kSelf = "ck_self self self.example.test 'basicConstraints=critical,CA:FALSE\n"
                          "keyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth\n"
                          "subjectAltName=DNS:self.example.test\nsubjectKeyIdentifier=hash'\n";
// A root without keyUsage, like some long-trusted roots in the system store.
const std::string kNoKu = "ck_self NoKU NoKU 'basicConstraints=critical,CA:TRUE\nsubjectKeyIdentifier=hash'\n"
                          "ck_sign NoKU undernoku /CN=www.example.test \"$LEAF\n$SAN\"\n";

const std::string kCross = "ck_ca . RootB ec:P-256\n"
                          "ck_sign Root CrossX1 /CN=CrossX \"$CA\nnameConstraints=critical,excluded;DNS:www.example.test\"\n"
                          "cp CrossX1.key CrossX2.key\n"
                          "ck_sign RootB CrossX2 /CN=CrossX \"$CA\"\n"
                          "ck_sign CrossX1 crossleaf /CN=www.example.test \"$LEAF\n$SAN\"\n";

// clang-format off
const std::vector<Case> kCases = {
  {"ValidChainWithIntermediate", "", "leaf", kInter, kRoot, kHost, kServer, {}},
  {"ExpiredLeaf", "ck_issue . Inter expired /CN=old.example.test -400 -2 ec:P-256 DNS:old.example.test\n",
   "expired", kInter, kRoot, std::nullopt, kServer, {"expired@0"}},
  {"ExpiredIntermediate", "ck_issue . Root OldInter /CN=OldInter -400 -1 ec:P-256 '' ca\n"
                          "ck_issue . OldInter underold /CN=www.example.test -10 +300 ec:P-256 DNS:www.example.test\n",
   "underold", {"OldInter"}, kRoot, kHost, kServer, {"expired@1"}},
  {"NotYetValid", "ck_issue . Inter future /CN=new.example.test +5 +300 ec:P-256 DNS:new.example.test\n",
   "future", kInter, kRoot, std::nullopt, kServer, {"not_yet_valid@0"}},
  {"MissingIntermediate", "", "leaf", {}, kRoot, kHost, kServer, {"missing_issuer@0"}},
  {"UntrustedRoot", "ck_ca . Other ec:P-256\n", "leaf", {"Inter", "Root"}, {"Other"}, kHost, kServer, {"untrusted_root@2"}},
  {"WrongHost", "", "leaf", kInter, kRoot, "other.example.test", kServer, {"name_mismatch@0"}},
  {"CnOnlyRefused", "ck_issue . Inter cnonly /CN=cn.example.test -10 +300 ec:P-256\n",
   "cnonly", kInter, kRoot, "cn.example.test", kServer, {"cn_fallback_refused@0"}, Openssl::accepts},
  {"PartialWildcardRefused", "ck_sign Inter partialwild /CN=www.example.test \"$LEAF\nsubjectAltName=DNS:w*.example.test\"\n",
   "partialwild", kInter, kRoot, kHost, kServer, {"malformed_dns_name@0", "name_mismatch@0"}, Openssl::accepts},
  {"IpSanMatches", "", "leaf", kInter, kRoot, "192.0.2.7", kServer, {}},
  {"IpSanMismatch", "", "leaf", kInter, kRoot, "192.0.2.8", kServer, {"name_mismatch@0"}},
  {"ServerOnlyEkuAsServer", kServerOnly, "serveronly", kInter, kRoot, kHost, kServer, {}},
  {"ServerOnlyEkuAsClient", kServerOnly, "serveronly", kInter, kRoot, std::nullopt, Purpose::client,
   {"wrong_extended_key_usage@0"}},
  {"IntermediateWithoutCaTrue", "ck_sign Root NotCA /CN=NotCA 'keyUsage=critical,keyCertSign,cRLSign'\n"
                                "ck_sign NotCA undernotca /CN=www.example.test \"$LEAF\n$SAN\"\n",
   "undernotca", {"NotCA"}, kRoot, kHost, kServer, {"ca_not_marked_ca@1"}},
  {"LeafUsedAsCa", "ck_sign Root LeafAsCA /CN=LeafAsCA \"$LEAF\"\n"
                   "ck_sign LeafAsCA underleaf /CN=www.example.test \"$LEAF\n$SAN\"\n",
   "underleaf", {"LeafAsCA"}, kRoot, kHost, kServer, {"ca_not_marked_ca@1", "wrong_key_usage@1"}},
  {"PathLengthExceeded", "ck_sign Root PathLen0 /CN=PathLen0 \"$CA\nbasicConstraints=critical,CA:TRUE,pathlen:0\"\n"
                         "ck_sign PathLen0 Sub /CN=Sub \"$CA\"\n"
                         "ck_sign Sub undersub /CN=www.example.test \"$LEAF\n$SAN\"\n",
   "undersub", {"Sub", "PathLen0"}, kRoot, kHost, kServer, {"path_length_exceeded@2"}},
  {"NameConstraintsPermitted", kConstrained, "inside", {"Constrained"}, kRoot, "www.allowed.test", kServer, {}},
  {"NameConstraintsViolation", kConstrained, "outside", {"Constrained"}, kRoot, "www.evil.test", kServer,
   {"name_constraints_violation@0"}},
  {"IntermediateEkuExcludesServer", kClientCa, "underclientca", {"ClientCA"}, kRoot, kHost, kServer,
   {"wrong_extended_key_usage@1"}},
  {"AnyPurposeIntermediateEkuNarrower", kClientCa, "underclientca", {"ClientCA"}, kRoot, kHost, Purpose::any,
   {"wrong_extended_key_usage@1 (warning)"}},
  {"NegativeSerial", "ck_sign Inter negative /CN=www.example.test \"$LEAF\n$SAN\" -5\n",
   "negative", kInter, kRoot, kHost, kServer, {"serial_not_positive@0"}, Openssl::accepts},
  {"ZeroSerial", "ck_sign Inter zero /CN=www.example.test \"$LEAF\n$SAN\" 0\n",
   "zero", kInter, kRoot, kHost, kServer, {"serial_not_positive@0"}, Openssl::accepts},
  {"SerialTooLong", "ck_sign Inter long /CN=www.example.test \"$LEAF\n$SAN\" 0x0102030405060708090a0b0c0d0e0f101112131415\n",
   "long", kInter, kRoot, kHost, kServer, {"serial_too_long@0"}, Openssl::accepts},
  {"V1WithExtensions", "ck_sign Inter v3 /CN=www.example.test \"$LEAF\n$SAN\"\nck_drop_version Inter v3 v1ext\n",
   "v1ext", kInter, kRoot, kHost, kServer, {"bad_version@0"}},
  {"MissingAki", "ck_sign Inter noaki /CN=www.example.test \"$LEAF\n$SAN\nauthorityKeyIdentifier=none\"\n",
   "noaki", kInter, kRoot, kHost, kServer, {"missing_aki@0"}},
  {"AkiSkiMismatch", "ck_sign Inter wrongaki /CN=www.example.test \"$LEAF\n$SAN\nauthorityKeyIdentifier="
                     "DER:30:16:80:14:00:01:02:03:04:05:06:07:08:09:0a:0b:0c:0d:0e:0f:10:11:12:13\"\n",
   "wrongaki", kInter, kRoot, kHost, kServer, {"aki_ski_mismatch@0", "missing_issuer@0"}},
  {"UnknownCriticalExtension", "ck_sign Inter critical /CN=www.example.test \"$LEAF\n$SAN\n"
                               "1.3.6.1.4.1.55555.1=critical,DER:05:00\"\n",
   "critical", kInter, kRoot, kHost, kServer, {"unknown_critical_extension@0"}},
  {"EcServerWithoutDigitalSignature", "ck_sign Inter agreement /CN=www.example.test \"$SAN\n"
                                      "basicConstraints=critical,CA:FALSE\nkeyUsage=critical,keyAgreement\n"
                                      "extendedKeyUsage=serverAuth\"\n",
   "agreement", kInter, kRoot, kHost, kServer, {"wrong_key_usage@0"}, Openssl::accepts},
  {"RsaServerKeyEnciphermentOnly", kRsaEncipher, "rsaencipher", kInter, kRoot, kHost, kServer, {}},
  {"RsaClientKeyEnciphermentOnly", kRsaEncipher, "rsaencipher", kInter, kRoot, std::nullopt, Purpose::client,
   {"wrong_key_usage@0"}},
  {"LeafWithoutEkuWarns", "ck_sign Inter noeku /CN=www.example.test \"$SAN\nbasicConstraints=critical,CA:FALSE\n"
                          "keyUsage=critical,digitalSignature\"\n",
   "noeku", kInter, kRoot, kHost, kServer, {"missing_extended_key_usage@0 (warning)"}},
  {"WeakKey", "ck_sign Inter rsa1024 /CN=www.example.test \"$LEAF\n$SAN\" '' rsa:1024\n",
   "rsa1024", kInter, kRoot, kHost, kServer, {"weak_key@0"}},
  {"Sha1Signature", "ck_sign Inter sha1 /CN=www.example.test \"$LEAF\n$SAN\" '' ec:P-256 sha1\n",
   "sha1", kInter, kRoot, kHost, kServer, {"weak_signature_algorithm@0"}},
  {"SelfSignedLeaf", kSelf, "self", {}, kRoot, "self.example.test", kServer, {"self_signed_leaf@0"}},
  {"SelfSignedLeafPinned", kSelf, "self", {}, {"self"}, "self.example.test", kServer, {}},
  {"AnchorWithoutKeyUsage", kNoKu, "undernoku", {}, {"NoKU"}, kHost, kServer, {"missing_key_usage@1 (warning)"},
   Openssl::refuses},
  {"RootWithoutKeyUsageUntrusted", kNoKu, "undernoku", {"NoKU"}, kRoot, kHost, kServer,
   {"missing_key_usage@1", "untrusted_root@1"}},
  {"BadSignature", "ck_flip_last_byte leaf badsig\n", "badsig", kInter, kRoot, kHost, kServer, {"bad_signature@0"}},
  // Any trusted certificate is an anchor (RFC 5280 6.1.1 d), and a root among the intermediates is then
  // not needed.
  {"TrustedIntermediateIsAnAnchor", "", "leaf", {}, kInter, kHost, kServer, {}},
  {"RootAmongIntermediatesIgnored", "", "leaf", kRoot, kInter, kHost, kServer, {}},
  // CA/B Forum rules on subscriber certificates.
  {"CaAsLeaf", "ck_sign Inter caleaf /CN=www.example.test \"$SAN\nbasicConstraints=critical,CA:TRUE\n"
               "keyUsage=critical,digitalSignature,keyCertSign\nextendedKeyUsage=serverAuth\"\n",
   "caleaf", kInter, kRoot, kHost, kServer, {"ca_as_leaf@0"}, Openssl::accepts},
  {"CriticalEku", "ck_sign Inter criteku /CN=www.example.test \"$SAN\nbasicConstraints=critical,CA:FALSE\n"
                  "keyUsage=critical,digitalSignature\nextendedKeyUsage=critical,serverAuth\"\n",
   "criteku", kInter, kRoot, kHost, kServer, {"eku_critical@0"}, Openssl::accepts},
  {"UnderscoreInDnsSan", "ck_sign Inter underscore /CN=www.example.test \"$LEAF\n"
                         "subjectAltName=DNS:www.example.test,DNS:foo_bar.example.test\"\n",
   "underscore", kInter, kRoot, kHost, kServer, {"malformed_dns_name@0"}, Openssl::accepts},
  {"CriticalSanWithSubject", "ck_sign Inter critsan /CN=www.example.test \"$LEAF\n"
                             "subjectAltName=critical,DNS:www.example.test\"\n",
   "critsan", kInter, kRoot, kHost, kServer, {"san_critical_with_subject@0"}, Openssl::accepts},
  {"CnIpNotCanonical", "ck_sign Inter cnip /CN=192.0.2.007 \"$LEAF\nsubjectAltName=IP:192.0.2.7\"\n",
   "cnip", kInter, kRoot, "192.0.2.7", kServer, {"cn_not_in_san@0"}, Openssl::accepts},
  {"CnCaseDiffers", "ck_sign Inter cncase /CN=WWW.Example.test \"$LEAF\n$SAN\"\n",
   "cncase", kInter, kRoot, kHost, kServer, {"cn_not_in_san@0"}, Openssl::accepts},
  {"CnCanonicalIpv6", "ck_sign Inter cnip6 /CN=2001:db8::1 \"$LEAF\nsubjectAltName=IP:2001:db8:0:0:0:0:0:1\"\n",
   "cnip6", kInter, kRoot, "2001:db8::1", kServer, {}},
  {"CanonicalIpCnNotInSanAllowed", "ck_sign Inter cnother /CN=192.0.2.9 \"$LEAF\n$SAN\"\n",
   "cnother", kInter, kRoot, kHost, kServer, {}},
  {"DescriptiveCnAllowed", "ck_sign Inter descriptive '/CN=Gateway Server' \"$LEAF\n$SAN\"\n",
   "descriptive", kInter, kRoot, kHost, kServer, {}},
  {"RsaModulusNotMultipleOf8", "ck_sign Inter rsa2052 /CN=www.example.test \"$LEAF\n$SAN\" '' rsa:2052\n",
   "rsa2052", kInter, kRoot, kHost, kServer, {"forbidden_key@0"}, Openssl::accepts},
  // Extension forms.
  {"EmptyAuthorityInfoAccess", "ck_sign Inter emptyaia /CN=www.example.test \"$LEAF\n$SAN\n1.3.6.1.5.5.7.1.1=DER:30:00\"\n",
   "emptyaia", kInter, kRoot, kHost, kServer, {"invalid_extension@0"}, Openssl::accepts},
  {"PolicyConstraintsNotCritical", "ck_sign Root PcCA /CN=PcCA \"$CA\npolicyConstraints=inhibitPolicyMapping:0\"\n"
                                   "ck_sign PcCA underpc /CN=www.example.test \"$LEAF\n$SAN\"\n",
   "underpc", {"PcCA"}, kRoot, kHost, kServer, {"policy_constraints_not_critical@1"}, Openssl::accepts},
  {"RootAkiDiffersFromSki", "ck_self AkiRoot AkiRoot 'basicConstraints=critical,CA:TRUE\nkeyUsage=critical,keyCertSign\n"
                            "subjectKeyIdentifier=hash\nauthorityKeyIdentifier=DER:30:16:80:14:00:01:02:03:04:05:06:07:08:09:0a:0b:0c:0d:0e:0f:10:11:12:13'\n"
                            "ck_sign AkiRoot underakiroot /CN=www.example.test \"$LEAF\n$SAN\"\n",
   "underakiroot", {}, {"AkiRoot"}, kHost, kServer, {"invalid_root_aki@1"}, Openssl::accepts},
  // Name constraints: where they may be, what they may hold, and wildcards.
  {"NameConstraintsInLeaf", "ck_sign Inter ncleaf /CN=www.example.test \"$LEAF\n$SAN\n"
                            "nameConstraints=critical,permitted;DNS:example.test\"\n",
   "ncleaf", kInter, kRoot, kHost, kServer, {"invalid_name_constraints@0"}, Openssl::accepts},
  {"NameConstraintWithLeadingPeriod", "ck_sign Root DotNC /CN=DotNC \"$CA\nnameConstraints=critical,permitted;DNS:.example.test\"\n"
                                      "ck_sign DotNC underdot /CN=www.example.test \"$LEAF\n$SAN\"\n",
   "underdot", {"DotNC"}, kRoot, kHost, kServer, {"invalid_name_constraints@1"}, Openssl::accepts},
  {"WildcardCoversAnExcludedName", "ck_sign Root ExclNC /CN=ExclNC \"$CA\nnameConstraints=critical,excluded;DNS:bar.example.test\"\n"
                                   "ck_sign ExclNC wildleaf /CN=www.example.test \"$LEAF\nsubjectAltName=DNS:*.example.test\"\n",
   "wildleaf", {"ExclNC"}, kRoot, kHost, kServer, {"name_constraints_violation@0"}, Openssl::accepts},
  // The CN is no name of the certificate, so name constraints do not apply to it (OpenSSL would apply
  // DNS constraints to a CN that looks like a host name).
  {"NameConstraintsIgnoreTheCn", "ck_sign Root ExclCnNC /CN=ExclCnNC \"$CA\nnameConstraints=critical,excluded;DNS:excluded.test\"\n"
                                 "ck_sign ExclCnNC cnexcluded /CN=www.excluded.test \"$LEAF\nsubjectAltName=IP:192.0.2.7\"\n",
   "cnexcluded", {"ExclCnNC"}, kRoot, "192.0.2.7", kServer, {}, Openssl::refuses},
  // Backtracking (RFC 4158): CrossX1 and CrossX2 are one CA (one key, one name) under two roots. The path
  // through CrossX1 violates its name constraint; the one through CrossX2 validates, listed first or not.
  {"AlternativePathAfterNameConstraints", kCross, "crossleaf", {"CrossX1", "CrossX2"}, {"Root", "RootB"}, kHost, kServer, {},
   Openssl::refuses},
  {"AlternativePathListedFirst", kCross, "crossleaf", {"CrossX2", "CrossX1"}, {"Root", "RootB"}, kHost, kServer, {}},
};
// clang-format on

std::vector<std::string> codes(const VerifyResult& r) {
  std::vector<std::string> out;
  for (const auto& p : r.problems)
    out.push_back(p.code + "@" + std::to_string(p.depth) + (p.severity == Severity::warning ? " (warning)" : ""));
  return out;
}

bool is_ip(const std::string& name) { return name.find_first_not_of("0123456789.:abcdef") == std::string::npos; }

// `openssl verify` with the options that correspond to certkeep's.
bool openssl_verify_accepts(const test::TempDir& dir, const Case& c, UnixTime at) {
  static constexpr const char* kPurpose[] = {"sslserver", "sslclient", "any"};
  std::string cmd = "cd '" + dir.path().string() + "' && openssl verify -x509_strict -partial_chain -auth_level 2 -attime " +
                    std::to_string(at) + " -purpose " + kPurpose[static_cast<int>(c.purpose)];
  if (c.host) cmd += (is_ip(*c.host) ? " -verify_ip " : " -verify_hostname ") + *c.host;
  for (const auto& a : c.anchors) cmd += " -trusted " + a + ".pem";
  for (const auto& u : c.untrusted) cmd += " -untrusted " + u + ".pem";
  return test::sh(cmd + " " + c.leaf + ".pem").exit_code == 0;
}

class VerifyGolden : public ::testing::TestWithParam<Case> {};

TEST_P(VerifyGolden, ReportsExactlyTheExpectedProblems) {
  const auto& c = GetParam();
  const test::VerifyFixtureDir fx(c.recipe);
  ASSERT_TRUE(fx.ok());
  const UnixTime at = system_now() + 3600;  // after every certificate made "now" became valid
  VerifyOptions options(at);
  options.name = c.host;
  options.purpose = c.purpose;
  const auto result = verify_chain(fx.cert(c.leaf), fx.certs(c.untrusted), fx.certs(c.anchors), options);
  ASSERT_TRUE(result) << result.error().message;
  EXPECT_EQ(codes(*result), c.expected);
  for (const auto& p : result->problems) {
    EXPECT_TRUE(!p.message.empty() && p.message.find('\n') == std::string::npos) << p.code << ": " << p.message;
    EXPECT_NE(std::ranges::find(problem_codes(), p.code), problem_codes().end()) << p.code << " is not registered";
  }
  const bool only_warnings =
      std::ranges::all_of(c.expected, [](const std::string& e) { return e.ends_with(" (warning)"); });
  EXPECT_EQ(result->valid(), only_warnings);

  const bool openssl_accepts = openssl_verify_accepts(fx.dir(), c, at);
  switch (c.openssl) {
    case Openssl::agrees: EXPECT_EQ(openssl_accepts, result->valid()) << "openssl verify -x509_strict disagrees"; break;
    case Openssl::accepts: EXPECT_TRUE(openssl_accepts && !result->valid()) << "certkeep should be the stricter"; break;
    case Openssl::refuses: EXPECT_TRUE(!openssl_accepts && result->valid()) << "openssl should be the stricter"; break;
  }
}

INSTANTIATE_TEST_SUITE_P(Cases, VerifyGolden, ::testing::ValuesIn(kCases),
                         [](const ::testing::TestParamInfo<Case>& param_info) { return param_info.param.name; });

}  // namespace
}  // namespace certkeep
