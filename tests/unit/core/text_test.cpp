#include "core/text.hpp"

#include <gtest/gtest.h>

namespace novacrm::core {
namespace {

TEST(Utf8, AcceptsAsciiAndMultibyte) {
  EXPECT_TRUE(is_valid_utf8("plain"));
  EXPECT_TRUE(
      is_valid_utf8("H\xC3\xA9lo\xC3\xAF"
                    "se"));                        // Héloïse
  EXPECT_TRUE(is_valid_utf8("\xE2\x82\xAC"));      // €
  EXPECT_TRUE(is_valid_utf8("\xF0\x9F\x98\x80"));  // emoji
  EXPECT_TRUE(is_valid_utf8(""));
}

TEST(Utf8, RejectsMalformedSequences) {
  EXPECT_FALSE(is_valid_utf8("\xFF"));
  EXPECT_FALSE(is_valid_utf8("\xC3"));              // truncated
  EXPECT_FALSE(is_valid_utf8("\xC0\xAF"));          // overlong '/'
  EXPECT_FALSE(is_valid_utf8("\xED\xA0\x80"));      // surrogate
  EXPECT_FALSE(is_valid_utf8("\xF4\x90\x80\x80"));  // past U+10FFFF
  EXPECT_FALSE(is_valid_utf8("a\x80z"));            // lone continuation
}

TEST(Mask, EmailKeepsFirstLettersAndTld) {
  EXPECT_EQ(mask_email("nobody@example.com"), "n***@e******.com");
  EXPECT_EQ(mask_email("j@ex"), "j***@e*");
  EXPECT_EQ(mask_email("no-at-sign"), "n********");
}

TEST(Mask, PhoneKeepsPrefixAndLastTwoDigits) {
  EXPECT_EQ(mask_phone("+33612345678"), "+33*******78");
  EXPECT_EQ(mask_phone("123"), "***");
}

TEST(Mask, GenericNeverSplitsACodePoint) {
  EXPECT_EQ(mask_generic("\xC3\xA9t\xC3\xA9"), "\xC3\xA9**");
  EXPECT_EQ(mask_generic(""), "");
  EXPECT_EQ(mask_generic("averyveryverylongsecret"), "a********");
}

TEST(Text, TrimSplitLower) {
  EXPECT_EQ(trim("  a b \r\n"), "a b");
  EXPECT_EQ(to_lower_ascii("MiXeD"), "mixed");
  EXPECT_EQ(split("a;;b", ';'), (std::vector<std::string>{"a", "", "b"}));
}

TEST(TextTest, Utf8PrefixNeverCutsASequence) {
  EXPECT_EQ(utf8_prefix("abc", 10), "abc");
  EXPECT_EQ(utf8_prefix("abc", 2), "ab");
  EXPECT_EQ(utf8_prefix("a\xc3\xa9", 2), "a");  // é is two bytes
  EXPECT_EQ(utf8_prefix("a\xc3\xa9", 3), "a\xc3\xa9");
  EXPECT_EQ(utf8_prefix("\xf0\x9f\x98\x80z", 3), "");  // an emoji is four
  EXPECT_EQ(utf8_prefix("", 0), "");
}

TEST(TextTest, PlainTokensAreShortAndOfASmallAlphabet) {
  EXPECT_TRUE(is_plain_token("ci-run.42_a", 64));
  EXPECT_TRUE(is_plain_token("app.js", 64));
  EXPECT_FALSE(is_plain_token("", 64));
  EXPECT_FALSE(is_plain_token("a/b", 64));
  EXPECT_FALSE(is_plain_token("has space", 64));
  EXPECT_FALSE(is_plain_token("\xc3\xa9", 64));
  EXPECT_FALSE(is_plain_token(std::string(65, 'a'), 64));
  EXPECT_TRUE(is_plain_token(std::string(64, 'a'), 64));
}

}  // namespace
}  // namespace novacrm::core
