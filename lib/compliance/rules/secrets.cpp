// no_secrets_in_prompts: credentials pasted into a prompt. Each kind is a table row: a PCRE2
// pattern that finds candidates (a vendor's token prefix and shape, or a value next to a secret
// keyword) and a validator that drops placeholders and look-alikes (`${PASSWORD}`, `<your-token>`,
// UUIDs, git SHAs and hashes, identifiers, code such as `request.form["password"]`). Every finding
// is critical. tests/accuracy measures recall and false positives on a labelled corpus. Never
// keeps, logs or prints a secret: the excerpt shows at most the token's public prefix (4
// characters) and stars.
//
// Placeholders: documentation values (`changeme`, `password`, `<...>`, `${VAR}`, `$VAR`, `{{ x }}`,
// `os.environ[...]`, `********`, anything containing "example") are not reported. A deployed
// `changeme` is a weak credential, but reporting it would flag every setup guide a user pastes.
#include <algorithm>
#include <array>
#include <cctype>
#include <initializer_list>
#include <string_view>

#include "compliance/detect/checksums.hpp"
#include "compliance/detector_rule.hpp"
#include "compliance/rules/builtin.hpp"
#include "core/text.hpp"

namespace novacrm::compliance {

namespace {

// The excerpt of a token with a public prefix: the first N characters (at most 4), then stars.
template <size_t N>
std::string keep_prefix(std::string_view value) {
  static_assert(N >= 1 && N <= 4);
  return std::string(value.substr(0, N)) + "********";
}

std::string lower(std::string_view s) { return core::to_lower_ascii(s); }

bool contains(std::string_view haystack, std::string_view needle) {
  return haystack.find(needle) != std::string_view::npos;
}

// A vendor-shaped token that is really documentation: AWS's "AKIAIOSFODNN7EXAMPLE", "xxxxxx".
bool plausible_token(std::string_view s) {
  const std::string l = lower(s);
  for (std::string_view word : {"example", "xxxxxx", "placeholder", "your_", "your-", "<", ">"}) {
    if (contains(l, word)) return false;
  }
  return true;
}

bool has_upper(std::string_view s) {
  return std::any_of(s.begin(), s.end(), [](unsigned char c) { return std::isupper(c) != 0; });
}
bool has_lower(std::string_view s) {
  return std::any_of(s.begin(), s.end(), [](unsigned char c) { return std::islower(c) != 0; });
}
bool has_digit(std::string_view s) {
  return std::any_of(s.begin(), s.end(), [](unsigned char c) { return std::isdigit(c) != 0; });
}

bool is_uuid(std::string_view s) {
  if (s.size() != 36) return false;
  for (size_t i = 0; i < s.size(); ++i) {
    const bool dash = i == 8 || i == 13 || i == 18 || i == 23;
    if (dash != (s[i] == '-')) return false;
    if (!dash && std::isxdigit(static_cast<unsigned char>(s[i])) == 0) return false;
  }
  return true;
}

// A value after `password=` or in a URL's user:password that is a reference or a placeholder,
// not a secret: `${DB_PASSWORD}`, `$PASS`, `%PWD%`, `<your-password>`, `{{ vault }}`,
// `os.environ[...]`, `getenv(...)`, `********`, a file path, or a well-known dummy word.
bool placeholder_value(std::string_view s) {
  if (s.empty()) return true;
  const char first = s.front();
  // Not '*' or '%' alone: a random password may start with one. Masks ("********") and Windows
  // variables (%DB_PASSWORD%) are recognised whole.
  if (std::string_view("$<{[(").find(first) != std::string_view::npos) return true;
  if (first == '%' && s.size() > 2 && s.back() == '%') return true;
  if (s.find_first_not_of('*') == std::string_view::npos) return true;
  if (s.starts_with("/") || s.starts_with("~/") || s.starts_with("./") || s.starts_with("../")) {
    return true;
  }
  const std::string l = lower(s);
  for (std::string_view word : {"example", "environ", "process.env", "getenv", "(", "{{", "xxxx",
                                "****", "your_", "your-", "placeholder", "redacted"}) {
    if (contains(l, word)) return true;
  }
  for (std::string_view word :
       {"changeme", "change_me", "change-me",  "password",     "passwd",       "pass",
        "pwd",      "secret",    "none",       "null",         "undefined",    "hidden",
        "masked",   "dummy",     "mypassword", "yourpassword", "true",         "false",
        "empty",    "string",    "required",   "motdepasse",   "mot_de_passe", "mdp"}) {
    if (l == word) return true;
  }
  return false;
}

// Code that reads a password instead of holding one: `request.form["password"]`,
// `Optional[str]`, `settings.DB_PASSWORD`, `self.password`: brackets, or a dotted path whose parts
// are identifiers with digits only at their end (a random `kemS.W7klq6RgP2` is a password).
bool code_expression(std::string_view s) {
  if (s.find_first_of("[]{}()") != std::string_view::npos) return true;
  if (s.find('.') == std::string_view::npos) return false;
  size_t pos = 0;
  while (pos <= s.size()) {
    const size_t end = std::min(s.find('.', pos), s.size());
    const std::string_view part = s.substr(pos, end - pos);
    pos = end + 1;
    size_t letters = 0;
    while (letters < part.size() &&
           (std::isalpha(static_cast<unsigned char>(part[letters])) != 0 || part[letters] == '_')) {
      ++letters;
    }
    if (letters == 0 ||
        !std::all_of(part.begin() + static_cast<std::ptrdiff_t>(letters), part.end(),
                     [](unsigned char c) { return std::isdigit(c) != 0; })) {
      return false;
    }
  }
  return true;
}

bool has_symbol(std::string_view s) {
  return std::any_of(s.begin(), s.end(),
                     [](unsigned char c) { return std::isalnum(c) == 0 && c < 0x80; });
}

// `password=...`: not a placeholder or code, and not one plain word ("token: expired"): at least
// two of lower case, upper case, digits and symbols.
bool plausible_password(std::string_view s) {
  if (placeholder_value(s) || code_expression(s)) return false;
  const int classes =
      int{has_lower(s)} + int{has_upper(s)} + int{has_digit(s)} + int{has_symbol(s)};
  return classes >= 2;
}

// `password="purple monkey dishwasher"`, `password=correcthorsebatterystaple`: after `=` or in
// quotes the syntax says it is a value, so one case of letters is enough.
bool plausible_passphrase(std::string_view s) {
  return !placeholder_value(s) && !code_expression(s) && (has_lower(s) || has_upper(s));
}

// "the password is Summer2024!": prose, so the value must also hold a digit or a symbol ("the
// password is Required" is not a password).
bool plausible_stated_password(std::string_view s) {
  return plausible_password(s) && (has_digit(s) || has_symbol(s));
}

bool plausible_url_password(std::string_view s) { return !placeholder_value(s); }

bool all_hex(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](unsigned char c) { return std::isxdigit(c) != 0; });
}

