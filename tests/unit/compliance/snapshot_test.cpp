// The build-time snapshot (snapshot.hpp) must be a pure optimisation: it covers every built-in
// pattern, its decoded patterns match exactly as freshly compiled ones do, its literals and
// default policy are what the code computes now, and malformed bytes are refused.
#include "compliance/snapshot.hpp"

#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

#include "../testing/text_generator.hpp"
#include "compliance/engine.hpp"
#include "compliance/policy.hpp"
#include "compliance/policy_codec.hpp"
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
    const auto e = snapshot::find(b.pattern, builtin_compile_options(b.caseless));
    ASSERT_TRUE(e.has_value()) << b.name;
    EXPECT_FALSE(e->code_rest.empty()) << b.name;
    EXPECT_EQ(e->code(), serialize_compiled(b.pattern, e->options, b.name).value()) << b.name;
    EXPECT_EQ(snapshot::literals(b.pattern), required_literals(b.pattern)) << b.name;
  }
  EXPECT_FALSE(snapshot::find("not a built-in pattern", builtin_compile_options(false)));
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

TEST(Snapshot, DefaultPolicyIsItsYamlParsed) {
  ASSERT_FALSE(snapshot::default_policy().empty());
  const Policy parsed =
      parse_policy(builtin_policy_text(), "built-in", SchemaCheck::kTrusted).value();
  EXPECT_EQ(decode_policy(snapshot::default_policy()), parsed);
  EXPECT_EQ(builtin_policy().value(), parsed);
}

Policy every_field_set() {
  Policy p;
  p.id = "p-1";
  p.description = "every field";
  p.source = "/tmp/p.yaml";
  p.sha256 = std::string(64, 'a');
  p.actions = {Action::kWarn, Action::kBlock, Action::kBlock, Action::kEscalate, Action::kAllow};
  p.inline_marker = false;
  p.checkpoint_interval = int64_t{1} << 40;
  RuleConfig r;
  r.key = "scope_check";
  r.enabled = false;
  r.severity = Severity::kCritical;
  r.allow_values = {"a", ""};
  r.allow_patterns = {"x+"};
  r.mass_export.threshold = -5;
  r.scope.restrictions.push_back({"acme", "analyst", {"pricing"}, {"Wayne"}, {"health"}});
  r.contacts.push_back({"Léa Dubois", "lea@example.com", "+33612345678"});
  p.rules = {r, RuleConfig{}};
  return p;
}

TEST(PolicyCodec, RoundTripsEveryField) {
  const Policy p = every_field_set();
  EXPECT_EQ(decode_policy(encode_policy(p)), p);
  EXPECT_EQ(decode_policy(encode_policy(Policy{})), Policy{});
}

TEST(PolicyCodec, RefusesTruncatedOrForeignBytes) {
  const std::string bytes = encode_policy(every_field_set());
  for (size_t cut = 0; cut < bytes.size(); ++cut) {
    const std::string part = bytes.substr(0, cut);
    EXPECT_FALSE(decode_policy(part).has_value()) << "cut at " << cut;
  }
  EXPECT_FALSE(decode_policy(bytes + "x").has_value());
  std::string other = bytes;
  other[0] = 2;  // another version
  EXPECT_FALSE(decode_policy(other).has_value());
}

TEST(Snapshot, WriterAndReaderRoundTrip) {
  snapshot::Writer w(R"({"id":"x"})");
  w.add({"a+b", 7, std::string("HDR\0\1\2", 6), {"ab", "c"}});
  w.add({"", 0, "HDRxyz", {}});
  w.add({"a+b", 9, "HDR", {"q"}});
  const std::string bytes = w.bytes();
  const auto s = snapshot::Snapshot::open(bytes);
  ASSERT_TRUE(s.has_value());
  EXPECT_EQ(s->default_policy(), R"({"id":"x"})");
  ASSERT_EQ(s->size(), 3U);
  const auto e = s->entry(0).value();
  EXPECT_EQ(e.pattern, "a+b");
  EXPECT_EQ(e.options, 7U);
  EXPECT_EQ(e.code_prefix, "HDR");  // stored once for all three
  EXPECT_EQ(e.code(), std::string("HDR\0\1\2", 6));
  EXPECT_EQ(e.literals(), (std::vector<std::string>{"ab", "c"}));
  EXPECT_EQ(s->entry(1)->code(), "HDRxyz");
  EXPECT_TRUE(s->entry(1)->literals().empty());
  EXPECT_FALSE(s->entry(3).has_value());
  EXPECT_EQ(s->find("a+b", 9)->literals(), std::vector<std::string>{"q"});
  EXPECT_EQ(s->find("a+b", std::nullopt)->options, 7U);
  EXPECT_EQ(s->find("", 0)->code(), "HDRxyz");
  EXPECT_FALSE(s->find("a+b", 8).has_value());
  EXPECT_FALSE(s->find("a+c", std::nullopt).has_value());
}

TEST(Snapshot, ReaderRefusesWhatIsNotASnapshot) {
  snapshot::Writer w("{}");
  w.add({"abc", 1, "code", {"abc"}});
  w.add({"de", 2, "cold", {}});
  const std::string bytes = w.bytes();
  EXPECT_FALSE(snapshot::Snapshot::open("").has_value());
  EXPECT_FALSE(snapshot::Snapshot::open("NCSNAP1\n" + bytes.substr(8)).has_value());
  ASSERT_TRUE(snapshot::Snapshot::open(bytes).has_value());
  // Cut anywhere, the bytes are refused or read as far as they go: never read past their end.
  for (size_t cut = 0; cut < bytes.size(); ++cut) {
    const std::string part = bytes.substr(0, cut);  // its own allocation, for ASan
    const auto s = snapshot::Snapshot::open(part);
    if (!s) continue;
    EXPECT_FALSE(s->find("de", 2).has_value()) << "cut at " << cut;  // the last entry's end is cut
    for (size_t i = 0; i < s->size(); ++i) (void)s->entry(i);
  }
}

}  // namespace
}  // namespace novacrm::compliance
