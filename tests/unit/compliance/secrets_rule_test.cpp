// no_secrets_in_prompts on its own: one positive per kind, benign look-alikes that must stay
// silent, masked excerpts and the reported span. Every token here is fake, generated in the test
// with the right shape; no real secret is pasted.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "compliance/rules/builtin.hpp"

namespace novacrm::compliance {
namespace {

// The built-in rule, prefiltered from the first text (the default waits for 64 KiB).
const Rule& rule() {
  MatchingOptions o = MatchingOptions::from_environment();
  o.prefilter_after_bytes = 0;
  static const std::unique_ptr<Rule> kRule =
      make_detector_rule(kSecretsRuleKey, secrets_detectors(), o).value();
  return *kRule;
}

// The same rule with PCRE2 alone: every case also checks the prefilter changes nothing.
const Rule& pcre2_only_rule() {
  MatchingOptions o = MatchingOptions::from_environment();
  o.prefilter = false;
  static const std::unique_ptr<Rule> kRule =
      make_detector_rule(kSecretsRuleKey, secrets_detectors(), o).value();
  return *kRule;
}

std::vector<Finding> findings(std::string_view text) {
  std::vector<Finding> out;
  rule().analyze(text, ScanContext{}, out);
  std::vector<Finding> reference;
  pcre2_only_rule().analyze(text, ScanContext{}, reference);
  EXPECT_EQ(out.size(), reference.size()) << text;
  for (size_t i = 0; i < std::min(out.size(), reference.size()); ++i) {
    EXPECT_EQ(out[i].entity, reference[i].entity);
    EXPECT_EQ(out[i].span.begin, reference[i].span.begin);
    EXPECT_EQ(out[i].span.end, reference[i].span.end);
    EXPECT_EQ(out[i].excerpt, reference[i].excerpt);
  }
  return out;
}

constexpr std::string_view kAlnum =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
constexpr std::string_view kUpperDigits = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
constexpr std::string_view kHex = "0123456789abcdef";
constexpr std::string_view kBase64 =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
constexpr std::string_view kUrlSafe =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-";
constexpr std::string_view kBech32 = "QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L";

// `n` deterministic pseudo-random characters from `alphabet` (a linear congruential generator).
std::string fake(std::string_view alphabet, size_t n, unsigned seed) {
  std::string s;
  unsigned x = seed * 2654435761U + 1U;
  for (size_t i = 0; i < n; ++i) {
    x = x * 1103515245U + 12345U;
    s += alphabet[(x >> 16U) % alphabet.size()];
  }
  return s;
}

struct Case {
  std::string name;
  std::string text;
  std::string entity;  // empty: nothing must be found
  std::string secret;  // the exact text of the reported span
};

Case hit(std::string name, const std::string& before, const std::string& secret,
         const std::string& after, std::string entity) {
  return Case{std::move(name), before + secret + after, std::move(entity), secret};
}

std::vector<Case> positives() {
  const std::string pem_body = fake(kBase64, 64, 1) + "\n" + fake(kBase64, 64, 2) + "\n";
  const std::string jwt =
      "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0." + fake(kUrlSafe, 43, 3);
  return {
      hit("private_key", "key:\n",
          "-----BEGIN RSA PRIVATE KEY-----\n" + pem_body + "-----END RSA PRIVATE KEY-----",
          "\nthanks", "private_key"),
      hit("private_key_openssh", "",
          "-----BEGIN OPENSSH PRIVATE KEY-----\n" + pem_body + "-----END OPENSSH PRIVATE KEY-----",
          "", "private_key"),
      hit("age", "age key ", "AGE-SECRET-KEY-1" + fake(kBech32, 58, 4), "", "age_secret_key"),
      hit("aws_id", "use ", "AKIA" + fake(kUpperDigits, 16, 5), " for s3", "aws_access_key_id"),
      hit("aws_sts_id", "sts ", "ASIA" + fake(kUpperDigits, 16, 6), "", "aws_access_key_id"),
      hit("aws_secret", "aws_secret_access_key = ", fake(kBase64, 40, 7), "",
          "aws_secret_access_key"),
      hit("google_api", "maps key ", "AIza" + fake(kUrlSafe, 35, 8), ".", "google_api_key"),
      hit("google_oauth", "client ", "GOCSPX-" + fake(kUrlSafe, 28, 9), "",
          "google_oauth_client_secret"),
      hit("azure_storage", "DefaultEndpointsProtocol=https;AccountName=acme;AccountKey=",
          fake(kBase64, 86, 10) + "==", ";EndpointSuffix=core.windows.net",
          "azure_storage_account_key"),
      hit("azure_servicebus",
          "Endpoint=sb://acme.servicebus.windows.net/;SharedAccessKeyName=Root;SharedAccessKey=",
          fake(kBase64, 43, 11) + "=", "", "azure_connection_string"),
      hit("azure_sas", "https://acme.blob.core.windows.net/c?sv=2022-11-02&sig=",
          fake(kAlnum, 43, 12) + "%3D", "", "azure_sas_token"),
      hit("github_pat", "token ", "ghp_" + fake(kAlnum, 36, 13), " pls", "github_pat"),
      hit("github_fine", "", "github_pat_" + fake(kAlnum, 22, 14) + "_" + fake(kAlnum, 59, 15), "",
          "github_fine_grained_pat"),
      hit("github_oauth", "", "gho_" + fake(kAlnum, 36, 16), "", "github_oauth_token"),
      hit("github_u2s", "", "ghu_" + fake(kAlnum, 36, 17), "", "github_user_to_server_token"),
      hit("github_app", "", "ghs_" + fake(kAlnum, 36, 18), "", "github_app_token"),
      hit("github_refresh", "", "ghr_" + fake(kAlnum, 36, 19), "", "github_refresh_token"),
      hit("gitlab_pat", "", "glpat-" + fake(kUrlSafe, 20, 20), "", "gitlab_pat"),
      hit("gitlab_runner", "", "glrt-" + fake(kUrlSafe, 20, 21), "", "gitlab_runner_token"),
      hit("gitlab_deploy", "", "gldt-" + fake(kUrlSafe, 20, 22), "", "gitlab_deploy_token"),
      hit("slack_bot", "", "xoxb-1234567890-2345678901-" + fake(kAlnum, 24, 23), "",
          "slack_bot_token"),
      hit("slack_user", "", "xoxp-1234567890-2345678901-3456789012-" + fake(kHex, 32, 24), "",
          "slack_user_token"),
      hit("slack_xoxa", "", "xoxa-2-" + fake(kAlnum, 40, 25), "", "slack_workspace_token"),
      hit("slack_app", "", "xapp-1-A0123BCDEF-1234567890123-" + fake(kHex, 64, 26), "",
          "slack_app_token"),
      hit("slack_webhook", "post to ",
          "https://hooks.slack.com/services/T0123ABCD/B0456EFGH/" + fake(kAlnum, 24, 27), "",
          "slack_webhook"),
      hit("discord_webhook", "",
          "https://discord.com/api/webhooks/123456789012345678/" + fake(kUrlSafe, 68, 28), "",
          "discord_webhook"),
      hit("stripe_live", "", "sk_live_" + fake(kAlnum, 24, 29), "", "stripe_secret_key"),
      hit("stripe_test", "", "sk_test_" + fake(kAlnum, 24, 30), "", "stripe_secret_key"),
      hit("stripe_restricted", "", "rk_live_" + fake(kAlnum, 24, 31), "", "stripe_restricted_key"),
      hit("twilio_key", "", "SK" + fake(kHex, 32, 32), "", "twilio_api_key"),
      hit("twilio_sid", "", "AC" + fake(kHex, 32, 33), "", "twilio_account_sid"),
      hit("twilio_auth", "twilio auth token ", fake(kHex, 32, 34), "", "twilio_auth_token"),
      hit("sendgrid", "", "SG." + fake(kUrlSafe, 22, 35) + "." + fake(kUrlSafe, 43, 36), "",
          "sendgrid_api_key"),
      hit("openai_project", "", "sk-proj-" + fake(kUrlSafe, 48, 37), "", "openai_api_key"),
      hit("openai_legacy", "", "sk-" + fake(kAlnum, 20, 38) + "T3BlbkFJ" + fake(kAlnum, 20, 39), "",
          "openai_api_key"),
      hit("anthropic", "", "sk-ant-api03-" + fake(kUrlSafe, 93, 40) + "AA", "",
          "anthropic_api_key"),
      hit("npm", "//registry.npmjs.org/:_authToken=", "npm_" + fake(kAlnum, 36, 41), "",
          "npm_token"),
      hit("pypi", "", "pypi-AgEIcHlwaS5vcmc" + fake(kUrlSafe, 60, 42), "", "pypi_token"),
      hit("jwt", "Authorization: Bearer ", jwt, "", "jwt"),
      hit("postgres_url", "postgres://crm_app:", "S3cr3t-Pa55", "@db.internal:5432/crm",
          "database_url_password"),
      hit("mongodb_srv_url", "mongodb+srv://admin:", "hunter2hunter", "@cluster0.mongodb.net/",
          "database_url_password"),
      hit("redis_url", "redis://:", "r3dis!pass", "@cache:6379/0", "database_url_password"),
      hit("password_eq", "password=", "Tr0ub4dor&3", " ok", "password_assignment"),
      hit("passwd_colon", "passwd: \"", "n0v4-Crm!", "\"", "password_assignment"),
      hit("pwd_eq", "PWD=", "Summer2024!", "", "password_assignment"),
      hit("secret_colon", "secret: ", "q7Lm-9xWz2", "", "password_assignment"),
      hit("api_key_eq", "api_key='", "abc123def456", "'", "password_assignment"),
      hit("token_colon", "token: ", "tk-88f2aa19", "", "password_assignment"),
      hit("mot_de_passe", "Le mot de passe: ", "Bonjour2024", "", "password_assignment"),
      hit("entropy_en", "here is the signing key for staging ", fake(kUrlSafe, 32, 43), "",
          "generic_high_entropy"),
      hit("entropy_fr", "la clé du service est ", fake(kAlnum, 28, 44), "", "generic_high_entropy"),
      hit("entropy_jeton", "jeton ", fake(kAlnum, 24, 45), "", "generic_high_entropy"),
      hit("mailgun", "", "key-" + fake(kHex, 32, 46), "", "mailgun_api_key"),
      hit("mailchimp", "", fake(kHex, 32, 47) + "-us12", "", "mailchimp_api_key"),
      hit("heroku_uuid", "HEROKU_API_KEY ", "3f2b8c1d-4e5a-4b6c-8d7e-9f0a1b2c3d4e", "",
          "heroku_api_key"),
      hit("digitalocean", "", "dop_v1_" + fake(kHex, 64, 48), "", "digitalocean_token"),
      hit("shopify", "", "shpat_" + fake(kHex, 32, 49), "", "shopify_token"),
      hit("shopify_secret", "", "shpss_" + fake(kHex, 32, 50), "", "shopify_token"),
      hit("square", "", "sq0atp-" + fake(kUrlSafe, 22, 51), "", "square_token"),
      hit("square_eaaa", "", "EAAA" + fake(kUrlSafe, 60, 52), "", "square_token"),
      hit("huggingface", "", "hf_" + fake(kAlnum, 34, 53), "", "huggingface_token"),
      hit("databricks", "", "dapi" + fake(kHex, 32, 54), "", "databricks_token"),
      hit("atlassian", "", "ATATT3" + fake(kUrlSafe, 180, 55), "", "atlassian_api_token"),
      hit("linear", "", "lin_api_" + fake(kAlnum, 40, 56), "", "linear_api_key"),
      hit("datadog", "datadog api key ", fake(kHex, 32, 57), "", "datadog_api_key"),
      hit("telegram", "bot ", "123456789:AA" + fake(kUrlSafe, 33, 58), "", "telegram_bot_token"),
      hit("facebook", "", "EAACEdEose0cBA" + fake(kAlnum, 40, 59), "", "facebook_access_token"),
      hit("doppler", "", "dp.pt." + fake(kAlnum, 43, 60), "", "doppler_token"),
      hit("vault", "VAULT_TOKEN ", "hvs." + fake(kUrlSafe, 24, 61), "", "vault_token"),
      hit("pulumi", "", "pul-" + fake(kHex, 40, 62), "", "pulumi_token"),
      hit("sentry", "dsn https://", fake(kHex, 32, 63), "@o12345.ingest.sentry.io/678",
          "sentry_dsn"),
      hit("okta", "okta api token ", "00" + fake(kUrlSafe, 40, 64), "", "okta_api_token"),
      // Shapes found by the accuracy suite (tests/accuracy).
      hit("passphrase_lower_eq", "My .env has password=", "correcthorsebatterystaple", " for admin",
          "password_assignment"),
      hit("passphrase_quoted_spaces", "passphrase=\"", "purple monkey dishwasher", "\"",
          "password_assignment"),
      hit("json_password_lower", "{\"user\": \"sync\", \"password\": \"", "tangerinefalcon", "\"}",
          "password_assignment"),
      hit("password_prose_is", "The password for the staging admin is ", "wyeG9sKvDoJd",
          " - keep it safe", "password_assignment"),
      hit("mot_de_passe_prose", "Le mot de passe du compte admin du NAS : ", "f6RSRDfr&tAF",
          ". Merci", "password_assignment"),
      hit("mot_de_passe_cest", "Le mot de passe Wi-Fi, c'est ", "FUAJl15L.VS#X7Ol", " ; merci",
          "password_assignment"),
      hit("mot_de_passe_guillemets", "a pour mot de passe « ", "7ms6z8!tbq2Owvr", " », à changer",
          "password_assignment"),
      hit("password_with_dot", "password = ", "kemS.W7klq6RgP2", "", "password_assignment"),
      hit("password_leading_star", "password=", "*4Z*z14w9CURDC", "", "password_assignment"),
      hit("password_leading_percent", "mdp = ", "%CJ-@FyWAX4", "", "password_assignment"),
      hit("django_secret_key", "SECRET_KEY = '", fake(kUrlSafe, 50, 80), "'",
          "password_assignment"),
      hit("sqlalchemy_url", "postgresql+psycopg2://airflow:", "h6zM5YwW*!q!N-",
          "@warehouse.internal/analytics", "database_url_password"),
      hit("aws_secret_far",
          "provider \"aws\" { region = \"eu-west-3\", profile = \"crm-prod\", secret_key = \"",
          fake(kBase64, 40, 81), "\" }", "aws_secret_access_key"),
      hit("entropy_far", "Here is the signing key for the staging webhooks, why do they fail? ",
          fake(kAlnum, 40, 82), "", "generic_high_entropy"),
      hit("entropy_cle_chiffrement", "Clé de chiffrement du module export : ", fake(kAlnum, 44, 83),
          " – merci", "generic_high_entropy"),
  };
}

std::vector<Case> look_alikes() {
  const std::vector<std::string> texts = {
      "request id 123e4567-e89b-12d3-a456-426614174000 failed",
      "the idempotency key is 123e4567-e89b-12d3-a456-426614174000",
      "commit 3f786850e387550fdab836ed7e6dc881de23001b fixed the export",
      "Please send me a password reset link for my account",
      "the token is expired, ask the admin for a new one",
      "Token: expired",
      "password=<your-password>",
      "password=changeme",
      "password: ********",
      "password=${DB_PASSWORD}",
      "export API_KEY=$API_KEY",
      "api_key = os.environ[\"API_KEY\"]",
      "secret: {{ vault_secret }}",
      "pwd=/home/ada/projects/novacrm",
      "postgres://crm_app:${PGPASSWORD}@db:5432/crm",
      "postgres://localhost:5432/crm",
      "mysql://user:password@localhost/app",
      "Use AKIAIOSFODNN7EXAMPLE in the docs",
      "Tokens start with ghp_ and are 40 characters long",
      "sk_live_ keys must never be committed",
      "-----BEGIN PUBLIC KEY-----\n" + fake(kBase64, 64, 90) + "\n-----END PUBLIC KEY-----",
      "-----BEGIN PRIVATE KEY-----\n...\n-----END PRIVATE KEY-----",
      "xoxb-your-token-here",
      "Upgrade to version 1.2.3-beta+build.456 before Friday",
      "The key performance indicators internationalization improved",
      "Mot de passe oublié ? Réinitialiser le mot de passe",
      "See https://hooks.slack.com/services/ for the docs",
      "order 4111111111111111 shipped",
      "monkey " + fake(kAlnum, 24, 91),
      // Look-alikes found by the accuracy suite (tests/accuracy).
      "The key commit is 3f786850e387550fdab836ed7e6dc881de23001b, explain it",
      "Le commit clé a8bc60943c6cc8fe58d94d1f8f69a62bb61289d0 a cassé l'import",
      "Host key fingerprint SHA256:" + fake(kAlnum, 43, 92) + " changed",
      "Add my public key: ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI" + fake(kAlnum, 43, 93) +
          " ana@laptop",
      "The S3 key is exports/2024/03/crm_contacts_20240315_full.csv",
      "Key account ACME-CORP-EMEA-2024-STRATEGIC needs a deck",
      "Foreign key fk_orders_customer_id_2024 blocks the delete",
      "Token: expired. The customer can't log in.",
      "password = request.form[\"password\"]",
      "db_password = settings.DB_PASSWORD",
      "password: Optional[str] = None",
      "mysql://utilisateur:motdepasse@hote:3306/base",
      "password=%DB_PASSWORD%",
      "The password is Required",
      "{\"password\": \"string\"}",
      "Le mot de passe doit contenir 12 caractères dont un chiffre",
  };
  std::vector<Case> out;
  for (size_t i = 0; i < texts.size(); ++i) {
    out.push_back(Case{"benign" + std::to_string(i), texts[i], "", ""});
  }
  return out;
}

std::vector<Case> all_cases() {
  std::vector<Case> cases = positives();
  for (Case& c : look_alikes()) cases.push_back(std::move(c));
  return cases;
}

class SecretDetection : public ::testing::TestWithParam<Case> {};

TEST_P(SecretDetection, FindsExactlyTheExpectedKindWithMaskedExcerpt) {
  const Case& c = GetParam();
  const auto found = findings(c.text);
  if (c.entity.empty()) {
    EXPECT_TRUE(found.empty()) << c.text << " -> " << found.front().entity;
    return;
  }
  ASSERT_EQ(found.size(), 1U) << c.text;
  const Finding& f = found[0];
  EXPECT_EQ(f.entity, c.entity);
  EXPECT_EQ(f.rule, kSecretsRuleKey);
  EXPECT_EQ(f.severity, Severity::kCritical);
  EXPECT_EQ(c.text.substr(f.span.begin, f.span.end - f.span.begin), c.secret);
  EXPECT_EQ(f.excerpt.find(c.secret), std::string::npos) << f.excerpt;
  size_t revealed = 0;
  for (char ch : f.excerpt) revealed += ch != '*' ? 1 : 0;
  EXPECT_LE(revealed, 4U) << f.excerpt;
  EXPECT_GE(f.excerpt.size(), 5U) << f.excerpt;
}

INSTANTIATE_TEST_SUITE_P(PositivesAndLookAlikes, SecretDetection, ::testing::ValuesIn(all_cases()),
                         [](const ::testing::TestParamInfo<Case>& info) {
                           return info.param.name;
                         });

TEST(SecretsRule, CoversAtLeastFortyKinds) {
  std::vector<std::string> kinds;
  for (const Case& c : positives()) kinds.push_back(c.entity);
  std::sort(kinds.begin(), kinds.end());
  kinds.erase(std::unique(kinds.begin(), kinds.end()), kinds.end());
  EXPECT_GE(kinds.size(), 40U);
}

TEST(SecretsRule, KnownPrefixIsShownThenStars) {
  const std::string token = "ghp_" + fake(kAlnum, 36, 70);
  const auto found = findings("push with " + token);
  ASSERT_EQ(found.size(), 1U);
  EXPECT_EQ(found[0].excerpt, "ghp_********");
}

TEST(SecretsRule, PasswordAssignmentReportsOnlyTheValue) {
  const std::string text = "line one\n  db_password = \"Zx9-kLm2pQ\" # prod";
  const auto found = findings(text);
  ASSERT_EQ(found.size(), 1U);
  EXPECT_EQ(found[0].entity, "password_assignment");
  EXPECT_EQ(text.substr(found[0].span.begin, found[0].span.end - found[0].span.begin),
            "Zx9-kLm2pQ");
  // Rules report byte offsets; the engine locates them (line and column) in one pass.
  const Span located = span_of(text, found[0].span.begin, found[0].span.end);
  EXPECT_EQ(located.line, 2U);
  EXPECT_EQ(located.column, 18U);
  EXPECT_EQ(found[0].excerpt, "Z********");  // mask_generic caps at 8 stars
}

TEST(SecretsRule, TokenAfterAKeywordIsReportedOnceAsItsVendorKind) {
  const std::string token = "ghp_" + fake(kAlnum, 36, 71);
  const auto found = findings("password=" + token);
  ASSERT_EQ(found.size(), 1U);
  EXPECT_EQ(found[0].entity, "github_pat");
}

TEST(SecretsRule, FindsEverySecretInALongerPrompt) {
  const std::string text = "Deploy with AKIA" + fake(kUpperDigits, 16, 72) + " and npm_" +
                           fake(kAlnum, 36, 73) + ", then password: Qw3rty!x9 and done.";
  const auto found = findings(text);
  ASSERT_EQ(found.size(), 3U);
}

}  // namespace
}  // namespace novacrm::compliance