// Words and numbers joined by separators: an identifier or a path, not a random string
// (`fk_orders_customer_id_2024`, `ACME-CORP-EMEA-2024`, `exports/2024/03/contacts_full`).
bool identifier_like(std::string_view s) {
  size_t segments = 0;
  size_t pos = 0;
  while (pos <= s.size()) {
    const size_t end = std::min(s.find_first_of("-_/.+=", pos), s.size());
    const std::string_view seg = s.substr(pos, end - pos);
    pos = end + 1;
    if (seg.empty()) continue;
    ++segments;
    const bool digits = !has_upper(seg) && !has_lower(seg);
    const bool lower_word = !has_upper(seg) && !has_digit(seg);
    const bool upper_word = !has_lower(seg) && !has_digit(seg);
    const bool capitalised = !has_digit(seg) && !has_upper(seg.substr(1)) &&
                             std::isupper(static_cast<unsigned char>(seg[0])) != 0;
    if (!digits && !lower_word && !upper_word && !capitalised) return false;
  }
  return segments >= 2;
}

// The base64 body of an SSH public key ("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5..."): public, not secret.
bool ssh_public_key_blob(std::string_view s) {
  return s.starts_with("AAAA") && (contains(s, "NzaC") || contains(s, "E2VjZHNh"));
}

