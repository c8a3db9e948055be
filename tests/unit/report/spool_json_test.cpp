// The findings spool (findings of a file scanned in windows, kept on disk) and the streamed JSON
// report: every renderer reads spooled findings as it reads in-memory ones.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "compliance/engine.hpp"
#include "report/finding_spool.hpp"
#include "report/scan_report.hpp"
#include "report_builders.hpp"

namespace novacrm::report {
namespace {

using compliance::Action;
using compliance::Severity;
using testing::finding;
using testing::input;

std::vector<compliance::Finding> sample() {
  std::vector<compliance::Finding> out = {
      finding("no_pii_in_prompts", "email", Severity::kHigh, 3, 7, "j***@e******.com"),
      finding("no_secrets_in_prompts", "aws_access_key_id", Severity::kCritical, 9, 1, "AKIA****"),
      finding("scope_check", "restricted_client", Severity::kMedium, 12, 40, "")};
  out[1].span = {1234567890123, 1234567890143, 9, 1, 1};  // beyond 32 bits
  out[2].excerpt = std::string(300, 'x') + "é\"\\";       // long, quoted, not ASCII
  return out;
}

TEST(FindingSpool, GivesBackEveryFindingInOrderAndCanBeReadTwice) {
  auto spool = FindingSpool::create();
  ASSERT_TRUE(spool.ok());
  const auto findings = sample();
  for (const auto& f : findings) (*spool)->add(f);
  EXPECT_EQ((*spool)->size(), 3U);
  for (int pass = 0; pass < 2; ++pass) {
    std::vector<compliance::Finding> back;
    (*spool)->for_each([&](const compliance::Finding& f) { back.push_back(f); });
    ASSERT_EQ(back.size(), findings.size());
    for (size_t i = 0; i < back.size(); ++i) {
      EXPECT_EQ(back[i].rule, findings[i].rule);
      EXPECT_EQ(back[i].entity, findings[i].entity);
      EXPECT_EQ(back[i].severity, findings[i].severity);
      EXPECT_EQ(back[i].span.begin, findings[i].span.begin);
      EXPECT_EQ(back[i].span.end, findings[i].span.end);
      EXPECT_EQ(back[i].span.line, findings[i].span.line);
      EXPECT_EQ(back[i].span.column, findings[i].span.column);
      EXPECT_EQ(back[i].span.char_column, findings[i].span.char_column);
      EXPECT_EQ(back[i].excerpt, findings[i].excerpt);
    }
  }
  (*spool)->add(findings[0]);  // adding after a read appends
  size_t n = 0;
  (*spool)->for_each([&](const compliance::Finding&) { ++n; });
  EXPECT_EQ(n, 4U);
  EXPECT_TRUE((*spool)->status().ok());
}

ScanReport two_inputs_one_spooled() {
  ScanReport r;
  r.action = Action::kEscalate;
  r.risk = 97;
  r.policy_id = "default";
  r.policy_sha256 = std::string(64, 'a');
  r.inputs.push_back(input("small.txt", Action::kBlock, 75, {sample()[0]}));
  ScannedInput big = input("big.txt", Action::kEscalate, 97, {});
  big.decision.driver = 1;
  auto spool = FindingSpool::create();
  EXPECT_TRUE(spool.ok());
  for (const auto& f : sample()) (*spool)->add(f);
  big.spool = *spool;
  r.inputs.push_back(std::move(big));
  r.inputs.push_back(input("clean.txt", Action::kAllow, 0, {}));
  return r;
}

TEST(JsonReport, StreamsInMemoryAndSpooledFindingsAsOneDocument) {
  const ScanReport r = two_inputs_one_spooled();
  const auto doc = nlohmann::json::parse(render_json(r));
  EXPECT_EQ(doc["action"], "escalate");
  EXPECT_EQ(doc["risk"], 97);
  EXPECT_EQ(doc["policy"]["id"], "default");
  ASSERT_EQ(doc["inputs"].size(), 3U);
  EXPECT_EQ(doc["inputs"][0]["findings"].size(), 1U);
  EXPECT_EQ(doc["inputs"][1]["path"], "big.txt");
  EXPECT_EQ(doc["inputs"][1]["driver"], 1);
  ASSERT_EQ(doc["inputs"][1]["findings"].size(), 3U);
  EXPECT_EQ(doc["inputs"][1]["findings"][1]["offset"], 1234567890123);
  EXPECT_EQ(doc["inputs"][1]["findings"][2]["excerpt"], sample()[2].excerpt);
  EXPECT_TRUE(doc["inputs"][2]["findings"].empty());
  EXPECT_FALSE(doc["inputs"][2].contains("driver"));
}

TEST(JsonReport, EmptyReportIsValidJson) {
  ScanReport r;
  const auto doc = nlohmann::json::parse(render_json(r));
  EXPECT_TRUE(doc["inputs"].empty());
  EXPECT_EQ(doc["action"], "allow");
}

TEST(JsonReport, BytesThatAreNotUtf8AreReplacedNotThrownOn) {
  ScanReport r;
  r.inputs.push_back(input("bad\xff.txt", Action::kAllow, 0, {}));
  const auto doc = nlohmann::json::parse(render_json(r));
  EXPECT_EQ(doc["inputs"][0]["path"], "bad\xEF\xBF\xBD.txt");
}

TEST(Reports, EveryFormatCountsSpooledFindings) {
  const ScanReport r = two_inputs_one_spooled();
  const std::string text = render_text(r);
  EXPECT_NE(text.find("3 input(s) scanned, 4 finding(s)"), std::string::npos) << text;
  EXPECT_NE(text.find("big.txt:9:1: no_secrets_in_prompts/aws_access_key_id"), std::string::npos);
  const auto sarif = nlohmann::json::parse(render_sarif(r));
  EXPECT_EQ(sarif["runs"][0]["results"].size(), 4U);
  EXPECT_EQ(sarif["runs"][0]["tool"]["driver"]["rules"].size(), 3U);
  const std::string junit = render_junit(r, Action::kBlock, false);
  EXPECT_NE(junit.find("big.txt:12:40: scope_check/restricted_client"), std::string::npos);
  EXPECT_EQ(finding_count(r.inputs[1]), 3U);
}

// Tally adds findings one at a time and reaches decide()'s action, driver and risk.
TEST(EngineTally, AgreesWithDecide) {
  auto engine = compliance::Engine::with_builtin_rules();
  ASSERT_TRUE(engine.ok());
  const std::vector<std::vector<Severity>> cases = {
      {},
      {Severity::kLow},
      {Severity::kMedium, Severity::kCritical, Severity::kHigh, Severity::kCritical},
      {Severity::kHigh, Severity::kHigh, Severity::kInfo},
      std::vector<Severity>(300, Severity::kMedium)};
  for (const auto& severities : cases) {
    compliance::Decision whole;
    compliance::Engine::Tally tally(*engine);
    for (size_t i = 0; i < severities.size(); ++i) {
      compliance::Finding f = finding("r", "e", severities[i], 1, 1, "");
      f.span.begin = i;
      whole.findings.push_back(f);
      tally.add(f);
    }
    engine->decide(whole);
    compliance::Decision tallied;
    tally.apply(tallied);
    EXPECT_EQ(tallied.action, whole.action);
    EXPECT_EQ(tallied.driver, whole.driver);
    EXPECT_EQ(tallied.risk, whole.risk);
    EXPECT_EQ(tally.count(), severities.size());
  }
}

}  // namespace
}  // namespace novacrm::report
