// Generated texts dense in near-misses of the built-in patterns (prefixes, digit runs, keywords,
// separators, multi-byte and case-folding characters, PEM blocks across lines), for differential
// tests: two ways of matching must give the same findings on every one.
#pragma once

#include <random>
#include <string>
#include <string_view>

namespace novacrm::testing {

// Texts made of pieces that sit on the patterns' edges.
class TextGenerator {
 public:
  explicit TextGenerator(unsigned seed) : rng_(seed) {}

  std::string text(size_t pieces) {
    std::string t;
    for (size_t i = 0; i < pieces; ++i) t += piece();
    return t;
  }

 private:
  size_t pick(size_t n) { return std::uniform_int_distribution<size_t>(0, n - 1)(rng_); }

  std::string run_of(std::string_view alphabet, size_t n) {
    std::string s;
    for (size_t i = 0; i < n; ++i) s += alphabet[pick(alphabet.size())];
    return s;
  }

  // Tokens with inner structure that random runs rarely produce.
  std::string shaped_token() {
    static constexpr std::string_view kD = "0123456789";
    static constexpr std::string_view kA =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    static constexpr std::string_view kU =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-";
    static constexpr std::string_view kH = "0123456789abcdef";
    static constexpr std::string_view kB =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    switch (pick(12)) {
      case 0:
        return "xoxb-" + run_of(kD, 10) + "-" + run_of(kD, 12) + "-" + run_of(kA, 24);
      case 1:
        return "xoxp-" + run_of(kD, 10) + "-" + run_of(kD, 10) + "-" + run_of(kD, 10) + "-" +
               run_of(kH, 32);
      case 2:
        return "xapp-1-A" + run_of(kD, 9) + "-" + run_of(kD, 13) + "-" + run_of(kH, 40);
      case 3:
        return "eyJ" + run_of(kU, 20) + ".eyJ" + run_of(kU, 16) + "." + run_of(kU, 30);
      case 4:
        return "SG." + run_of(kU, 22) + "." + run_of(kU, 43);
      case 5:
        return "AGE-SECRET-KEY-1" + run_of("QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L", 58);
      case 6:
        return "github_pat_" + run_of(kA, 22) + "_" + run_of(kA, 59);
      case 7:
        return run_of(kD, 9) + ":AA" + run_of(kU, 33);
      case 8:
        return "https://" + run_of(kH, 32) + "@o1.ingest.sentry.io/" + run_of(kD, 3);
      case 9:
        return "AccountKey=" + run_of(kB, 86) + "==";
      case 10:
        return "okta api token 00" + run_of(kU, 40);
      default:
        return "twilio auth token " + run_of(kH, 32);
    }
  }

