#include <gtest/gtest.h>

#include <string>

#include <nlohmann/json.hpp>

#include "report/scan_report.hpp"

namespace novacrm::report {
namespace {

using compliance::Action;
using compliance::Finding;
using compliance::Severity;
using nlohmann::json;

Finding finding(std::string rule, std::string entity, Severity severity, compliance::Span span,
                std::string excerpt) {
  Finding f;
  f.rule = std::move(rule);
  f.entity = std::move(entity);
  f.severity = severity;
  f.span = span;
  f.excerpt = std::move(excerpt);
  return f;
}

ScannedInput input(std::string path, Action action, std::vector<Finding> findings) {
  ScannedInput in;
  in.path = std::move(path);
  in.decision.action = action;
  in.decision.findings = std::move(findings);
  return in;
}

ScanReport sample() {
  ScanReport r;
  r.inputs.push_back(input(
      "prompts/a.txt", Action::kEscalate,
      {finding("no_pii_in_prompts", "email", Severity::kHigh, {5, 25, 1, 9, 6}, "j***@e******.com"),
       finding("no_secrets_in_prompts", "github_token", Severity::kCritical, {40, 80, 2, 12, 12},
               "g*******")}));
  r.inputs.push_back(input("-", Action::kWarn,
                           {finding("no_pii_in_prompts", "ip_address", Severity::kMedium,
                                    {0, 8, 1, 1, 1}, "1*******")}));
  r.inputs.push_back(input("prompts/clean.txt", Action::kAllow, {}));
  r.action = Action::kEscalate;
  r.risk = 95;
  r.policy_id = "default";
  r.policy_sha256 = std::string(64, 'a');
  r.tool_version = "0.3.0";
  return r;
}

json render(const ScanReport& r) { return json::parse(render_sarif(r)); }

std::string uri_of(const std::string& path) {
  ScanReport r;
  r.inputs.push_back(
      input(path, Action::kBlock,
            {finding("no_pii_in_prompts", "email", Severity::kHigh, {0, 5, 1, 1}, "a***@b*.c")}));
  return render(
      r)["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"];
}

TEST(SarifReport, DeclaresSchemaVersionAndOneRunByNovacrm) {
  const json doc = render(sample());
  EXPECT_EQ(doc["$schema"], "https://json.schemastore.org/sarif-2.1.0.json");
  EXPECT_EQ(doc["version"], "2.1.0");
  ASSERT_EQ(doc["runs"].size(), 1u);
  const json& driver = doc["runs"][0]["tool"]["driver"];
  EXPECT_EQ(driver["name"], "novacrm");
  EXPECT_EQ(driver["version"], "0.3.0");
  EXPECT_EQ(driver["informationUri"], "https://github.com/novacrm/novacrm");
}

TEST(SarifReport, NoFindingsGivesEmptyResultsAndRules) {
  ScanReport r;
  r.inputs.push_back(input("clean.txt", Action::kAllow, {}));
  const json run = render(r)["runs"][0];
  ASSERT_TRUE(run["results"].is_array());
  EXPECT_TRUE(run["results"].empty());
  ASSERT_TRUE(run["tool"]["driver"]["rules"].is_array());
  EXPECT_TRUE(run["tool"]["driver"]["rules"].empty());
  EXPECT_EQ(run["properties"]["decision"]["action"], "allow");
}

TEST(SarifReport, EmptyToolVersionIsOmitted) {
  EXPECT_FALSE(render(ScanReport{})["runs"][0]["tool"]["driver"].contains("version"));
}

TEST(SarifReport, OneRuleDescriptorPerRuleWithFindings) {
  const json rules = render(sample())["runs"][0]["tool"]["driver"]["rules"];
  ASSERT_EQ(rules.size(), 2u);
  EXPECT_EQ(rules[0]["id"], "no_pii_in_prompts");
  EXPECT_EQ(rules[1]["id"], "no_secrets_in_prompts");
  for (const json& rule : rules) {
    EXPECT_FALSE(rule["shortDescription"]["text"].get<std::string>().empty());
  }
  // The highest severity seen for the rule sets its default level.
  EXPECT_EQ(rules[0]["defaultConfiguration"]["level"], "error");
  EXPECT_EQ(rules[1]["defaultConfiguration"]["level"], "error");
}

TEST(SarifReport, EachResultPointsAtItsRuleDescriptor) {
  const json run = render(sample())["runs"][0];
  const json& rules = run["tool"]["driver"]["rules"];
  ASSERT_EQ(run["results"].size(), 3u);
  for (const json& result : run["results"]) {
    const int index = result["ruleIndex"];
    ASSERT_GE(index, 0);
    ASSERT_LT(index, static_cast<int>(rules.size()));
    EXPECT_EQ(rules[index]["id"], result["ruleId"]);
  }
}

TEST(SarifReport, ResultCarriesMaskedMessageRegionAndProperties) {
  const json result = render(sample())["runs"][0]["results"][0];
  EXPECT_EQ(result["ruleId"], "no_pii_in_prompts");
  EXPECT_EQ(result["level"], "error");
  EXPECT_EQ(result["message"]["text"], "email (high): j***@e******.com");
  ASSERT_EQ(result["locations"].size(), 1u);
  const json& location = result["locations"][0]["physicalLocation"];
  EXPECT_EQ(location["artifactLocation"]["uri"], "prompts/a.txt");
  // The byte column is 9 (accents before the finding); SARIF gets the code-point column.
  EXPECT_EQ(render(sample())["runs"][0]["columnKind"], "unicodeCodePoints");
  EXPECT_EQ(location["region"],
            json({{"startLine", 1}, {"startColumn", 6}, {"byteOffset", 5}, {"byteLength", 20}}));
  EXPECT_EQ(result["properties"],
            json({{"entity", "email"}, {"severity", "high"}, {"action", "escalate"}}));
}

TEST(SarifReport, LevelFollowsSeverity) {
  const std::pair<Severity, const char*> cases[] = {{Severity::kCritical, "error"},
                                                    {Severity::kHigh, "error"},
                                                    {Severity::kMedium, "warning"},
                                                    {Severity::kLow, "warning"},
                                                    {Severity::kInfo, "note"}};
  for (const auto& [severity, level] : cases) {
    ScanReport r;
    r.inputs.push_back(
        input("p.txt", Action::kWarn, {finding("rule", "entity", severity, {0, 1, 1, 1}, "x")}));
    const json run = render(r)["runs"][0];
    EXPECT_EQ(run["results"][0]["level"], level) << compliance::to_string(severity);
    EXPECT_EQ(run["tool"]["driver"]["rules"][0]["defaultConfiguration"]["level"], level);
  }
}

TEST(SarifReport, RunPropertiesCarryPolicyAndDecision) {
  ScanReport r = sample();
  r.skipped = 4;
  r.inputs[0].decision.suppressed = 2;
  const json properties = render(r)["runs"][0]["properties"];
  EXPECT_EQ(properties["policy"]["id"], "default");
  EXPECT_EQ(properties["policy"]["sha256"], std::string(64, 'a'));
  EXPECT_EQ(properties["decision"]["action"], "escalate");
  EXPECT_EQ(properties["decision"]["risk"], 95);
  EXPECT_EQ(properties["inputs"], 3);
  EXPECT_EQ(properties["skipped"], 4);
  EXPECT_EQ(properties["suppressed"], 2);
}

TEST(SarifReport, StdinBecomesStdinUri) { EXPECT_EQ(uri_of("-"), "stdin"); }

TEST(SarifReport, PathsBecomeUriSafeReferences) {
  const std::pair<const char*, const char*> cases[] = {
      {"prompts/a.txt", "prompts/a.txt"},
      {"./rel/x-y_z~1.txt", "./rel/x-y_z~1.txt"},
      {"my prompts/a b.txt", "my%20prompts/a%20b.txt"},
      {"odd#?%&[].txt", "odd%23%3F%25%26%5B%5D.txt"},
      {"c:colon.txt", "c%3Acolon.txt"},  // never read as a URI scheme
      {"caf\xC3\xA9.txt", "caf%C3%A9.txt"},
      {"/tmp/x y/p.txt", "file:///tmp/x%20y/p.txt"},
  };
  for (const auto& [path, uri] : cases) EXPECT_EQ(uri_of(path), uri) << path;
}

TEST(SarifReport, InvalidUtf8NeverThrows) {
  ScanReport r;
  r.inputs.push_back(
      input("bad\xFF.txt", Action::kBlock,
            {finding("no_pii_in_prompts", "email", Severity::kHigh, {0, 5, 1, 1}, "a\xFF***")}));
  std::string out;
  ASSERT_NO_THROW(out = render_sarif(r));
  const json doc = json::parse(out);
  EXPECT_EQ(
      doc["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
      "bad%FF.txt");
}

TEST(SarifReport, UnknownRuleGetsAGenericDescription) {
  ScanReport r;
  r.inputs.push_back(input("p.txt", Action::kWarn,
                           {finding("custom_rule", "thing", Severity::kLow, {0, 1, 1, 1}, "x")}));
  EXPECT_EQ(render(r)["runs"][0]["tool"]["driver"]["rules"][0]["shortDescription"]["text"],
            "Finding of rule custom_rule");
}

}  // namespace
}  // namespace novacrm::report