// A random-looking string next to a keyword: letters and digits, >= 3.5 bits per byte, no UUID,
// identifier, path or public key.
bool high_entropy(std::string_view s) {
  return plausible_token(s) && !is_uuid(s) && (has_upper(s) || has_lower(s)) && has_digit(s) &&
         detect::shannon_entropy(s) >= 3.5 && !identifier_like(s) && !ssh_public_key_blob(s);
}

// After the bare word "key" or "clé" ("the key commit is 3f78...", "le commit clé a8bc..."),
// hexadecimal is a hash or a commit id, not a credential.
bool high_entropy_not_hex(std::string_view s) { return high_entropy(s) && !all_hex(s); }

// Far from its keyword, only a string that is plainly random counts: mixed case and digits, at
// least 24 characters, >= 4 bits per byte.
bool strongly_random(std::string_view s) {
  return high_entropy(s) && has_upper(s) && has_lower(s) && s.size() >= 24 &&
         detect::shannon_entropy(s) >= 4.0;
}

// AWS secret access keys are 40 base64 characters in mixed case: a git SHA (lower-case hex) is not.
bool plausible_aws_secret(std::string_view s) {
  return has_upper(s) && has_lower(s) && has_digit(s) && plausible_token(s) &&
         detect::shannon_entropy(s) >= 3.5;
}

// Joins pattern fragments at compile time, so rows that share a keyword list spell it once. The
// result is NUL-terminated; a pattern too long for the buffer fails to compile (at() throws).
constexpr std::array<char, 1024> join(std::initializer_list<std::string_view> parts) {
  std::array<char, 1024> out{};
  size_t i = 0;
  for (std::string_view part : parts) {
    for (char c : part) out.at(i++) = c;
  }
  out.at(i) = '\0';
  return out;
}

// generic_high_entropy: a secret keyword, a gap on the same line that never crosses a word
// naming a hash ("key fingerprint SHA256:...", "token commit 3f78..."), then the value.
constexpr std::string_view kSecretWord =
    R"((?<![a-z])(?:(?:api|access|secret|signing|private|encryption|master)[ _-]?keys?|secrets?|)"
    R"(tokens?|passw(?:or)?ds?|credentials?|mots? de passe|jetons?|)"
    R"(cl[ée]s? (?:d['’]|de |du )?(?:api|chiffrement|signature|secr[eè]te|priv[ée]e|acc[eè]s))(?![a-z]))";
constexpr std::string_view kBareKeyWord = R"((?<![a-z])(?:keys?|cl[ée]s?)(?![a-z]))";
constexpr std::string_view kGapChar =
    R"((?:(?!\b(?:commit|sha\d*|hash|checksum|digest|fingerprint|md5|etag|empreinte|somme|)"
    R"(ssh-[a-z0-9]+|public|publique)\b)[^\n]))";
constexpr std::string_view kRandomValue =
    R"((?<![A-Za-z0-9+/=_-])([A-Za-z0-9+/=_-]{20,})(?![A-Za-z0-9+/=_-]))";
constexpr auto kNearSecretWord = join({"(?i)", kSecretWord, kGapChar, "{0,30}?", kRandomValue});
constexpr auto kNearBareKeyWord = join({"(?i)", kBareKeyWord, kGapChar, "{0,30}?", kRandomValue});
constexpr auto kFarSecretWord = join({"(?i)", kSecretWord, kGapChar, "{0,80}?", kRandomValue});

