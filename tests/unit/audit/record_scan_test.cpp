// The strict record scanner `audit verify` reads records with (docs/adr/0010): JSON grammar,
// escapes, UTF-8, duplicate keys, truncation; and that it agrees with parse_record and
// compute_hash on every record the writer makes.
#include "audit/record_scan.hpp"

#include <gtest/gtest.h>

#include "audit/record.hpp"
#include "core/hash.hpp"

namespace novacrm::audit::scan {
namespace {

TEST(RecordScanTest, MembersKeepRawValuesAndOffsets) {
  const std::string text = R"( {"a":1, "b" : {"c":[1,2,{"d":null}]},"e":"x\"y"} )";
  auto m = object_members(text);
  ASSERT_TRUE(m);
  ASSERT_EQ(m->size(), 3U);
  EXPECT_EQ((*m)[0].key, "a");
  EXPECT_EQ((*m)[0].value, "1");
  EXPECT_EQ((*m)[1].value, R"({"c":[1,2,{"d":null}]})");
  EXPECT_EQ((*m)[2].value, R"("x\"y")");
  EXPECT_EQ(text.substr((*m)[0].begin, 3), R"("a")");
  EXPECT_EQ(text.substr((*m)[2].end, 1), "}");
  ASSERT_NE(find(*m, "e"), nullptr);
  EXPECT_EQ(find(*m, "zz"), nullptr);
}

TEST(RecordScanTest, RefusesWhatIsNotExactlyOneObject) {
  for (const char* bad : {"",
                          "[]",
                          "1",
                          "\"s\"",
                          "null",
                          "{",
                          "{\"a\":1",
                          "{\"a\":1}x",
                          "{\"a\":1}{}",
                          "{\"a\"}",
                          "{\"a\":}",
                          "{a:1}",
                          "{\"a\":1,}",
                          "{\"a\":[1,]}",
                          "{\"a\":01}",
                          "{\"a\":1.}",
                          "{\"a\":-}",
                          "{\"a\":1e}",
                          "{\"a\":tru}",
                          "{\"a\":nul}",
                          "{\"a\":'x'}",
                          "{\"a\":\"x}",
                          "{\"a\":[1,2}",
                          "{\"a\":{\"b\":1]}"}) {
    EXPECT_FALSE(object_members(bad)) << bad;
  }
  EXPECT_TRUE(object_members("{}"));
  EXPECT_TRUE(object_members("{\"a\":-0.5e+3,\"b\":[true,false,null,[],{}]}"));
}

TEST(RecordScanTest, RefusesDuplicateKeysAlsoWhenOneIsEscaped) {
  EXPECT_FALSE(object_members(R"({"a":1,"a":2})"));
  EXPECT_FALSE(object_members(R"({"a":1,"\u0061":2})"));
  auto m = object_members(R"({"\u0061":1})");
  ASSERT_TRUE(m);
  EXPECT_NE(find(*m, "a"), nullptr);
  // Nested objects of a scanned object are only checked against the grammar.
  EXPECT_TRUE(object_members(R"({"a":{"b":1,"b":2}})"));
}

TEST(RecordScanTest, DecodesEscapesAndSurrogatePairs) {
  EXPECT_EQ(decode_string(R"("a\"b\\c\/d\b\f\n\r\t")"), std::string("a\"b\\c/d\b\f\n\r\t"));
  EXPECT_EQ(decode_string(R"("\u00e9\u20ac\ud83d\ude00")"), "\u00e9\u20ac\U0001F600");
  EXPECT_EQ(decode_string("\"\xc3\xa9\""), "\xc3\xa9");
  for (const char* bad :
       {"\"\\x\"", "\"\\u12\"", "\"\\ud83d\"", "\"\\ude00\"", "\"\\ud83d\\u0041\"", "\"a", "\"\n\"",
        "\"\x01\"", "\"\xc3\"", "\"\xc0\xaf\"", "\"\xed\xa0\x80\"", "\"\xf4\x90\x80\x80\"",
        "\"\xff\"", "x", "\"a\"b"}) {
    EXPECT_FALSE(decode_string(bad)) << bad;
  }
}

TEST(RecordScanTest, RefusesNestingDeeperThanItsLimit) {
  EXPECT_TRUE(object_members("{\"a\":" + std::string(200, '[') + std::string(200, ']') + "}"));
  EXPECT_FALSE(object_members("{\"a\":" + std::string(300, '[') + std::string(300, ']') + "}"));
}

