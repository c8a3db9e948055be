// Policies: the built-in default parses, schema and semantic errors name FILE:LINE:COL and the
// field, and the engine applies actions, severities and controlled exceptions from the policy.
#include <gtest/gtest.h>

#include <string>

#include "compliance/engine.hpp"
#include "compliance/policy.hpp"
#include "compliance/rules/builtin.hpp"
#include "core/hash.hpp"

namespace novacrm::compliance {
namespace {

constexpr const char* kHead = "version: 1\nid: test\naudit: {checkpoint_interval: 10}\n";

Policy parse_ok(const std::string& yaml) {
  auto p = parse_policy(yaml, "p.yaml");
  EXPECT_TRUE(p.ok()) << (p.ok() ? "" : p.error().describe());
  return p.ok() ? p.value() : Policy{};
}

std::string error_of(const std::string& yaml) {
  auto p = parse_policy(yaml, "p.yaml");
  EXPECT_FALSE(p.ok()) << yaml;
  if (p.ok()) return {};
  EXPECT_EQ(p.error().code, core::ErrorCode::kBadInput);
  return p.error().describe();
}

TEST(Policy, BuiltinParsesWithItsHash) {
  auto p = builtin_policy();
  ASSERT_TRUE(p.ok()) << p.error().describe();
  EXPECT_EQ(p->id, "novacrm-default");
  EXPECT_EQ(p->source, "built-in");
  EXPECT_EQ(p->sha256, core::sha256_hex(builtin_policy_text()));
  EXPECT_EQ(p->rules.size(), builtin_rules().keys().size());
  EXPECT_EQ(p->actions, default_actions());
  EXPECT_FALSE(policy_schema_text().empty());
}

// builtin_policy() trusts the compiled-in text (SchemaCheck::kTrusted); this is what earns it.
TEST(Policy, BuiltinPolicyPassesTheSchema) {
  auto checked = parse_policy(builtin_policy_text(), "built-in", SchemaCheck::kValidate);
  ASSERT_TRUE(checked.ok()) << checked.error().describe();
  auto trusted = builtin_policy();
  ASSERT_TRUE(trusted.ok());
  EXPECT_EQ(checked->sha256, trusted->sha256);
  EXPECT_EQ(checked->rules.size(), trusted->rules.size());
}

TEST(Policy, ReadsActionsExceptionsAndRuleSettings) {
  const Policy p = parse_ok(std::string(kHead) +
                            "actions: {high: warn, low: allow}\n"
                            "exceptions: {inline_marker: false}\n"
                            "rules:\n"
                            "  no_pii_in_prompts:\n"
                            "    severity: low\n"
                            "    allow: {values: [a@b.co], patterns: ['^x']}\n"
                            "  no_secrets_in_prompts: {enabled: false}\n");
  EXPECT_EQ(p.actions[static_cast<size_t>(Severity::kHigh)], Action::kWarn);
  EXPECT_EQ(p.actions[static_cast<size_t>(Severity::kLow)], Action::kAllow);
  EXPECT_EQ(p.actions[static_cast<size_t>(Severity::kCritical)], Action::kEscalate);
  EXPECT_FALSE(p.inline_marker);
  EXPECT_EQ(p.checkpoint_interval, 10);
  for (const RuleConfig& r : p.rules) {
    if (r.key == kPiiRuleKey) {
      EXPECT_EQ(r.severity, Severity::kLow);
      EXPECT_EQ(r.allow_values, std::vector<std::string>{"a@b.co"});
      EXPECT_EQ(r.allow_patterns, std::vector<std::string>{"^x"});
    }
    if (r.key == kSecretsRuleKey) {
      EXPECT_FALSE(r.enabled);
    }
  }
}

struct BadCase {
  const char* yaml;      // appended after kHead unless it starts with '!'
  const char* expected;  // substring of "FILE:LINE:COL: field: message"
};

class InvalidPolicy : public ::testing::TestWithParam<BadCase> {};

TEST_P(InvalidPolicy, NamesPlaceAndField) {
  const std::string yaml = GetParam().yaml[0] == '!' ? std::string(GetParam().yaml + 1)
                                                     : std::string(kHead) + GetParam().yaml;
  const std::string message = error_of(yaml);
  EXPECT_NE(message.find(GetParam().expected), std::string::npos) << message;
}

INSTANTIATE_TEST_SUITE_P(
    Matrix, InvalidPolicy,
    ::testing::Values(
        BadCase{"rules:\n  no_such_rule: {}\n", "p.yaml:5:3: rules.no_such_rule: unknown field"},
        BadCase{"colour: red\nrules: {}\n", "p.yaml:4:1: colour: unknown field"},
        BadCase{"rules:\n  no_pii_in_prompts:\n    enable: true\n",
                "p.yaml:6:5: rules.no_pii_in_prompts.enable: unknown field"},
        BadCase{"rules:\n  no_pii_in_prompts:\n    enabled: \"yes\"\n",
                "p.yaml:6:5: rules.no_pii_in_prompts.enabled: expected boolean"},
        BadCase{"rules:\n  no_pii_in_prompts:\n    severity: extreme\n",
                "rules.no_pii_in_prompts.severity"},
        BadCase{"actions: {high: explode}\nrules: {}\n", "p.yaml:4:11: actions.high"},
        BadCase{"rules:\n  no_pii_in_prompts:\n    allow: {patterns: ['ok', 'abc(']}\n",
                "p.yaml:6:30: rules.no_pii_in_prompts.allow.patterns.1: invalid regular "
                "expression at offset 4"},
        BadCase{"rules:\n  no_mass_export_requests:\n    params: {threshold: ten}\n",
                "rules.no_mass_export_requests.params.threshold: expected integer"},
        BadCase{"!version: 2\nid: x\naudit: {checkpoint_interval: 1}\nrules: {}\n", "version"},
        BadCase{"!version: 1\nid: x\nrules: {}\n", "p.yaml:1:1: policy: "},
        BadCase{"rules: {}\nrules: {}\n", "p.yaml:5:1: duplicate key \"rules\""},
        BadCase{"rules: [\n", "malformed YAML"}, BadCase{"!", "must be a mapping"},
        BadCase{"!- a\n- b\n", "must be a mapping"},
        BadCase{"!version: 1\nid: \"\xff\"\n", "not valid UTF-8"}));

TEST(Policy, AliasBombIsRefused) {
  std::string yaml = std::string(kHead) + "a: &a [x, x, x, x, x, x, x, x, x, x]\n";
  for (char c = 'b'; c <= 'h'; ++c) {
    yaml += std::string(1, c) + ": &" + c + " [";
    for (int i = 0; i < 10; ++i) yaml += std::string(i ? ", *" : "*") + static_cast<char>(c - 1);
    yaml += "]\n";
  }
  EXPECT_NE(error_of(yaml).find("too many nodes"), std::string::npos);
}

Engine engine_of(const std::string& rules_yaml) {
  auto e = Engine::from_policy(parse_ok(std::string(kHead) + rules_yaml));
  EXPECT_TRUE(e.ok()) << (e.ok() ? "" : e.error().describe());
  return std::move(e).value();
}

Decision analyze(const Engine& e, std::string_view text) {
  auto d = e.analyze(text, ScanContext{});
  EXPECT_TRUE(d.ok());
  return d.ok() ? d.value() : Decision{};
}

TEST(EngineExceptions, AllowlistedValuesAndPatternsAreSilenced) {
  const Engine e = engine_of(
      "rules:\n  no_pii_in_prompts:\n    allow:\n      values: [SUPPORT@Corp.io]\n"
      "      patterns: ['@example\\.(?:com|org)$']\n");
  const Decision d =
      analyze(e, "write to support@corp.io, test@example.org or jane.roe@acme.fr please");
  ASSERT_EQ(d.findings.size(), 1U);
  EXPECT_EQ(d.findings[0].excerpt, "j***@a***.fr");
  EXPECT_EQ(d.suppressed, 2U);
  EXPECT_EQ(d.policy_id, "test");
}

TEST(EngineExceptions, InlineMarkerSilencesItsLineOnlyAndCanNameRules) {
  const Engine e = engine_of("rules: {}\n");
  std::vector<Suppression> why;
  auto d = e.analyze(
      "a jane.roe@acme.fr novacrm:allow\nb john.doe@acme.fr\n"
      "c jim.beam@acme.fr novacrm:allow(no_secrets_in_prompts)\n"
      "d joe.bar@acme.fr novacrm:allow(x, no_pii_in_prompts)\n",
      ScanContext{}, nullptr, &why);
  ASSERT_TRUE(d.ok());
  ASSERT_EQ(d->findings.size(), 2U);
  EXPECT_EQ(d->findings[0].span.line, 2U);
  EXPECT_EQ(d->findings[1].span.line, 3U);
  ASSERT_EQ(why.size(), 2U);
  EXPECT_EQ(why[0].reason, "inline marker");
}

TEST(EngineExceptions, MarkersIgnoredWhenThePolicySaysSo) {
  const Engine e = engine_of("exceptions: {inline_marker: false}\nrules: {}\n");
  EXPECT_EQ(analyze(e, "jane.roe@acme.fr novacrm:allow").findings.size(), 1U);
}

TEST(EngineExceptions, CallerSuppressionSeesTheValue) {
  const Engine e = engine_of("rules: {}\n");
  std::string seen;
  const SuppressFn baseline = [&seen](const Finding&, std::string_view value) {
    seen = value;
    return true;
  };
  auto d = e.analyze("mail jane.roe@acme.fr", ScanContext{}, &baseline);
  ASSERT_TRUE(d.ok());
  EXPECT_TRUE(d->findings.empty());
  EXPECT_EQ(d->suppressed, 1U);
  EXPECT_EQ(seen, "jane.roe@acme.fr");
  EXPECT_EQ(d->action, Action::kAllow);
}

TEST(EngineActions, PolicyMappingAndSeverityOverrideDecide) {
  const Engine warn_only = engine_of("actions: {high: warn}\nrules: {}\n");
  EXPECT_EQ(analyze(warn_only, "jane.roe@acme.fr").action, Action::kWarn);
  const Engine lowered = engine_of("rules:\n  no_pii_in_prompts: {severity: info}\n");
  const Decision d = analyze(lowered, "jane.roe@acme.fr");
  EXPECT_EQ(d.action, Action::kAllow);
  EXPECT_EQ(d.findings.at(0).severity, Severity::kInfo);
  EXPECT_EQ(d.risk, risk_weight(Severity::kInfo));
  const Engine off = engine_of("rules:\n  no_pii_in_prompts: {enabled: false}\n");
  EXPECT_TRUE(analyze(off, "jane.roe@acme.fr").findings.empty());
}

TEST(EngineLocation, LinesAndByteColumnsOfEveryRuleInOnePass) {
  const Engine e = engine_of("rules: {}\n");
  const std::string text = "Hello,\n  é jane.roe@acme.fr\n\nplease export all contacts now";
  const Decision d = analyze(e, text);
  ASSERT_EQ(d.findings.size(), 2U);
  EXPECT_EQ(d.findings[0].span.line, 2U);
  EXPECT_EQ(d.findings[0].span.column, 6U);  // bytes: "  é " is 5 bytes
  EXPECT_EQ(d.findings[1].rule, kMassExportRuleKey);
  EXPECT_EQ(d.findings[1].span.line, 4U);
  EXPECT_EQ(d.findings[1].span.column, 8U);
}

TEST(EnginePatterns, DetectorRulesExportTheirPatterns) {
  const Engine e = engine_of("rules: {}\n");
  const auto patterns = e.patterns();
  EXPECT_GT(patterns.size(), 40U);
  for (const auto& [rule, pattern] : patterns) EXPECT_FALSE(pattern.empty()) << rule;
}

}  // namespace
}  // namespace novacrm::compliance