// In priority order: a later kind overlapping an earlier one is dropped (a GitHub token after
// `password=` is a github_pat, not also a password_assignment). Vendor shapes first, keyword
// driven kinds last. Prefixed tokens must not start or end inside a longer word.
constexpr Severity kCrit = Severity::kCritical;
constexpr std::array<Detector, 60> kDetectors = {{
    {"private_key",
     R"((?s)-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----[A-Za-z0-9+/=\s:,.-]{40,}?-----END (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----)",
     kCrit, nullptr, core::mask_generic},
    {"age_secret_key", R"(AGE-SECRET-KEY-1[QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L]{58})", kCrit, nullptr,
     keep_prefix<4>},
    {"aws_access_key_id", R"((?<![A-Z0-9])(?:AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16}(?![A-Z0-9]))", kCrit,
     plausible_token, keep_prefix<4>},
    {"google_api_key", R"((?<![A-Za-z0-9_-])AIza[0-9A-Za-z_-]{35}(?![A-Za-z0-9_-]))", kCrit,
     plausible_token, keep_prefix<4>},
    {"google_oauth_client_secret", R"((?<![A-Za-z0-9_-])GOCSPX-[0-9A-Za-z_-]{28}(?![A-Za-z0-9_-]))",
     kCrit, plausible_token, keep_prefix<4>},
    {"github_pat", R"((?<![A-Za-z0-9_-])ghp_[A-Za-z0-9]{36}(?![A-Za-z0-9_-]))", kCrit,
     plausible_token, keep_prefix<4>},
    {"github_fine_grained_pat",
     R"((?<![A-Za-z0-9_-])github_pat_[A-Za-z0-9]{22}_[A-Za-z0-9]{59}(?![A-Za-z0-9_-]))", kCrit,
     plausible_token, keep_prefix<4>},
    {"github_oauth_token", R"((?<![A-Za-z0-9_-])gho_[A-Za-z0-9]{36}(?![A-Za-z0-9_-]))", kCrit,
     plausible_token, keep_prefix<4>},
    {"github_user_to_server_token", R"((?<![A-Za-z0-9_-])ghu_[A-Za-z0-9]{36}(?![A-Za-z0-9_-]))",
     kCrit, plausible_token, keep_prefix<4>},
    {"github_app_token", R"((?<![A-Za-z0-9_-])ghs_[A-Za-z0-9]{36}(?![A-Za-z0-9_-]))", kCrit,
     plausible_token, keep_prefix<4>},
    {"github_refresh_token", R"((?<![A-Za-z0-9_-])ghr_[A-Za-z0-9]{36}(?![A-Za-z0-9_-]))", kCrit,
     plausible_token, keep_prefix<4>},
    {"gitlab_pat", R"((?<![A-Za-z0-9_-])glpat-[0-9A-Za-z_-]{20,}(?![A-Za-z0-9_-]))", kCrit,
     plausible_token, keep_prefix<4>},
    {"gitlab_runner_token",
     R"((?<![A-Za-z0-9_-])(?:glrt-[0-9A-Za-z_-]{20,}|GR1348941[0-9A-Za-z_-]{20})(?![A-Za-z0-9_-]))",
     kCrit, plausible_token, keep_prefix<4>},
    {"gitlab_deploy_token", R"((?<![A-Za-z0-9_-])gldt-[0-9A-Za-z_-]{20,}(?![A-Za-z0-9_-]))", kCrit,
     plausible_token, keep_prefix<4>},
    {"slack_bot_token",
     R"((?<![A-Za-z0-9_-])xoxb-\d{8,14}-\d{8,14}-[A-Za-z0-9]{20,34}(?![A-Za-z0-9_-]))", kCrit,
     plausible_token, keep_prefix<4>},
    {"slack_user_token",
     R"((?<![A-Za-z0-9_-])xoxp-(?:\d{8,14}-){3}[A-Za-z0-9]{28,34}(?![A-Za-z0-9_-]))", kCrit,
     plausible_token, keep_prefix<4>},
    {"slack_workspace_token",
     R"((?<![A-Za-z0-9_-])xoxa-(?:\d+-)?[0-9A-Za-z-]{30,}(?![A-Za-z0-9_-]))", kCrit,
     plausible_token, keep_prefix<4>},
    {"slack_app_token",
     R"((?<![A-Za-z0-9_-])xapp-\d-[A-Z0-9]{8,12}-\d{8,14}-[A-Za-z0-9]{30,}(?![A-Za-z0-9_-]))",
     kCrit, plausible_token, keep_prefix<4>},
    {"slack_webhook",
     R"(https://hooks\.slack\.com/(?:services|workflows|triggers)/T[A-Z0-9]{6,12}/[AB][A-Z0-9]{6,12}/[A-Za-z0-9]{20,})",
     kCrit, plausible_token, core::mask_generic},
    {"discord_webhook",
     R"(https://(?:ptb\.|canary\.)?discord(?:app)?\.com/api/webhooks/\d{17,20}/[A-Za-z0-9_-]{60,68})",
     kCrit, plausible_token, core::mask_generic},
    {"stripe_secret_key",
     R"((?<![A-Za-z0-9_-])sk_(?:live|test)_[0-9A-Za-z]{24,99}(?![A-Za-z0-9_-]))", kCrit,
     plausible_token, keep_prefix<4>},
    {"stripe_restricted_key",
     R"((?<![A-Za-z0-9_-])rk_(?:live|test)_[0-9A-Za-z]{24,99}(?![A-Za-z0-9_-]))", kCrit,
     plausible_token, keep_prefix<4>},
    {"twilio_api_key", R"((?<![A-Za-z0-9_-])SK[0-9a-f]{32}(?![A-Za-z0-9_-]))", kCrit,
     plausible_token, keep_prefix<2>},
    {"twilio_account_sid", R"((?<![A-Za-z0-9_-])AC[0-9a-f]{32}(?![A-Za-z0-9_-]))", kCrit,
     plausible_token, keep_prefix<2>},
    {"sendgrid_api_key",
     R"((?<![A-Za-z0-9_-])SG\.[0-9A-Za-z_-]{22}\.[0-9A-Za-z_-]{43}(?![A-Za-z0-9_-]))", kCrit,
     plausible_token, keep_prefix<3>},
    {"anthropic_api_key",
     R"((?<![A-Za-z0-9_-])sk-ant-(?:api|admin)\d{2}-[0-9A-Za-z_-]{32,}(?![A-Za-z0-9_-]))", kCrit,
     plausible_token, keep_prefix<4>},
    {"openai_api_key",
     R"((?<![A-Za-z0-9_-])sk-(?:(?:proj|svcacct|admin)-[0-9A-Za-z_-]{40,}|[A-Za-z0-9]{20}T3BlbkFJ[A-Za-z0-9]{20})(?![A-Za-z0-9_-]))",
     kCrit, plausible_token, keep_prefix<4>},
    {"npm_token", R"((?<![A-Za-z0-9_-])npm_[A-Za-z0-9]{36}(?![A-Za-z0-9_-]))", kCrit,
     plausible_token, keep_prefix<4>},
    {"pypi_token", R"((?<![A-Za-z0-9_-])pypi-AgEIcHlwaS5vcmc[0-9A-Za-z_-]{50,}(?![A-Za-z0-9_-]))",
     kCrit, plausible_token, keep_prefix<4>},
    {"jwt",
     R"((?<![A-Za-z0-9_-])eyJ[0-9A-Za-z_-]{10,}\.eyJ[0-9A-Za-z_-]{10,}\.[0-9A-Za-z_-]{10,}(?![A-Za-z0-9_-]))",
     kCrit, nullptr, keep_prefix<3>},
    {"mailgun_api_key", R"((?<![A-Za-z0-9_-])key-[0-9a-f]{32}(?![A-Za-z0-9_-]))", kCrit,
     plausible_token, keep_prefix<4>},
    {"mailchimp_api_key", R"((?<![A-Za-z0-9_-])[0-9a-f]{32}-us\d{1,2}(?![A-Za-z0-9_-]))", kCrit,
     plausible_token, core::mask_generic},
    {"digitalocean_token", R"((?<![A-Za-z0-9_-])do[por]_v1_[0-9a-f]{64}(?![A-Za-z0-9_-]))", kCrit,
     plausible_token, keep_prefix<4>},
    {"shopify_token", R"((?<![A-Za-z0-9_-])shp(?:at|ss|ca|pa)_[0-9a-fA-F]{32}(?![A-Za-z0-9_-]))",
     kCrit, plausible_token, keep_prefix<4>},
    {"square_token",
     R"((?<![A-Za-z0-9_-])(?:sq0atp-[0-9A-Za-z_-]{22}|sq0csp-[0-9A-Za-z_-]{43}|EAAA[0-9A-Za-z_-]{60})(?![A-Za-z0-9_-]))",
     kCrit, plausible_token, keep_prefix<4>},
    {"huggingface_token", R"((?<![A-Za-z0-9_-])hf_[A-Za-z0-9]{34}(?![A-Za-z0-9_-]))", kCrit,
     plausible_token, keep_prefix<3>},
    {"databricks_token", R"((?<![A-Za-z0-9_-])dapi[0-9a-f]{32}(?:-\d)?(?![A-Za-z0-9_-]))", kCrit,
     plausible_token, keep_prefix<4>},
    {"atlassian_api_token", R"((?<![A-Za-z0-9_-])ATATT3[0-9A-Za-z_=-]{60,}(?![A-Za-z0-9_-]))",
     kCrit, plausible_token, keep_prefix<4>},
    {"linear_api_key", R"((?<![A-Za-z0-9_-])lin_api_[A-Za-z0-9]{40}(?![A-Za-z0-9_-]))", kCrit,
     plausible_token, keep_prefix<4>},
    {"telegram_bot_token", R"((?<![\w:])\d{8,10}:AA[0-9A-Za-z_-]{33}(?![A-Za-z0-9_-]))", kCrit,
     plausible_token, core::mask_generic},
    {"facebook_access_token",
     R"((?<![A-Za-z0-9_-])EAACEdEose0cBA[0-9A-Za-z]{20,}(?![A-Za-z0-9_-]))", kCrit, plausible_token,
     keep_prefix<4>},
    {"doppler_token",
     R"((?<![A-Za-z0-9_-])dp\.(?:pt|st|sa|ct|scim|audit)\.[A-Za-z0-9]{40,44}(?![A-Za-z0-9_-]))",
     kCrit, plausible_token, keep_prefix<3>},
    {"vault_token", R"((?<![A-Za-z0-9_-])hv[sb]\.[0-9A-Za-z_-]{24,}(?![A-Za-z0-9_-]))", kCrit,
     plausible_token, keep_prefix<4>},
    {"pulumi_token", R"((?<![A-Za-z0-9_-])pul-[0-9a-f]{40}(?![A-Za-z0-9_-]))", kCrit,
     plausible_token, keep_prefix<4>},
    {"heroku_api_key",
     R"((?i)(?:\bheroku[^\n]{0,30}?\b([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\b|(?<![\w-])(?:HRKU-[0-9A-Za-z_-]{60})(?![\w-])))",
     kCrit, plausible_token, core::mask_generic},
    {"sentry_dsn",
     R"(https?://([0-9a-f]{32})(?::[0-9a-f]{32})?@[0-9A-Za-z.-]*sentry[0-9A-Za-z.-]*/\d+)", kCrit,
     plausible_token, core::mask_generic},
    {"datadog_api_key",
     R"((?i)(?:datadog|\bdd_?api_?key|\bdd_?app_?key)[^\n]{0,30}?(?<![0-9a-z])([0-9a-f]{40}|[0-9a-f]{32})(?![0-9a-z]))",
     kCrit, plausible_token, core::mask_generic},
    {"azure_storage_account_key", R"(AccountKey=([A-Za-z0-9+/]{86}==))", kCrit, plausible_token,
     core::mask_generic},
    {"azure_connection_string",
     R"((?i:SharedAccessKey)=([A-Za-z0-9+/]{42,44}=?)(?![A-Za-z0-9+/=]))", kCrit, plausible_token,
     core::mask_generic},
    {"azure_sas_token", R"([?&]sig=([A-Za-z0-9%+/]{40,}(?:%3D|=){0,2}))", kCrit, plausible_token,
     core::mask_generic},
    {"aws_secret_access_key",
     R"((?i)(?<![a-z])(?:aws|amazon|secret_?access)[^\n]{0,80}?(?<![A-Za-z0-9/+])([A-Za-z0-9/+]{40})(?![A-Za-z0-9/+=]))",
     kCrit, plausible_aws_secret, core::mask_generic},
    {"twilio_auth_token",
     R"((?i)\btwilio[^\n]{0,30}?auth[^\n]{0,20}?(?<![0-9a-z])([0-9a-f]{32})(?![0-9a-z]))", kCrit,
     plausible_token, core::mask_generic},
    {"okta_api_token", R"((?i)\bokta[^\n]{0,30}?(?<![\w-])(00[0-9A-Za-z_-]{40})(?![\w-]))", kCrit,
     high_entropy, core::mask_generic},
    {"database_url_password",
     R"((?i)\b(?:postgres(?:ql)?|mysql|mariadb|mongodb(?:\+srv)?|rediss?|amqps?|mssql|sqlserver|oracle)(?:\+[a-z0-9]+)?://[^\s:/@]*:([^\s@/]+)@[^\s/@]+)",
     kCrit, plausible_url_password, core::mask_generic},
    // The value only (the first group): `password="hunter2!"` reports hunter2!. A final '.', ':',
    // '?' or ')' ends the sentence, not the value ("Token: expired." is not a password).
    {"password_assignment",
     R"((?i)(?<![a-z0-9])(?:password|passwd|passphrase|pwd|secret|client_secret|(?:secret|private|signing|encryption|master|app)[_-]?key|api[_-]?key|apikey|access[_-]?token|auth[_-]?token|token|mot[ _]de[ _]passe|mdp)["']?\s*[:=]\s*["']?([^\s"',;]{5,}[^\s"',;.:?)]))",
     kCrit, plausible_password, core::mask_generic},
    // A quoted value, or any value after '=', of a password keyword: lower-case passphrases too.
    {"password_assignment",
     R"((?i)(?<![a-z0-9])(?:password|passwd|passphrase|pwd|mot[ _]de[ _]passe|mdp)["']?\s*(?|[:=]\s*["']([^"'\n]{6,64})["']|=\s*([^\s"',;]{5,}[^\s"',;.:?)])))",
     kCrit, plausible_passphrase, core::mask_generic},
    // Prose: "the password for the admin is ...", "le mot de passe du NAS : ...", "c'est ...",
    // "a pour mot de passe « ... »".
    {"password_assignment",
     R"((?i)(?<![a-z0-9])(?:password|passwd|passphrase|mot de passe|mdp)(?![a-z])[^\n:=]{0,40}?(?:\s(?:is|was|it['’]s|est|était|c['’]est)\s+|\s*[:=]\s*|\s+(?=["'«“]))["'«“]?\s*([^\s"',;»”]{5,}[^\s"',;.:?)»”]))",
     kCrit, plausible_stated_password, core::mask_generic},
    // A random string after a secret keyword: close to a strong keyword; close to the bare "key" or
    // "clé" unless hexadecimal (a hash there); or further from a strong keyword if plainly random.
    {"generic_high_entropy", kNearSecretWord.data(), kCrit, high_entropy, core::mask_generic},
    {"generic_high_entropy", kNearBareKeyWord.data(), kCrit, high_entropy_not_hex,
     core::mask_generic},
    {"generic_high_entropy", kFarSecretWord.data(), kCrit, strongly_random, core::mask_generic},
}};

}  // namespace

core::Result<std::unique_ptr<Rule>> make_secrets_rule(const RuleConfig& /*config*/) {
  return make_detector_rule(kSecretsRuleKey, kDetectors);
}

std::span<const Detector> secrets_detectors() { return kDetectors; }

}  // namespace novacrm::compliance
