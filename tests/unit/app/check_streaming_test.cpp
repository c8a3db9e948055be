// check's window-by-window scan of large files: with small windows, the findings (rule, entity,
// offsets, line and column) are exactly those of scanning the whole file at once, including
// findings that straddle a window's edge and multi-byte characters at the cut.
#include <gtest/gtest.h>

#include <fstream>
#include <optional>
#include <string>
#include <vector>

#include "../testing/temp_dir.hpp"
#include "app/check.hpp"
#include "compliance/engine.hpp"

namespace novacrm::app {
namespace {

struct Seen {
  std::string rule, entity;
  size_t begin, end, line, column;
  bool operator==(const Seen&) const = default;
};

// The decision's action, risk and driver, then every finding in order.
struct Scan {
  compliance::Action action = compliance::Action::kAllow;
  int risk = 0;
  std::optional<size_t> driver;
  size_t suppressed = 0;
  std::vector<Seen> findings;
  bool spooled = false;
};

Scan scan_all(const compliance::Engine& engine, const std::string& path,
              const CheckOptions::Streaming& streaming) {
  CheckOptions options;
  options.paths = {path};
  options.jobs = 1;
  options.streaming = streaming;
  auto result = run_check(engine, options, CheckCallbacks{});
  EXPECT_TRUE(result.ok()) << result.error().describe();
  Scan out;
  if (!result.ok()) return out;
  const report::ScannedInput& in = result->report.inputs.at(0);
  out.action = in.decision.action;
  out.risk = in.decision.risk;
  out.driver = in.decision.driver;
  out.suppressed = in.decision.suppressed;
  out.spooled = in.spool != nullptr;
  report::for_each_finding(in, [&](const compliance::Finding& f) {
    out.findings.push_back(
        {f.rule, f.entity, f.span.begin, f.span.end, f.span.line, f.span.column});
  });
  return out;
}

std::vector<Seen> scan(const compliance::Engine& engine, const std::string& path,
                       const CheckOptions::Streaming& streaming, size_t* suppressed = nullptr) {
  Scan s = scan_all(engine, path, streaming);
  if (suppressed != nullptr) *suppressed = s.suppressed;
  return std::move(s.findings);
}

// ~120 KB of filler with values planted on both sides of many window edges.
std::string planted_text() {
  const std::vector<std::string> values = {
      "jane.doe@example.com", "FR14 2004 1010 0505 0001 3M02 606",
      "AKIAIOSFODNN7EXAMPLE", "4111 1111 1111 1111",
      "+33 6 12 34 56 78",    "192.168.10.20"};
  std::string text;
  size_t i = 0;
  while (text.size() < 120 * 1024) {
    text += "Ligne numéro " + std::to_string(i) + " : réunion très calme, rien à signaler. ";
    if (i % 7 == 3) text += "Écrire à " + values[i % values.size()] + " demain. ";
    text += (i % 3 == 0) ? "\r\n" : "\n";
    ++i;
  }
  return text;
}

TEST(CheckStreaming, SmallWindowsFindWhatOneWholeScanFinds) {
  testing::TempDir dir;
  const std::string path = (dir.path() / "big.txt").string();
  std::ofstream(path, std::ios::binary) << planted_text();
  auto engine = compliance::Engine::with_builtin_rules();
  ASSERT_TRUE(engine.ok());

  const std::vector<Seen> whole = scan(*engine, path, CheckOptions::Streaming{});
  ASSERT_GT(whole.size(), 50U);
  // Window sizes that put cuts at many different places relative to the planted values.
  for (size_t window : {3000U, 4096U, 5003U, 16384U}) {
    SCOPED_TRACE(window);
    CheckOptions::Streaming small{
        .above = 1024, .window = window, .look_back = 512, .look_ahead = 1024};
    EXPECT_EQ(scan(*engine, path, small), whole);
  }
}

// A file scanned in windows keeps its findings in a spool, not in memory, and its decision
// (action, risk, driver) is tallied as decide() computes it over the whole file.
TEST(CheckStreaming, SpooledFindingsAndTheirDecisionMatchAWholeScan) {
  testing::TempDir dir;
  const std::string path = (dir.path() / "big.txt").string();
  std::ofstream(path, std::ios::binary) << planted_text();
  auto engine = compliance::Engine::with_builtin_rules();
  ASSERT_TRUE(engine.ok());
  const Scan whole = scan_all(*engine, path, CheckOptions::Streaming{});
  const Scan windows = scan_all(
      *engine, path,
      CheckOptions::Streaming{.above = 1024, .window = 4096, .look_back = 512, .look_ahead = 1024});
  EXPECT_FALSE(whole.spooled);
  EXPECT_TRUE(windows.spooled);
  ASSERT_GT(whole.findings.size(), 50U);
  EXPECT_EQ(windows.findings, whole.findings);
  EXPECT_EQ(windows.action, whole.action);
  EXPECT_EQ(windows.risk, whole.risk);
  EXPECT_EQ(windows.driver, whole.driver);
  EXPECT_GE(whole.action, compliance::Action::kBlock);  // e-mails, cards, IBANs
}

TEST(CheckStreaming, RefusesNulBytesAndInvalidUtf8InALaterWindow) {
  testing::TempDir dir;
  auto engine = compliance::Engine::with_builtin_rules();
  ASSERT_TRUE(engine.ok());
  const CheckOptions::Streaming small{
      .above = 1024, .window = 2048, .look_back = 256, .look_ahead = 512};
  for (const auto& [name, bad] :
       {std::pair<std::string, std::string>{"nul.txt", std::string(1, '\0')},
        {"utf8.txt", "\xC3\x28"}}) {
    SCOPED_TRACE(name);
    const std::string path = (dir.path() / name).string();
    std::ofstream(path, std::ios::binary)
        << std::string(20000, 'a') << bad << std::string(100, 'b');
    CheckOptions options;
    options.paths = {path};
    options.streaming = small;
    auto result = run_check(*engine, options, CheckCallbacks{});
    EXPECT_FALSE(result.ok());
  }
}

}  // namespace
}  // namespace novacrm::app
