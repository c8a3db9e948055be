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

ScanReport two_inputs() {
  ScanReport r;
  r.inputs.push_back(
      input("prompts/a.txt", Action::kBlock, 77,
            {finding("no_pii_in_prompts", "email", Severity::kHigh, 2, 9, "b***@e******.org"),
             finding("no_pii_in_prompts", "ip_address", Severity::kMedium, 3, 1, "1*******")}));
  r.inputs.push_back(input("-", Action::kAllow, 0, {}));
  r.action = Action::kBlock;
  r.risk = 77;
  return r;
}

// Removes every ESC [ ... m sequence.
std::string strip_sgr(const std::string& s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\x1b' && i + 1 < s.size() && s[i + 1] == '[') {
      i = s.find('m', i);
      if (i == std::string::npos) break;
      continue;
    }
    out += s[i];
  }
  return out;
}

TEST(TextReport, EmptyReportIsOneSummaryLine) {
  EXPECT_EQ(render_text(ScanReport{}),
            "0 input(s) scanned, 0 finding(s); decision: allow (risk 0)\n");
}

TEST(TextReport, WithoutColourPrintsPathLineColumnPerFindingThenSummary) {
  ScanReport r = two_inputs();
  r.skipped = 2;
  EXPECT_EQ(render_text(r, false),
            "prompts/a.txt:2:9: no_pii_in_prompts/email (high) b***@e******.org\n"
            "prompts/a.txt:3:1: no_pii_in_prompts/ip_address (medium) 1*******\n"
            "2 input(s) scanned, 2 finding(s), 2 file(s) skipped; decision: block (risk 77)\n");
}

TEST(TextReport, StdinIsNamedStdin) {
  ScanReport r;
  r.inputs.push_back(
      input("-", Action::kWarn, 40,
            {finding("no_pii_in_prompts", "ip_address", Severity::kMedium, 1, 5, "1*******")}));
  r.action = Action::kWarn;
  r.risk = 40;
  EXPECT_EQ(render_text(r),
            "<stdin>:1:5: no_pii_in_prompts/ip_address (medium) 1*******\n"
            "1 input(s) scanned, 1 finding(s); decision: warn (risk 40)\n");
}

TEST(TextReport, DefaultIsWithoutColour) {
  const ScanReport r = two_inputs();
  EXPECT_EQ(render_text(r), render_text(r, false));
  EXPECT_EQ(render_text(r).find('\x1b'), std::string::npos);
}

TEST(TextReport, ColourOnlyWrapsFieldsInSgrCodes) {
  const ScanReport r = two_inputs();
  const std::string coloured = render_text(r, true);
  EXPECT_NE(coloured, render_text(r, false));
  EXPECT_EQ(strip_sgr(coloured), render_text(r, false));
}

TEST(TextReport, ColourMarksPathDimAndSeverityAndDecisionByGravity) {
  const std::string out = render_text(two_inputs(), true);
  EXPECT_NE(out.find("\x1b[2mprompts/a.txt:2:9\x1b[0m: "), std::string::npos) << out;
  EXPECT_NE(out.find("(\x1b[31mhigh\x1b[0m)"), std::string::npos) << out;
  EXPECT_NE(out.find("(\x1b[33mmedium\x1b[0m)"), std::string::npos) << out;
  EXPECT_NE(out.find("decision: \x1b[31mblock\x1b[0m (risk 77)"), std::string::npos) << out;
}

TEST(TextReport, ColourOfEachSeverityAndAction) {
  struct Case {
    Severity severity;
    Action action;
    const char* sgr;
  };
  const Case cases[] = {{Severity::kCritical, Action::kEscalate, "\x1b[31m"},
                        {Severity::kHigh, Action::kBlock, "\x1b[31m"},
                        {Severity::kMedium, Action::kWarn, "\x1b[33m"},
                        {Severity::kLow, Action::kWarn, "\x1b[33m"}};
  for (const Case& c : cases) {
    ScanReport r;
    r.inputs.push_back(
        input("p.txt", c.action, 50, {finding("rule", "entity", c.severity, 1, 1, "x***")}));
    r.action = c.action;
    const std::string out = render_text(r, true);
    const std::string severity(compliance::to_string(c.severity));
    const std::string action(compliance::to_string(c.action));
    EXPECT_NE(out.find(c.sgr + severity + "\x1b[0m"), std::string::npos) << out;
    EXPECT_NE(out.find(c.sgr + action + "\x1b[0m"), std::string::npos) << out;
  }
}

TEST(TextReport, SummaryCountsSuppressedFindingsOfAllInputs) {
  ScanReport r = two_inputs();
  r.inputs[0].decision.suppressed = 1;
  r.inputs[1].decision.suppressed = 2;
  EXPECT_NE(render_text(r).find("2 input(s) scanned, 2 finding(s), 3 suppressed; decision"),
            std::string::npos)
      << render_text(r);
}

TEST(TextReport, NoSuppressedCountWhenNothingWasSuppressed) {
  EXPECT_EQ(render_text(two_inputs()).find("suppressed"), std::string::npos);
}

}  // namespace
}  // namespace novacrm::report
