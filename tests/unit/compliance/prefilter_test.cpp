// The Hyperscan prefilter must not change a single finding: the same rules with and without it,
// compared on thousands of generated texts dense in near-misses (prefixes, digit runs, keywords,
// separators, multi-byte and case-folding characters, PEM blocks across lines). Also: a pattern
// Hyperscan refuses still matches (PCRE2 over the whole text), concurrent scans, and the start
// ranges and line-feed analysis the windows rely on.
#include "compliance/prefilter/prefilter.hpp"

#include <gtest/gtest.h>

#include <random>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "../testing/temp_dir.hpp"
#include "../testing/text_generator.hpp"
#include "compliance/detector_rule.hpp"
#include "compliance/rules/builtin.hpp"
#include "core/text.hpp"

namespace novacrm::compliance {
namespace {

using testing::TextGenerator;

MatchingOptions matching(bool prefilter, size_t after_bytes = 0) {
  MatchingOptions o = MatchingOptions::from_environment();
  o.prefilter = prefilter;
  o.prefilter_after_bytes = after_bytes;  // 0: Hyperscan from the first text
  return o;
}

std::unique_ptr<Rule> rule(const char* key, std::span<const Detector> table, bool prefilter,
                           size_t after_bytes = 0) {
  return make_detector_rule(key, table, matching(prefilter, after_bytes)).value();
}

std::string describe(const Finding& f) {
  return f.rule + "/" + f.entity + "@" + std::to_string(f.span.begin) + "-" +
         std::to_string(f.span.end) + ":" + std::to_string(f.span.line) + ":" +
         std::to_string(f.span.column) + " " + f.excerpt;
}

std::vector<std::string> run(const Rule& r, std::string_view text) {
  std::vector<Finding> out;
  r.analyze(text, ScanContext{}, out);
  std::vector<std::string> d;
  for (const Finding& f : out) d.push_back(describe(f));
  return d;
}

struct Table {
  const char* key;
  std::span<const Detector> detectors;
};

class PrefilterDifferential : public ::testing::TestWithParam<Table> {};

TEST_P(PrefilterDifferential, GeneratedTextsGiveIdenticalFindings) {
  const auto with = rule(GetParam().key, GetParam().detectors, true);
  const auto without = rule(GetParam().key, GetParam().detectors, false);
  TextGenerator gen(20261125);
  size_t findings = 0;
  std::set<std::string> entities;
  for (int i = 0; i < 3000; ++i) {
    const std::string text = gen.text(1 + static_cast<size_t>(i % 60));
    ASSERT_TRUE(core::is_valid_utf8(text));
    const auto expected = run(*without, text);
    ASSERT_EQ(run(*with, text), expected) << "text #" << i;
    findings += expected.size();
    for (const std::string& f : expected) entities.insert(f.substr(0, f.find('@')));
  }
  // One long text: many hits, merged windows, lines far apart.
  const std::string long_text = gen.text(20000);
  EXPECT_EQ(run(*with, long_text), run(*without, long_text));
  // The generator must reach the patterns, or the comparison proves little.
  EXPECT_GT(findings, 300U);
  EXPECT_GE(entities.size() * 10, GetParam().detectors.size() * 6) << entities.size();
}

// Before Hyperscan is loaded (short texts), rows whose required literals are absent are skipped:
// the same findings again.
TEST_P(PrefilterDifferential, LiteralGateGivesIdenticalFindings) {
  const auto gated = rule(GetParam().key, GetParam().detectors, true, SIZE_MAX);
  const auto without = rule(GetParam().key, GetParam().detectors, false);
  TextGenerator gen(20261207);
  size_t findings = 0;
  for (int i = 0; i < 3000; ++i) {
    const std::string text = gen.text(1 + static_cast<size_t>(i % 60));
    const auto expected = run(*without, text);
    ASSERT_EQ(run(*gated, text), expected) << "text #" << i;
    findings += expected.size();
  }
  EXPECT_GT(findings, 300U);
}

INSTANTIATE_TEST_SUITE_P(BuiltinTables, PrefilterDifferential,
                         ::testing::Values(Table{kPiiRuleKey, pii_detectors()},
                                           Table{kSecretsRuleKey, secrets_detectors()}),
                         [](const ::testing::TestParamInfo<Table>& info) {
                           return std::string(info.param.key);
                         });

TEST(Prefilter, ConcurrentScansGiveTheSameFindingsAsOneThread) {
  const auto r = rule(kSecretsRuleKey, secrets_detectors(), true);
  TextGenerator gen(7);
  std::vector<std::string> texts;
  for (int i = 0; i < 200; ++i) texts.push_back(gen.text(40));
  std::vector<std::vector<std::string>> expected;
  for (const std::string& t : texts) expected.push_back(run(*r, t));
  std::vector<int> mismatches(4, 0);
  std::vector<std::thread> threads;
  for (size_t k = 0; k < mismatches.size(); ++k) {
    threads.emplace_back([&, k] {
      for (size_t i = 0; i < texts.size(); ++i) mismatches[k] += run(*r, texts[i]) != expected[i];
    });
  }
  for (std::thread& t : threads) t.join();
  for (int m : mismatches) EXPECT_EQ(m, 0);
}

std::string mask(std::string_view v) { return core::mask_generic(v); }

// Branch reset, \R and callouts are PCRE2 only: Hyperscan refuses them even as a prefilter.
constexpr std::array<Detector, 3> kWithRefused = {{
    {"order_ref", R"((?|ref-(\d{6})|id-(\d{6})))", Severity::kLow, nullptr, mask},
    {"two_lines", R"(begin\Rend)", Severity::kLow, nullptr, mask},
    {"word", R"((?<![a-z])[a-z]+@[a-z]+\.com)", Severity::kLow, nullptr, mask},
}};

TEST(Prefilter, PatternHyperscanRefusesIsUnscannedAndTheRestIsScanned) {
  const std::vector<std::string> patterns = {kWithRefused[0].pattern, kWithRefused[1].pattern,
                                             kWithRefused[2].pattern};
  const auto p = Prefilter::build(patterns, std::nullopt);
  EXPECT_FALSE(p->facts(0).scanned);
  EXPECT_FALSE(p->facts(1).scanned);
  EXPECT_TRUE(p->facts(2).scanned);
  std::vector<PatternHits> hits;
  ASSERT_TRUE(p->scan("mail ada@example.com", hits));
  EXPECT_TRUE(hits[0].ends.empty());
  EXPECT_EQ(hits[2].ends, std::vector<size_t>{20});
}

TEST(Prefilter, DenseHitsMeanTheWholeTextNotUnboundedMemory) {
  const std::vector<std::string> patterns = {R"((?<!\d)\d{3}(?!\d))", "zebra"};
  const auto p = Prefilter::build(patterns, std::nullopt);
  std::string text;
  for (int i = 0; i < 20000; ++i) text += "123 ";
  text += "zebra";
  std::vector<PatternHits> hits;
  ASSERT_TRUE(p->scan(text, hits));
  EXPECT_TRUE(hits[0].everywhere);
  EXPECT_TRUE(hits[0].ends.empty());
  EXPECT_FALSE(hits[1].everywhere);
  EXPECT_EQ(hits[1].ends, std::vector<size_t>{text.size()});
}

TEST(Prefilter, RuleOverDenseHitsFindsWhatPcre2AloneFinds) {
  const auto with = rule(kPiiRuleKey, pii_detectors(), true);
  const auto without = rule(kPiiRuleKey, pii_detectors(), false);
  std::string text;
  for (int i = 0; i < 1000; ++i) {
    text += "4111 1111 1111 1111 SSN 123-45-6789 10.0.0." + std::to_string(i % 250) + "\n";
  }
  const auto found = run(*with, text);
  EXPECT_EQ(found, run(*without, text));
  EXPECT_EQ(found.size(), 3000U);
}

TEST(Prefilter, RefusedPatternStillFindsEverythingThroughPcre2) {
  MatchingOptions o = matching(true);
  o.cache_dir.reset();
  const auto with = make_detector_rule("test", kWithRefused, o).value();
  o.prefilter = false;
  const auto without = make_detector_rule("test", kWithRefused, o).value();
  const std::string text = "ref-123456 then id-654321\nbegin\r\nend, ada@example.com";
  const auto found = run(*with, text);
  EXPECT_EQ(found, run(*without, text));
  ASSERT_EQ(found.size(), 4U);
  EXPECT_EQ(found[0].substr(0, found[0].find('@')), "test/order_ref");
  EXPECT_EQ(found[2].substr(0, found[2].find('@')), "test/two_lines");
}

TEST(Prefilter, LoadsOnlyOnceEnoughTextWasAnalysed) {
  testing::TempDir dir;
  MatchingOptions o = matching(true);
  o.cache_dir = dir.path();
  o.prefilter_after_bytes = 100;
  const auto r = make_detector_rule("test", kWithRefused, o).value();
  run(*r, "ref-123456");  // 10 bytes: PCRE2 alone, nothing compiled or cached
  EXPECT_TRUE(std::filesystem::is_empty(dir.path()));
  EXPECT_EQ(run(*r, std::string(100, ' ') + "ada@example.com").size(), 1U);
  EXPECT_FALSE(std::filesystem::is_empty(dir.path()));
}

TEST(Prefilter, PatternRejectedOnlyAtCompileTimeIsUnscanned) {
  // "x*" parses but matches the empty buffer, which hs_compile_multi refuses.
  const std::vector<std::string> patterns = {"abc\\d+", "x*"};
  const auto p = Prefilter::build(patterns, std::nullopt);
  EXPECT_TRUE(p->facts(0).scanned);
  EXPECT_FALSE(p->facts(1).scanned);
}

TEST(Prefilter, ReportsMaxWidthInBytes) {
  const std::vector<std::string> patterns = {"é{3}", "a+b", "(?<!x)ab{2,5}"};
  const auto p = Prefilter::build(patterns, std::nullopt);
  EXPECT_EQ(p->facts(0).max_width, 6U);
  EXPECT_EQ(p->facts(1).max_width, kUnboundedWidth);
  EXPECT_EQ(p->facts(2).max_width, 6U);
}

TEST(RequiredLiterals, PrefixesAlternativesAndUnions) {
  using V = std::vector<std::string>;
  EXPECT_EQ(required_literals(R"((?<![A-Za-z0-9_-])ghp_[A-Za-z0-9]{36}(?![A-Za-z0-9_-]))"),
            V{"ghp_"});
  EXPECT_EQ(required_literals(R"((?<![A-Z0-9])(?:AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16}(?![A-Z0-9]))"),
            (V{"abia", "acca", "akia", "asia"}));
  EXPECT_EQ(required_literals(R"(https://hooks\.slack\.com/(?:services|workflows)/T[A-Z0-9]+)"),
            V{"https://hooks.slack.com/"});
  // Top-level alternatives: the union; one without a literal means none.
  EXPECT_EQ(required_literals("abc[0-9]+|xyz"), (V{"abc", "xyz"}));
  EXPECT_TRUE(required_literals("abc|[0-9]+").empty());
  // A branch that only steps over look-alikes is left out.
  EXPECT_EQ(required_literals(R"(v\d+(*SKIP)(*F)|[a-z]+@[a-z]+)"), V{"@"});
  // Optional and repeated items.
  EXPECT_EQ(required_literals("abx?cd"), V{"ab"});
  EXPECT_EQ(required_literals("xa+bcd"), V{"bcd"});
  EXPECT_EQ(required_literals("(?:key)?-[0-9]{32}"), V{"-"});
  EXPECT_EQ(required_literals("(?i)Secret(?![a-z])"), V{"secret"});
  // Nothing sure: classes only, escapes with arguments, verbs, extended mode, non-ASCII.
  EXPECT_TRUE(required_literals(R"(\d{3}-?\d{4})").empty());
  EXPECT_TRUE(required_literals(R"([0-9a-f]{32})").empty());
  EXPECT_TRUE(required_literals(R"(\k<x>abc)").empty());
  EXPECT_TRUE(required_literals(R"(\x{41}bc)").empty());
  EXPECT_TRUE(required_literals("(*UTF)abc").empty());
  EXPECT_TRUE(required_literals("(?x) a b c").empty());
  EXPECT_TRUE(required_literals("é").empty());
}

TEST(RequiredLiterals, FoldedTextFindsCaselessMatches) {
  EXPECT_EQ(fold_for_literals("AKIA Ünïcode"), "akia Ünïcode");
  // PCRE2's caseless UTF matching takes U+212A for k and U+017F for s.
  EXPECT_EQ(fold_for_literals("\xE2\x84\xAA"
                              "ey and \xC5\xBF"
                              "ecret"),
            "key and secret");
}

TEST(StartRanges, BoundedWidthGivesMergedWindowsBeforeEachEnd) {
  const std::string text(100, 'a');
  const std::vector<size_t> ends = {10, 12, 50};
  const auto r = start_ranges(text, ends, 5, false);
  ASSERT_EQ(r.size(), 2U);
  EXPECT_EQ(r[0].first, 5U);
  EXPECT_EQ(r[0].last, 12U);
  EXPECT_EQ(r[1].first, 45U);
  EXPECT_EQ(r[1].last, 50U);
}

TEST(StartRanges, LineBoundedUnboundedWidthStartsAtTheLine) {
  const std::string text = "first line\nsecond line\nthird";
  const auto r = start_ranges(text, std::vector<size_t>{17, 21, 27}, kUnboundedWidth, true);
  ASSERT_EQ(r.size(), 2U);
  EXPECT_EQ(r[0].first, 11U);
  EXPECT_EQ(r[0].last, 21U);
  EXPECT_EQ(r[1].first, 23U);
  EXPECT_EQ(r[1].last, 27U);
}

TEST(StartRanges, UnboundedMultiLinePatternScansFromTheStart) {
  const std::string text = "a\nb\nc\nd";
  const auto r = start_ranges(text, std::vector<size_t>{3, 7}, kUnboundedWidth, false);
  ASSERT_EQ(r.size(), 1U);
  EXPECT_EQ(r[0].first, 0U);
  EXPECT_EQ(r[0].last, 7U);
}

struct PrefixCase {
  const char* pattern;
  const char* prefix;  // what Hyperscan scans for
};

class PrefixCut : public ::testing::TestWithParam<PrefixCase> {};

TEST_P(PrefixCut, CutsBeforeTheFirstTopLevelGapOnly) {
  const std::string_view p = GetParam().pattern;
  EXPECT_EQ(p.substr(0, prefilter_prefix_length(p)), GetParam().prefix);
}

INSTANTIATE_TEST_SUITE_P(
    Patterns, PrefixCut,
    ::testing::Values(
        PrefixCase{R"((?i)(?<![a-z])(?:aws|amazon)[^\n]{0,40}?(?<![A-Z])([A-Z]{40}))",
                   R"((?i)(?<![a-z])(?:aws|amazon))"},
        PrefixCase{R"(abc.*def)", "abc"}, PrefixCase{R"(a(?:b|c)[^\s@]*@x)", "a(?:b|c)"},
        PrefixCase{R"(ab?[^x]{2}y)", "ab?"}, PrefixCase{R"(ab[^x]*c|d)", R"(ab[^x]*c|d)"},
        PrefixCase{R"([^x]+abc)", R"([^x]+abc)"},
        PrefixCase{R"((?i)a?[^\n]{0,3}x)", R"((?i)a?[^\n]{0,3}x)"},
        PrefixCase{R"(abc.def)", R"(abc.def)"}, PrefixCase{R"((?x)ab [^x]*)", R"((?x)ab [^x]*)"},
        PrefixCase{R"(ab[^x]c)", R"(ab[^x]c)"}, PrefixCase{R"(a\x41[^b]*)", R"(a\x41[^b]*)"}));

struct LineCase {
  const char* pattern;
  bool may_match;
};

class LineBreaks : public ::testing::TestWithParam<LineCase> {};

TEST_P(LineBreaks, ConservativeAnalysis) {
  EXPECT_EQ(may_match_line_break(GetParam().pattern), GetParam().may_match) << GetParam().pattern;
}

INSTANTIATE_TEST_SUITE_P(
    Patterns, LineBreaks,
    ::testing::Values(LineCase{R"(abc\d+)", false}, LineCase{R"([^\n]{0,30})", false},
                      LineCase{R"([^\s"',;]{6,})", false}, LineCase{R"((?i)x[ée]\b)", false},
                      LineCase{R"((?<![\w:])a.b)", false}, LineCase{R"([ -]?\d)", false},
                      LineCase{R"(\s)", true}, LineCase{R"([A-Z\s])", true},
                      LineCase{R"([^a])", true}, LineCase{R"((?s)a.b)", true},
                      LineCase{R"(\D)", true}, LineCase{R"([\x00-\x7f])", true},
                      LineCase{R"(\Qa\E)", true}, LineCase{R"((?x)a b)", true},
                      LineCase{R"([[:space:]])", true}, LineCase{R"(\R)", true},
                      LineCase{R"([\t-\r])", true}, LineCase{"a\nb", true}));

}  // namespace
}  // namespace novacrm::compliance