  std::string piece() {
    static const std::vector<std::string> kFragments = {
        "hello ",
        "the ",
        "Please summarise ",
        "password",
        "passwd",
        "pwd",
        "token",
        "secret",
        "key",
        "api_key",
        "apikey",
        "access_token",
        "client_secret",
        "clé",
        "CLÉ",
        "jeton",
        "mot de passe",
        "mdp",
        "born",
        "birth",
        "DOB",
        "née",
        "NÉE",
        "ne",
        "naissance",
        "ddn",
        "aws",
        "AWS_SECRET_ACCESS_KEY",
        "amazon",
        "secret_access",
        "heroku",
        "HEROKU_API_KEY ",
        "datadog",
        "dd_api_key",
        "twilio",
        "auth",
        "okta",
        "AccountKey=",
        "SharedAccessKey=",
        "sharedaccesskey=",
        "?sig=",
        "&sig=",
        "postgres://",
        "mongodb+srv://",
        "redis://",
        "mysql://",
        "@",
        "://",
        "https://",
        "http://",
        "sentry.io/",
        "sentry",
        "/12345",
        "-----BEGIN RSA PRIVATE KEY-----",
        "-----END RSA PRIVATE KEY-----",
        "-----BEGIN PRIVATE KEY-----",
        "-----END PRIVATE KEY-----",
        "-----BEGIN OPENSSH PRIVATE KEY-----\n",
        "\n-----END OPENSSH PRIVATE KEY-----",
        "ghp_",
        "gho_",
        "ghu_",
        "ghs_",
        "ghr_",
        "github_pat_",
        "glpat-",
        "glrt-",
        "GR1348941",
        "gldt-",
        "xoxb-",
        "xoxp-",
        "xoxa-",
        "xoxa-2-",
        "xapp-1-",
        "sk_live_",
        "sk_test_",
        "rk_live_",
        "SK",
        "AC",
        "SG.",
        "sk-ant-api03-",
        "sk-proj-",
        "sk-",
        "T3BlbkFJ",
        "npm_",
        "pypi-AgEIcHlwaS5vcmc",
        "eyJ",
        ".eyJ",
        "key-",
        "-us1",
        "-us12",
        "dop_v1_",
        "shpat_",
        "shpss_",
        "sq0atp-",
        "sq0csp-",
        "EAAA",
        "hf_",
        "dapi",
        "ATATT3",
        "lin_api_",
        ":AA",
        "EAACEdEose0cBA",
        "dp.pt.",
        "hvs.",
        "hvb.",
        "pul-",
        "HRKU-",
        "AKIA",
        "ASIA",
        "AIza",
        "GOCSPX-",
        "AGE-SECRET-KEY-1",
        "https://hooks.slack.com/services/T0123ABCD/B0456EFGH/",
        "https://discord.com/api/webhooks/123456789012345678/",
        "ada.lovelace@example.com",
        "bob@mail.example.org",
        "+33 6 12 34 56 78",
        "06 12 34 56 78",
        "+44 20 7946 0958",
        "+1 (415) 555-0100",
        "FR14 2004 1010 0505 0001 3M02 606",
        "GB82 WEST 1234 5698 7654 32",
        "DE89370400440532013000",
        "4111 1111 1111 1111",
        "4111-1111-1111-1111",
        "4111111111111111",
        "5500 0000 0000 0004",
        "2 84 12 76 451 089 93",
        "184127645108946",
        "123-45-6789",
        "123 45 6789",
        "123456789",
        "192.168.10.42",
        "10.0.0.1",
        "999.1.1.1",
        "1.2.3.4.5",
        "2001:db8:85a3::8a2e:370:7334",
        "::1",
        "fe80::1%eth0",
        "12/03/1985",
        "3.12.85",
        "03-12-1985",
        "1.2.3-beta",
        "123e4567-e89b-12d3-a456-426614174000",
        "3f786850e387550fdab836ed7e6dc881de23001b",
        "${DB_PASSWORD}",
        "<your-token>",
        "changeme",
        "example",
        "EXAMPLE",
        "Tr0ub4dor&3",
        "Summer2024!",
        "S3cr3t-Pa55"};
    static const std::vector<std::string> kSeparators = {
        " ",      " ",      " ",    "\n", "\r\n", "\t",  "\v", "\f", "=", ": ", " = ", "\"",
        "'",      ",",      ";",    "/",  "-",    "_",   ".",  "@",  ":", "é",  "É",   "\u212A",
        "\u017F", "\u00A0", "日本", "😀",  "\n\n", "%3D", "==", "+",  "#", "(",  ")"};
    static constexpr std::string_view kAlnum =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    static constexpr std::string_view kHex = "0123456789abcdef";
    static constexpr std::string_view kBase64 =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    static constexpr std::string_view kUrlSafe =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-";
    static constexpr std::string_view kDigits = "0123456789";
    static constexpr std::string_view kDigitSeps = "0123456789012345678901234567890123456789 -.";
    static constexpr std::string_view kUpper = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    static const std::vector<std::string_view> kAlphabets = {kAlnum,  kHex,       kBase64, kUrlSafe,
                                                             kDigits, kDigitSeps, kUpper};
    static const std::vector<size_t> kLengths = {1,  2,  3,  4,  6,  8,  12, 16, 20, 22, 24, 28,
                                                 32, 34, 35, 36, 40, 43, 48, 58, 60, 64, 86, 93};
    switch (pick(11)) {
      case 10:
        return shaped_token();
      case 0:
      case 1:
      case 2:
      case 3:
        return kFragments[pick(kFragments.size())];
      case 4:
      case 5:
      case 6:
        return run_of(kAlphabets[pick(kAlphabets.size())], kLengths[pick(kLengths.size())]);
      default:
        return kSeparators[pick(kSeparators.size())];
    }
  }

  std::mt19937 rng_;
};

}  // namespace novacrm::testing