AuditRecord sample(std::string masked_detail) {
  AuditRecord r;
  r.seq = 42;
  r.id = "0123456789abcdef";
  r.time = "2026-11-25T10:00:00Z";
  r.actor = Actor{"local:\u00e9l\u00e8ve \"q\"", "admin", "acme\\org"};
  r.action = "check";
  r.request_id = "r1";
  r.policy = PolicyRef{"default", std::string(64, 'b')};
  DecisionSummary d;
  d.action = compliance::Action::kBlock;
  d.risk = 7;
  r.decision = d;
  r.details = "{\"note\":\"" + std::move(masked_detail) + "\",\"n\":{\"m\":[1,2]}}";
  r.prev_hash = std::string(64, 'c');
  r.hash = compute_hash(r);
  return r;
}

TEST(RecordScanTest, ReadsWhatTheWriterWritesAndCutsExactlyTheHashedBytes) {
  for (const char* detail :
       {"plain", "tab\\tnew\\nline \\u0001 \\\"q\\\"", "\\u00e9\\ud83d\\ude00"}) {
    const AuditRecord r = sample(detail);
    const std::string stored = record_json(r);
    auto v = scan_record(stored);
    ASSERT_TRUE(v) << stored;
    EXPECT_EQ(v->seq, 42);
    EXPECT_EQ(v->id, r.id);
    EXPECT_EQ(v->time, r.time);
    EXPECT_EQ(v->action, "check");
    EXPECT_EQ(v->subject, r.actor.subject);
    EXPECT_EQ(v->org, r.actor.org);
    EXPECT_EQ(v->prev_hash, r.prev_hash);
    EXPECT_EQ(v->hash, r.hash);
    EXPECT_EQ(v->decision, std::optional<std::string>("block"));
    EXPECT_EQ(std::string(v->hashed_head) + std::string(v->hashed_tail), canonical_json(r));
    EXPECT_EQ(core::digest_hex(core::sha256({v->hashed_head, v->hashed_tail})), r.hash);
  }
  AuditRecord no_decision = sample("x");
  no_decision.decision.reset();
  no_decision.policy.reset();
  auto v = scan_record(record_json(no_decision));
  ASSERT_TRUE(v);
  EXPECT_FALSE(v->decision);
}

TEST(RecordScanTest, HashMemberLastIsCutWithTheCommaBeforeIt) {
  const std::string text = R"({"a":1,"hash":"h"})";
  auto m = object_members(text);
  ASSERT_TRUE(m);
  // Through scan_record: a record with "hash" moved to the end hashes like the canonical one.
  const AuditRecord r = sample("x");
  std::string canonical = canonical_json(r);
  const std::string moved =
      canonical.substr(0, canonical.size() - 1) + ",\"hash\":\"" + r.hash + "\"}";
  auto v = scan_record(moved);
  ASSERT_TRUE(v);
  EXPECT_EQ(std::string(v->hashed_head) + std::string(v->hashed_tail), canonical);
}

TEST(RecordScanTest, RefusesRecordsWithMissingOrMistypedFields) {
  const std::string good = record_json(sample("x"));
  ASSERT_TRUE(scan_record(good));
  const auto replaced = [&](const std::string& from, const std::string& to) {
    std::string s = good;
    const size_t at = s.find(from);
    EXPECT_NE(at, std::string::npos) << from;
    return s.replace(at, from.size(), to);
  };
  for (const std::string& bad : {
           replaced("\"seq\":42", "\"seq\":\"42\""),
           replaced("\"seq\":42", "\"seq\":42.0"),
           replaced("\"seq\":42", "\"seq\":99999999999999999999"),
           replaced("\"seq\":42", "\"sez\":42"),
           replaced("\"id\":\"", "\"id\":1,\"x\":\""),
           replaced("\"action\":\"check\"", "\"action\":null"),
           replaced("\"request_id\":\"r1\"", "\"request_id\":[]"),
           replaced("\"org\":", "\"orgs\":"),
           replaced("\"role\":\"admin\"", "\"role\":1"),
           replaced("\"action\":\"block\"", "\"action\":\"explode\""),
           replaced("\"details\":{", "\"details\":[{"),  // also breaks the grammar
           replaced("\"policy\":{", "\"policy\":\"x\",\"p\":{"),
           replaced("\"input\":null", "\"input\":false"),
           replaced("\"prev_hash\":", "\"seq\":1,\"prev_hash\":"),  // duplicate key
           good.substr(0, good.size() - 1),
           good + "\n{}",
           std::string("[") + good + "]",
       }) {
    EXPECT_FALSE(scan_record(bad)) << bad;
  }
}

}  // namespace
}  // namespace novacrm::audit::scan
