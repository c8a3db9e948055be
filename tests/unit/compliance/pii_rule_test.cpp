// no_pii_in_prompts through the engine: what it finds, what it must not find, and how the
// decision is aggregated.
#include <gtest/gtest.h>

#include "compliance/engine.hpp"
#include "compliance/policy.hpp"
#include "compliance/rules/builtin.hpp"

namespace novacrm::compliance {
namespace {

// The built-in rules, prefiltered from the first text (the default waits for 64 KiB).
// An engine of the PII and secrets tables matched with `options`.
Engine detector_engine(const MatchingOptions& options) {
  RuleRegistry registry;
  registry.add(kPiiRuleKey, [options](const RuleConfig&) {
    return make_detector_rule(kPiiRuleKey, pii_detectors(), options);
  });
  registry.add(kSecretsRuleKey, [options](const RuleConfig&) {
    return make_detector_rule(kSecretsRuleKey, secrets_detectors(), options);
  });
  Policy policy;
  for (const char* key : {kPiiRuleKey, kSecretsRuleKey}) {
    RuleConfig config;
    config.key = key;
    policy.rules.push_back(config);
  }
  return Engine::from_policy(policy, registry).value();
}

const Engine& engine() {
  static const Engine kEngine = [] {
    MatchingOptions o = MatchingOptions::from_environment();
    o.prefilter_after_bytes = 0;
    return detector_engine(o);
  }();
  return kEngine;
}

// The same rules with PCRE2 alone: every case also checks the prefilter changes nothing.
const Engine& pcre2_only_engine() {
  static const Engine kEngine = [] {
    MatchingOptions o = MatchingOptions::from_environment();
    o.prefilter = false;
    return detector_engine(o);
  }();
  return kEngine;
}

std::vector<Finding> findings(std::string_view text) {
  auto d = engine().analyze(text, ScanContext{});
  EXPECT_TRUE(d.ok());
  auto reference = pcre2_only_engine().analyze(text, ScanContext{});
  if (d.ok() && reference.ok()) {
    EXPECT_EQ(d->findings.size(), reference->findings.size()) << text;
    for (size_t i = 0; i < std::min(d->findings.size(), reference->findings.size()); ++i) {
      EXPECT_EQ(d->findings[i].entity, reference->findings[i].entity);
      EXPECT_EQ(d->findings[i].span.begin, reference->findings[i].span.begin);
      EXPECT_EQ(d->findings[i].span.end, reference->findings[i].span.end);
    }
  }
  return d.ok() ? d->findings : std::vector<Finding>{};
}

struct Case {
  const char* text;
  const char* entity;  // nullptr: nothing must be found
};

class PiiDetection : public ::testing::TestWithParam<Case> {};

TEST_P(PiiDetection, FindsExactlyTheExpectedEntity) {
  const auto found = findings(GetParam().text);
  if (GetParam().entity == nullptr) {
    EXPECT_TRUE(found.empty()) << GetParam().text << " -> " << found.front().entity;
    return;
  }
  ASSERT_EQ(found.size(), 1U) << GetParam().text;
  EXPECT_EQ(found[0].entity, GetParam().entity) << GetParam().text;
  EXPECT_EQ(found[0].rule, kPiiRuleKey);
}

INSTANTIATE_TEST_SUITE_P(
    PositiveAndLookAlikes, PiiDetection,
    ::testing::Values(
        Case{"Write to ada.lovelace@example.com about the renewal", "email"},
        Case{"Appelle-la au 06 12 34 56 78 demain", "phone"},
        Case{"Her number is +44 20 7946 0958.", "phone"},
        Case{"Virement sur FR14 2004 1010 0505 0001 3M02 606 svp", "iban"},
        Case{"Card 4111 1111 1111 1111 was declined", "payment_card"},
        Case{"NIR: 2 84 12 76 451 089 93", "fr_nir"},  // key = 97 - (2841276451089 mod 97)
        Case{"NIR: 2 84 12 76 451 089 46", nullptr},   // wrong key
        Case{"SSN 123-45-6789 on file", "us_ssn"},
        Case{"The server at 192.168.10.42 is down", "ipv4"},
        Case{"Connect to 2001:db8:85a3::8a2e:370:7334 now", "ipv6"},
        Case{"Elle est née le 12/03/1985 à Lyon", "date_of_birth"},
        Case{"Date of birth: 03-12-1985", "date_of_birth"},
        Case{"Order 4111 1111 1111 1112 shipped", nullptr},       // fails Luhn
        Case{"Upgrade to version 1.2.3 before Friday", nullptr},  // not an address
        Case{"Ticket 999.999.1.1 is a build id", nullptr},        // octets over 255
        Case{"The meeting is on 12/03/1985", nullptr},            // a date with no birth keyword
        Case{"SSN 000-12-3456 is invalid", nullptr},
        Case{"uuid 123e4567-e89b-12d3-a456-426614174000", nullptr},
        Case{"Summarise the Q3 pipeline for the Acme account", nullptr},
        // Shapes and look-alikes found by the accuracy suite (tests/accuracy).
        Case{"Block 203.0.113.7.", "ipv4"},  // a final period ends the sentence
        Case{"Upgrade the agent to version 1.2.3.4 today", nullptr},
        Case{"Le firmware 4.1.2.9 corrige le bug", nullptr},
        Case{"pip install crm-connector==4.2.0.1", nullptr},
        Case{"See table 2.1.4.3 in the appendix", nullptr},  // version-shaped: no keyword needed
        Case{"Set the subnet mask to 255.255.255.0", nullptr},
        Case{"Our read replica is 10.0.3.15", "ipv4"},
        Case{"SIRET 732 829 320 00074 on the invoice", nullptr},  // Luhn-valid, not a card
        Case{"USPS 9400 1118 9922 3814 5521 06 delivered", nullptr},
        Case{"Card 3782 822463 10005 (Amex)", "payment_card"},
        Case{"SIREN 732829320", nullptr},  // nine bare digits without an SSN keyword
        Case{"Customer ID 100048273 was merged", nullptr},
        Case{"Parcel XY482913357FR was returned", nullptr}, Case{"SSN 123456789 on file", "us_ssn"},
        Case{"accepts 123456789 (SSN without dashes)", "us_ssn"},
        Case{"UPS 1Z 9X4 W21 03 4829 7716 is late", nullptr},  // pairs with mixed separators
        Case{"Rappel au 06-52-18-94-07", "phone"}, Case{"DOB: 1991-11-30", "date_of_birth"},
        Case{"Il est né le 3 mars 1978 à Nantes", "date_of_birth"},
        Case{"Write to Mr. Patel, born on March 3, 1985", "date_of_birth"},
        Case{"KYC says D.O.B. 04/12/1979", "date_of_birth"},
        Case{"Ne pas relancer avant le 15/04/2024", nullptr},     // "ne" is not "né"
        Case{"Relance nécessaire avant le 30/06/2024", nullptr},  // nor is "nécessaire"
        Case{"Prise de connaissance le 02/05/2024", nullptr}),    // nor "connaissance"
    [](const ::testing::TestParamInfo<Case>& info) { return "case" + std::to_string(info.index); });

TEST(PiiRule, ExcerptIsMaskedAndSpanHasLineAndColumn) {
  const auto found = findings("first line\nmail bob@example.org now");
  ASSERT_EQ(found.size(), 1U);
  EXPECT_EQ(found[0].excerpt, "b***@e******.org");
  EXPECT_EQ(found[0].span.line, 2U);
  EXPECT_EQ(found[0].span.column, 6U);
  EXPECT_EQ(found[0].span.end - found[0].span.begin, std::string("bob@example.org").size());
}

TEST(PiiRule, PasswordInAUrlIsNotAnEmailAddress) {
  for (const char* text : {"DATABASE_URL=postgresql://crm_app:T0*himRx@db-prod.internal:5432/crm",
                           "https://0123456789abcdef0123456789abcdef@o1.ingest.sentry.io/42"}) {
    for (const Finding& f : findings(text)) {
      EXPECT_NE(f.rule, kPiiRuleKey) << text << " -> " << f.entity;
    }
  }
  const auto found = findings("write to mailto:bob@example.org");
  ASSERT_EQ(found.size(), 1U);
  EXPECT_EQ(found[0].entity, "email");
}

TEST(PiiRule, IbanDigitsAreNotAlsoReportedAsACard) {
  const auto found = findings("IBAN GB82 WEST 1234 5698 7654 32 and DE89 3704 0044 0532 0130 00");
  ASSERT_EQ(found.size(), 2U);
  EXPECT_EQ(found[0].entity, "iban");
  EXPECT_EQ(found[1].entity, "iban");
}

TEST(Engine, DecisionTakesTheStrongestActionAndItsDriver) {
  auto d = engine().analyze("server 10.0.0.1, contact bob@example.org", ScanContext{});
  ASSERT_TRUE(d.ok());
  ASSERT_EQ(d->findings.size(), 2U);
  EXPECT_EQ(d->action, Action::kBlock);  // email is high -> block; the IP alone would warn
  ASSERT_TRUE(d->driver.has_value());
  EXPECT_EQ(d->findings[*d->driver].entity, "email");
  EXPECT_EQ(d->risk, 77);
}

TEST(Engine, CleanTextIsAllowedWithZeroRisk) {
  auto d = engine().analyze("Draft a polite follow-up email to the client.", ScanContext{});
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(d->action, Action::kAllow);
  EXPECT_EQ(d->risk, 0);
  EXPECT_FALSE(d->driver.has_value());
}

TEST(Engine, InvalidUtf8IsBadInput) {
  auto d = engine().analyze("bad \xFF byte", ScanContext{});
  ASSERT_FALSE(d.ok());
  EXPECT_EQ(d.error().code, core::ErrorCode::kBadInput);
}

TEST(Registry, UnknownRuleKeyNamesTheKnownOnes) {
  RuleConfig config;
  config.key = "no_such_rule";
  auto r = builtin_rules().create(config);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find(kPiiRuleKey), std::string::npos);
}

TEST(Regex, BadPatternReportsPcreMessageAndOffset) {
  auto r = Regex::compile("abc(", "policy.rules[0].pattern");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().input, "policy.rules[0].pattern");
  EXPECT_NE(r.error().message.find("offset 4"), std::string::npos) << r.error().message;
}

