#include <gtest/gtest.h>

#include <string>

#include "report/scan_report.hpp"
#include "report_builders.hpp"

namespace novacrm::report {
namespace {

using compliance::Action;
using compliance::Finding;
using compliance::Severity;

using testing::finding;
using testing::input;

ScanReport sample() {
  ScanReport r;
  r.inputs.push_back(
      input("prompts/a.txt", Action::kBlock, 80,
            {finding("no_pii_in_prompts", "email", Severity::kHigh, 2, 9, "b***@e******.org"),
             finding("no_pii_in_prompts", "iban", Severity::kHigh, 3, 1, "F********")}));
  r.inputs.push_back(
      input("-", Action::kWarn, 40,
            {finding("no_pii_in_prompts", "ip_address", Severity::kMedium, 1, 8, "1*******")}));
  r.inputs.push_back(input("prompts/clean.txt", Action::kAllow, 0, {}));
  r.action = Action::kBlock;
  r.risk = 80;
  r.policy_id = "default";
  return r;
}

size_t count(const std::string& haystack, const std::string& needle) {
  size_t n = 0;
  for (size_t at = haystack.find(needle); at != std::string::npos;
       at = haystack.find(needle, at + 1)) {
    ++n;
  }
  return n;
}

std::string junit(const ScanReport& r, Action fail_on = Action::kBlock, bool fail_never = false) {
  return render_junit(r, fail_on, fail_never);
}

TEST(JunitReport, EmptyReportIsAnEmptySuite) {
  const std::string xml = junit(ScanReport{});
  EXPECT_TRUE(xml.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites"));
  EXPECT_NE(xml.find("<testsuite name=\"novacrm check\" tests=\"0\" failures=\"0\""),
            std::string::npos)
      << xml;
  EXPECT_EQ(xml.find("<testcase"), std::string::npos);
  EXPECT_TRUE(xml.ends_with("</testsuite>\n</testsuites>\n"));
}

TEST(JunitReport, OneTestcasePerInputAndAFailureAtOrAboveFailOn) {
  const std::string xml = junit(sample());
  EXPECT_NE(xml.find("<testsuite name=\"novacrm check\" tests=\"3\" failures=\"1\""),
            std::string::npos)
      << xml;
  EXPECT_EQ(count(xml, "<testcase classname=\"novacrm.check\" name="), 3u);
  EXPECT_NE(xml.find("name=\"prompts/a.txt\">\n      <failure message=\"decision block (risk 80)\" "
                     "type=\"block\">"),
            std::string::npos)
      << xml;
  EXPECT_NE(xml.find("<testcase classname=\"novacrm.check\" name=\"prompts/clean.txt\"/>"),
            std::string::npos)
      << xml;
  EXPECT_EQ(count(xml, "<failure "), 1u);
}

TEST(JunitReport, FailureBodyListsEachFindingLocated) {
  const std::string xml = junit(sample());
  EXPECT_NE(xml.find(">prompts/a.txt:2:9: no_pii_in_prompts/email (high) b***@e******.org\n"
                     "prompts/a.txt:3:1: no_pii_in_prompts/iban (high) F********\n</failure>"),
            std::string::npos)
      << xml;
}

TEST(JunitReport, FindingsBelowThresholdGoToSystemOut) {
  const std::string xml = junit(sample());
  EXPECT_NE(xml.find("name=\"&lt;stdin&gt;\">\n      <system-out>&lt;stdin&gt;:1:8: "
                     "no_pii_in_prompts/ip_address (medium) 1*******\n</system-out>"),
            std::string::npos)
      << xml;
}

TEST(JunitReport, FailOnSetsTheThreshold) {
  const std::pair<Action, size_t> cases[] = {
      {Action::kAllow, 3}, {Action::kWarn, 2}, {Action::kBlock, 1}, {Action::kEscalate, 0}};
  for (const auto& [fail_on, failures] : cases) {
    const std::string xml = junit(sample(), fail_on);
    EXPECT_EQ(count(xml, "<failure "), failures) << compliance::to_string(fail_on);
    EXPECT_NE(xml.find("failures=\"" + std::to_string(failures) + "\""), std::string::npos);
  }
  EXPECT_NE(junit(sample(), Action::kWarn)
                .find("<failure message=\"decision warn (risk 40)\" "
                      "type=\"warn\">"),
            std::string::npos);
}

TEST(JunitReport, FailNeverReportsNoFailure) {
  const std::string xml = junit(sample(), Action::kAllow, true);
  EXPECT_EQ(xml.find("<failure"), std::string::npos) << xml;
  EXPECT_NE(xml.find("tests=\"3\" failures=\"0\""), std::string::npos) << xml;
}

TEST(JunitReport, EscapesMarkupInPathsAndExcerpts) {
  ScanReport r;
  r.inputs.push_back(input("a&b <c> \"d\" 'e'.txt", Action::kBlock, 80,
                           {finding("rule", "entity", Severity::kHigh, 1, 1, "<&>")}));
  r.policy_id = "p\"&<";
  const std::string xml = junit(r);
  EXPECT_NE(xml.find("name=\"a&amp;b &lt;c&gt; &quot;d&quot; &apos;e&apos;.txt\">"),
            std::string::npos)
      << xml;
  EXPECT_NE(xml.find(">a&amp;b &lt;c&gt; &quot;d&quot; &apos;e&apos;.txt:1:1: rule/entity (high) "
                     "&lt;&amp;&gt;\n</failure>"),
            std::string::npos)
      << xml;
  EXPECT_NE(xml.find("value=\"p&quot;&amp;&lt;\""), std::string::npos) << xml;
}

TEST(JunitReport, ReplacesWhatXmlCannotCarry) {
  ScanReport r;
  r.inputs.push_back(input(std::string("ctl\x01\x1b[31m\x7f.txt"), Action::kAllow, 0, {}));
  r.inputs.push_back(input("bad\xFF\xC3(\xEF\xBF\xBF.txt", Action::kAllow, 0, {}));
  r.inputs.push_back(input("caf\xC3\xA9 \xF0\x9F\x98\x80.txt", Action::kAllow, 0, {}));
  r.inputs.push_back(input("tab\there\nnl\rcr.txt", Action::kAllow, 0, {}));
  const std::string xml = junit(r);
  EXPECT_NE(xml.find("name=\"ctl\xEF\xBF\xBD\xEF\xBF\xBD[31m\x7f.txt\""), std::string::npos);
  EXPECT_NE(xml.find("name=\"bad\xEF\xBF\xBD\xEF\xBF\xBD(\xEF\xBF\xBD.txt\""), std::string::npos)
      << xml;
  EXPECT_NE(xml.find("name=\"caf\xC3\xA9 \xF0\x9F\x98\x80.txt\""), std::string::npos);
  EXPECT_NE(xml.find("name=\"tab&#9;here&#10;nl&#13;cr.txt\""), std::string::npos);
  for (const char c : xml) {
    const auto b = static_cast<unsigned char>(c);
    EXPECT_TRUE(b >= 0x20 || b == '\n') << "raw control byte " << static_cast<int>(b);
  }
}

TEST(JunitReport, CarriesPolicyAndDecisionAsProperties) {
  ScanReport r = sample();
  r.policy_sha256 = std::string(64, 'f');
  r.skipped = 2;
  const std::string xml = junit(r);
  EXPECT_NE(xml.find("<property name=\"policy.id\" value=\"default\"/>"), std::string::npos);
  EXPECT_NE(xml.find("<property name=\"policy.sha256\" value=\"" + std::string(64, 'f') + "\"/>"),
            std::string::npos);
  EXPECT_NE(xml.find("<property name=\"decision\" value=\"block\"/>"), std::string::npos);
  EXPECT_NE(xml.find("<property name=\"files.skipped\" value=\"2\"/>"), std::string::npos);
}

}  // namespace
}  // namespace novacrm::report
