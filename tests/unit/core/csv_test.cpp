#include "core/csv.hpp"

#include <gtest/gtest.h>

namespace novacrm::core {
namespace {

TEST(Csv, ParsesQuotedFieldsEscapesAndEmbeddedNewlines) {
  auto r = parse_csv("a,b\r\n\"x, y\",\"say \"\"hi\"\"\nthere\"\n", "f.csv");
  ASSERT_TRUE(r.ok()) << r.error().describe();
  ASSERT_EQ(r->size(), 2U);
  EXPECT_EQ((*r)[1].fields, (std::vector<std::string>{"x, y", "say \"hi\"\nthere"}));
  EXPECT_EQ((*r)[1].line, 2U);
}

TEST(Csv, SkipsBlankLinesAndBomAndCountsLines) {
  auto r = parse_csv("\xEF\xBB\xBFh\n\nv1\nv2", "f.csv");
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r->size(), 3U);
  EXPECT_EQ((*r)[0].fields[0], "h");
  EXPECT_EQ((*r)[1].line, 3U);
  EXPECT_EQ((*r)[2].line, 4U);
}

TEST(Csv, UnterminatedQuoteNamesTheLineWhereItOpened) {
  auto r = parse_csv("a,b\n1,2\n3,\"open\nmore\n", "c.csv");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().input, "c.csv:3");
  EXPECT_EQ(r.error().code, ErrorCode::kBadInput);
}

TEST(Csv, RejectsTextAfterClosingQuoteAndStrayQuotes) {
  EXPECT_FALSE(parse_csv("\"a\"b\n", "f").ok());
  EXPECT_FALSE(parse_csv("a\"b\n", "f").ok());
  EXPECT_FALSE(parse_csv("a\rb\n", "f").ok());
}

TEST(Csv, InvalidUtf8NamesTheRecordLine) {
  auto r = parse_csv("h\nok\nbad\xFF\n", "u.csv");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().input, "u.csv:3");
}

TEST(Csv, FieldQuotingRoundTrips) {
  EXPECT_EQ(csv_field("plain"), "plain");
  EXPECT_EQ(csv_field("a,b"), "\"a,b\"");
  EXPECT_EQ(csv_field("q\"q"), "\"q\"\"q\"");
  const std::string line = csv_field("x\ny") + "," + csv_field(" lead") + "\n";
  auto r = parse_csv(line, "f");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ((*r)[0].fields, (std::vector<std::string>{"x\ny", " lead"}));
}

}  // namespace
}  // namespace novacrm::core