TEST(Regex, BuiltinCompilesOnFirstUseAndMatchesAsCompiled) {
  const Regex lazy = Regex::builtin(R"(\b[a-z]+@[a-z]+\.fr\b)", "test.email");
  auto eager = Regex::compile(R"(\b[a-z]+@[a-z]+\.fr\b)", "test.email");
  ASSERT_TRUE(eager.ok());
  EXPECT_TRUE(lazy.check().ok());
  const std::string text = "a@b.fr, then c@d.fr and x@y.com";
  std::vector<std::pair<size_t, size_t>> a;
  std::vector<std::pair<size_t, size_t>> b;
  lazy.for_each_match(text, [&](size_t x, size_t y) { a.emplace_back(x, y); });
  eager->for_each_match(text, [&](size_t x, size_t y) { b.emplace_back(x, y); });
  EXPECT_EQ(a, b);
  EXPECT_EQ(a.size(), 2U);
  EXPECT_TRUE(lazy.search("mail z@w.fr"));
  EXPECT_FALSE(Regex::builtin("abc", "test.plain").search("abd"));
}

TEST(Regex, BuiltinCheckReportsABadPatternWithoutUsingIt) {
  const Regex bad = Regex::builtin("abc(", "test.bad");
  const core::Status s = bad.check();
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().input, "test.bad");
}

