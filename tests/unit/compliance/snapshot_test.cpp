// The build-time snapshot (snapshot.hpp) must be a pure optimisation: it covers every built-in
// pattern, its decoded patterns match exactly as freshly compiled ones do, its literals and
// policy document are what the code computes, and a malformed snapshot is refused.
#include "compliance/snapshot.hpp"

#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

#include "../testing/text_generator.hpp"
#include "compliance/engine.hpp"
#include "compliance/policy.hpp"
#include "compliance/prefilter/prefilter.hpp"
#include "compliance/regex.hpp"
#include "compliance/rules/builtin.hpp"

namespace novacrm::compliance {
namespace {

using Matches = std::vector<std::pair<size_t, size_t>>;

Matches matches(const Regex& re, std::string_view text) {
  Matches out;
  re.for_each_match(text, [&](size_t b, size_t e) { out.emplace_back(b, e); });
  return out;
}

TEST(Snapshot, CoversEveryBuiltinPatternWithItsLiterals) {
  const std::vector<BuiltinPattern> all = builtin_patterns();
  ASSERT_GT(all.size(), 70U);
  for (const BuiltinPattern& b : all) {
    const snapshot::Entry* p = snapshot::find(b.pattern, builtin_compile_options(b.caseless));
    ASSERT_NE(p, nullptr) << b.name;
    EXPECT_FALSE(p->code.empty()) << b.name;
    EXPECT_EQ(snapshot::literals(b.pattern), required_literals(b.pattern)) << b.name;
  }
  EXPECT_EQ(snapshot::find("not a built-in pattern", builtin_compile_options(false)), nullptr);
  EXPECT_EQ(snapshot::literals("not a built-in pattern"), std::nullopt);
  // A pattern the snapshot lacks is compiled from source, with the same results.
  const size_t before = Regex::builtin_compiles();
  EXPECT_TRUE(Regex::builtin("z+q", "test.absent").search("azzq"));
  EXPECT_EQ(Regex::builtin_compiles(), before + 1);
}

TEST(Snapshot, DecodedPatternsMatchLikeCompiledOnes) {
  const size_t compiled_before = Regex::builtin_compiles();
  testing::TextGenerator gen(20261207);
  std::vector<std::string> texts;
  for (int i = 0; i < 400; ++i) texts.push_back(gen.text(1 + static_cast<size_t>(i % 40)));
  texts.emplace_back("select name, email from contacts; SELECT * FROM customers");
  size_t total = 0;
  for (const BuiltinPattern& b : builtin_patterns()) {
    const Regex decoded = Regex::builtin(b.pattern, b.name, b.caseless);
    const Regex compiled = Regex::compile(b.pattern, b.name, b.caseless).value();
    for (const std::string& t : texts) {
      const Matches expected = matches(compiled, t);
      ASSERT_EQ(matches(decoded, t), expected) << b.name << " on: " << t;
      total += expected.size();
    }
  }
  EXPECT_GT(total, 500U);
  // Every Regex::builtin above was decoded from the snapshot, none compiled from source.
  EXPECT_EQ(Regex::builtin_compiles(), compiled_before);
}

TEST(Snapshot, PolicyDocumentIsTheDefaultPolicysYaml) {
  EXPECT_EQ(std::string(snapshot::policy_document()),
            policy_document_json(builtin_policy_text(), "built-in").value());
  const Policy fast = builtin_policy().value();
  const Policy parsed =
      parse_policy(builtin_policy_text(), "built-in", SchemaCheck::kTrusted).value();
  EXPECT_EQ(fast.id, parsed.id);
  EXPECT_EQ(fast.description, parsed.description);
  EXPECT_EQ(fast.sha256, parsed.sha256);
  EXPECT_EQ(fast.source, "built-in");
  EXPECT_EQ(fast.actions, parsed.actions);
  EXPECT_EQ(fast.inline_marker, parsed.inline_marker);
  EXPECT_EQ(fast.checkpoint_interval, parsed.checkpoint_interval);
  ASSERT_EQ(fast.rules.size(), parsed.rules.size());
  for (size_t i = 0; i < fast.rules.size(); ++i) {
    EXPECT_EQ(fast.rules[i].key, parsed.rules[i].key);
    EXPECT_EQ(fast.rules[i].enabled, parsed.rules[i].enabled);
    EXPECT_EQ(fast.rules[i].severity, parsed.rules[i].severity);
    EXPECT_EQ(fast.rules[i].allow_values, parsed.rules[i].allow_values);
    EXPECT_EQ(fast.rules[i].allow_patterns, parsed.rules[i].allow_patterns);
    EXPECT_EQ(fast.rules[i].mass_export.threshold, parsed.rules[i].mass_export.threshold);
    EXPECT_EQ(fast.rules[i].scope.restrictions.size(), parsed.rules[i].scope.restrictions.size());
  }
}

TEST(Snapshot, WriterAndReaderRoundTrip) {
  snapshot::Writer w(R"({"id":"x"})");
  w.add({"a+b", 7, std::string_view("\0\1\2", 3), {"ab", "c"}});
  w.add({"", 0, "", {}});
  const std::string bytes = w.bytes();
  const auto c = snapshot::read(bytes);
  ASSERT_TRUE(c.has_value());
  EXPECT_EQ(c->policy_document, R"({"id":"x"})");
  ASSERT_EQ(c->entries.size(), 2U);
  EXPECT_EQ(c->entries[0].pattern, "a+b");
  EXPECT_EQ(c->entries[0].options, 7U);
  EXPECT_EQ(c->entries[0].code, std::string_view("\0\1\2", 3));
  EXPECT_EQ(c->entries[0].literals(), (std::vector<std::string>{"ab", "c"}));
  EXPECT_TRUE(c->entries[1].pattern.empty());
  EXPECT_TRUE(c->entries[1].literals().empty());
}

TEST(Snapshot, ReaderRefusesWhatIsNotASnapshot) {
  snapshot::Writer w("{}");
  w.add({"abc", 1, "code", {"abc"}});
  const std::string bytes = w.bytes();
  EXPECT_FALSE(snapshot::read("").has_value());
  EXPECT_FALSE(snapshot::read("NCSNAP2\n" + bytes.substr(8)).has_value());
  for (size_t cut = 8; cut < bytes.size(); ++cut) {
    const auto c = snapshot::read(std::string_view(bytes).substr(0, cut));
    // A cut between records reads as fewer records; anywhere else it is refused.
    if (c.has_value()) {
      EXPECT_TRUE(c->entries.empty()) << "cut at " << cut;
    }
  }
}

}  // namespace
}  // namespace novacrm::compliance