// Every detector pattern of the built-in rules compiles (they are compiled on first use, where
// a bad one would abort the run).
TEST(Regex, EveryBuiltinDetectorPatternCompiles) {
  auto policy = builtin_policy();
  ASSERT_TRUE(policy.ok());
  auto engine = Engine::from_policy(*policy);
  ASSERT_TRUE(engine.ok());
  const auto patterns = engine->patterns();
  ASSERT_GT(patterns.size(), 40U);
  for (const auto& [rule, pattern] : patterns) {
    EXPECT_TRUE(Regex::compile(pattern, rule).ok()) << rule << ": " << pattern;
  }
}

// The e-mail pattern starts only where a run of its characters starts (it read a long word again
// from every position: quadratic; scripts/bench times it). The address after a long word, and
// one whose local part is a long word, are still found whole.
TEST(Regex, EmailPatternAfterAndInsideALongWord) {
  const std::string word(20000, 'a');
  const std::string text = word + " " + word + "@example.com";
  const auto f = findings(text);
  ASSERT_EQ(f.size(), 1U);
  EXPECT_EQ(f[0].span.begin, word.size() + 1);
  EXPECT_EQ(f[0].span.end, text.size());
  const auto g = findings("x" + word + ".y+z@example.com");
  ASSERT_EQ(g.size(), 1U);
  EXPECT_EQ(g[0].span.begin, 0U);
}

TEST(Severity, NamesRoundTrip) {
  for (auto s :
       {Severity::kInfo, Severity::kLow, Severity::kMedium, Severity::kHigh, Severity::kCritical}) {
    EXPECT_EQ(parse_severity(to_string(s)), s);
  }
  for (auto a : {Action::kAllow, Action::kWarn, Action::kBlock, Action::kEscalate}) {
    EXPECT_EQ(parse_action(to_string(a)), a);
  }
  EXPECT_FALSE(parse_action("maybe").has_value());
}

}  // namespace
}  // namespace novacrm::compliance

namespace novacrm::compliance {
namespace {

// Columns: bytes for text and JSON, code points for SARIF (unicodeCodePoints).
TEST(FindingLocation, CharColumnCountsCodePointsByteColumnCountsBytes) {
  const std::string text = "ligne 1\nÉcrire à 🙂 jane.doe@example.com";
  const auto f = findings(text);
  ASSERT_EQ(f.size(), 1U);
  EXPECT_EQ(f[0].span.line, 2U);
  const size_t byte_column = std::string("Écrire à 🙂 ").size() + 1;  // 2 + 2 + 4 extra bytes
  EXPECT_EQ(f[0].span.column, byte_column);
  EXPECT_EQ(f[0].span.char_column, 12U);
  const Span s = span_of(text, f[0].span.begin, f[0].span.end);
  EXPECT_EQ(s.column, byte_column);
  EXPECT_EQ(s.char_column, 12U);
}

}  // namespace
}  // namespace novacrm::compliance
