// redact(): each mode, byte-for-byte preservation of everything outside the findings, merging of
// unsorted and overlapping findings, pseudonym stability and key handling, spans that do not fit.
#include "compliance/redact.hpp"

#include <gtest/gtest.h>
#include <sodium.h>

#include <array>
#include <cctype>
#include <regex>
#include <string>
#include <utility>
#include <vector>

#include "core/text.hpp"

namespace novacrm::compliance {
namespace {

const std::string kKey = "0123456789abcdef0123456789abcdef";  // 32 bytes
const std::string kOtherKey = "fedcba9876543210fedcba9876543210";

// A finding over the first occurrence of `value` in `text`.
Finding at(std::string_view text, std::string_view value, std::string entity,
           std::string excerpt = "x***") {
  const size_t begin = text.find(value);
  EXPECT_NE(begin, std::string_view::npos) << value;
  Finding f;
  f.rule = "no_pii_in_prompts";
  f.entity = std::move(entity);
  f.span = span_of(text, begin, begin + value.size());
  f.excerpt = std::move(excerpt);
  return f;
}

Finding span(size_t begin, size_t end, std::string entity, std::string excerpt = "x***") {
  Finding f;
  f.rule = "no_pii_in_prompts";
  f.entity = std::move(entity);
  f.span = Span{begin, end, 1, begin + 1, begin + 1};
  f.excerpt = std::move(excerpt);
  return f;
}

std::string redacted(std::string_view text, const std::vector<Finding>& findings, RedactMode mode,
                     std::string_view key = kKey) {
  auto r = redact(text, findings, mode, key);
  EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().describe());
  return r.ok() ? *r : std::string();
}

// The pseudonym computed independently, with libsodium's one-shot HMAC.
std::string expected_pseudonym(std::string_view key, const std::string& entity,
                               std::string_view value) {
  EXPECT_GE(sodium_init(), 0);
  std::string message = entity;
  message.push_back('\0');
  message.append(value);
  std::array<unsigned char, crypto_auth_hmacsha256_BYTES> mac{};
  crypto_auth_hmacsha256_state state;
  crypto_auth_hmacsha256_init(&state, reinterpret_cast<const unsigned char*>(key.data()),
                              key.size());
  crypto_auth_hmacsha256_update(&state, reinterpret_cast<const unsigned char*>(message.data()),
                                message.size());
  crypto_auth_hmacsha256_final(&state, mac.data());
  std::array<char, 17> hex{};
  sodium_bin2hex(hex.data(), hex.size(), mac.data(), 8);
  std::string label;
  for (char c : entity) label.push_back(static_cast<char>(std::toupper(c)));
  return "[" + label + ":" + std::string(hex.data(), 16) + "]";
}

TEST(RedactMode, NamesRoundTripAndUnknownNamesAreRefused) {
  for (RedactMode m :
       {RedactMode::kMask, RedactMode::kPartial, RedactMode::kPseudonym, RedactMode::kRemove}) {
    EXPECT_EQ(parse_redact_mode(to_string(m)), m);
  }
  EXPECT_EQ(to_string(RedactMode::kPseudonym), "pseudonym");
  EXPECT_EQ(parse_redact_mode("MASK"), std::nullopt);
  EXPECT_EQ(parse_redact_mode(""), std::nullopt);
  EXPECT_EQ(parse_redact_mode("hash"), std::nullopt);
}

TEST(Redact, MaskReplacesEachFindingWithItsEntityUpperCased) {
  const std::string text = "mail jane@example.com, card 4111 1111 1111 1111.";
  const auto out = redacted(
      text,
      {at(text, "jane@example.com", "email"), at(text, "4111 1111 1111 1111", "payment_card")},
      RedactMode::kMask);
  EXPECT_EQ(out, "mail [EMAIL], card [PAYMENT_CARD].");
}

TEST(Redact, PartialReplacesEachFindingWithItsExcerpt) {
  const std::string text = "mail jane@example.com now";
  const auto out = redacted(text, {at(text, "jane@example.com", "email", "j***@e******.com")},
                            RedactMode::kPartial);
  EXPECT_EQ(out, "mail j***@e******.com now");
}

TEST(Redact, PartialFallsBackToTheMaskWhenAnExcerptIsEmpty) {
  const std::string text = "mail jane@example.com now";
  EXPECT_EQ(redacted(text, {at(text, "jane@example.com", "email", "")}, RedactMode::kPartial),
            "mail [EMAIL] now");
}

TEST(Redact, RemoveDropsTheBytes) {
  const std::string text = "mail jane@example.com now";
  EXPECT_EQ(redacted(text, {at(text, "jane@example.com", "email")}, RedactMode::kRemove),
            "mail  now");
}

TEST(Redact, PseudonymIsTheTruncatedHmacOfEntityAndValue) {
  const std::string text = "mail jane@example.com now";
  const auto out = redacted(text, {at(text, "jane@example.com", "email")}, RedactMode::kPseudonym);
  // Known answer, from Python: hmac.new(key, b"email\0jane@example.com", sha256).hexdigest()[:16]
  EXPECT_EQ(out, "mail [EMAIL:ae13520d188358c7] now");
  EXPECT_EQ(out, "mail " + expected_pseudonym(kKey, "email", "jane@example.com") + " now");
}

TEST(Redact, PseudonymIsStableForEqualValuesAndDistinctOtherwise) {
  const std::string text = "a@example.com, b@example.com, a@example.com";
  const auto out =
      redacted(text, {span(0, 13, "email"), span(15, 28, "email"), span(30, 43, "email")},
               RedactMode::kPseudonym);
  const std::regex shape(
      R"(\[EMAIL:([0-9a-f]{16})\], \[EMAIL:([0-9a-f]{16})\], \[EMAIL:([0-9a-f]{16})\])");
  std::smatch m;
  ASSERT_TRUE(std::regex_match(out, m, shape)) << out;
  EXPECT_EQ(m[1], m[3]);
  EXPECT_NE(m[1], m[2]);
  EXPECT_EQ(out,
            redacted(text, {span(30, 43, "email"), span(0, 13, "email"), span(15, 28, "email")},
                     RedactMode::kPseudonym));
}

TEST(Redact, PseudonymDependsOnTheKeyAndTheEntity) {
  const std::string text = "0612345678";
  const auto as_phone = redacted(text, {span(0, 10, "phone")}, RedactMode::kPseudonym, kKey);
  const auto other_key = redacted(text, {span(0, 10, "phone")}, RedactMode::kPseudonym, kOtherKey);
  const auto as_account = redacted(text, {span(0, 10, "account")}, RedactMode::kPseudonym, kKey);
  EXPECT_EQ(as_phone, expected_pseudonym(kKey, "phone", text));
  EXPECT_EQ(other_key, expected_pseudonym(kOtherKey, "phone", text));
  EXPECT_NE(as_phone.substr(7), other_key.substr(7));
  EXPECT_NE(as_phone.substr(7), as_account.substr(9));
}

TEST(Redact, PseudonymWithoutAKeyIsBadInputNamingKeyFile) {
  for (std::string_view key : {std::string_view(), std::string_view(kKey).substr(0, 31)}) {
    // Refused even with nothing to replace: the caller's configuration is wrong either way.
    for (const std::string text : {"", "mail jane@example.com"}) {
      auto r = redact(text, {}, RedactMode::kPseudonym, key);
      ASSERT_FALSE(r.ok());
      EXPECT_EQ(r.error().code, core::ErrorCode::kBadInput);
      EXPECT_EQ(r.error().input, "--key-file");
    }
  }
  EXPECT_TRUE(redact("x", {}, RedactMode::kPseudonym, std::string(32, 'k')).ok());
}

TEST(Redact, OtherModesNeedNoKey) {
  const std::string text = "mail jane@example.com";
  for (RedactMode m : {RedactMode::kMask, RedactMode::kPartial, RedactMode::kRemove}) {
    EXPECT_TRUE(redact(text, {at(text, "jane@example.com", "email")}, m).ok()) << to_string(m);
    EXPECT_TRUE(redact(text, {at(text, "jane@example.com", "email")}, m, "short").ok());
  }
}

// Everything outside the findings survives every mode byte for byte: CRLF, tabs, trailing
// spaces, multibyte characters touching a finding, no final newline.
TEST(Redact, PreservesEveryByteOutsideTheFindingsInEveryMode) {
  const std::string before =
      "H\xC3\xA9l\xC3\xA8ne\t\xC3\xA9"
      "crit \xC2\xAB";                                                    // Hélène\técrit «
  const std::string between = "\xC2\xBB  \r\n\tt\xC3\xA9l.\xE2\x82\xAC";  // »  \r\n\ttél.€
  const std::string after = "\xF0\x9F\x98\x80 fin  \r\n\r\n  ";           // 😀 fin ...
  const std::string email = "jane@example.com";
  const std::string phone = "+33 6 12 34 56 78";
  const std::string text = before + email + between + phone + after;
  const std::vector<Finding> findings = {at(text, phone, "phone", "+33************78"),
                                         at(text, email, "email", "j***@e******.com")};
  const std::array<std::pair<RedactMode, std::pair<std::string, std::string>>, 4> cases = {{
      {RedactMode::kMask, {"[EMAIL]", "[PHONE]"}},
      {RedactMode::kPartial, {"j***@e******.com", "+33************78"}},
      {RedactMode::kPseudonym,
       {expected_pseudonym(kKey, "email", email), expected_pseudonym(kKey, "phone", phone)}},
      {RedactMode::kRemove, {"", ""}},
  }};
  for (const auto& [mode, with] : cases) {
    const auto out = redacted(text, findings, mode);
    EXPECT_EQ(out, before + with.first + between + with.second + after) << to_string(mode);
    EXPECT_TRUE(core::is_valid_utf8(out)) << to_string(mode);
  }
}

TEST(Redact, FindingsAtTheStartAndTheEndOfTheText) {
  const std::string text = "jane@example.com\r\n0612345678";
  EXPECT_EQ(redacted(text, {span(18, 28, "phone"), span(0, 16, "email")}, RedactMode::kMask),
            "[EMAIL]\r\n[PHONE]");
  EXPECT_EQ(redacted(text, {span(18, 28, "phone"), span(0, 16, "email")}, RedactMode::kRemove),
            "\r\n");
  EXPECT_EQ(redacted("0612345678", {span(0, 10, "phone")}, RedactMode::kMask), "[PHONE]");
}

TEST(Redact, AdjacentFindingsStaySeparate) {
  const std::string text = "<jane@example.com0612345678>";
  EXPECT_EQ(redacted(text, {span(17, 27, "phone"), span(1, 17, "email")}, RedactMode::kMask),
            "<[EMAIL][PHONE]>");
}

TEST(Redact, OverlappingFindingsMergeUnderTheEarliestStart) {
  const std::string text = "key=AKIA2E0A8F3B244C9986 end";
  // [4, 24) and [8, 28): one region [4, 28) named by the earlier one.
  const std::vector<Finding> findings = {span(8, 28, "high_entropy", "h***"),
                                         span(4, 24, "aws_access_key_id", "AKIA********")};
  EXPECT_EQ(redacted(text, findings, RedactMode::kMask), "key=[AWS_ACCESS_KEY_ID]");
  EXPECT_EQ(redacted(text, findings, RedactMode::kPartial), "key=AKIA********");
  EXPECT_EQ(redacted(text, findings, RedactMode::kRemove), "key=");
  EXPECT_EQ(redacted(text, findings, RedactMode::kPseudonym),
            "key=" + expected_pseudonym(kKey, "aws_access_key_id", text.substr(4)));
}

TEST(Redact, ContainedAndDuplicateFindingsMergeIntoTheOuterOne) {
  const std::string text = "to jane@example.com.";
  const std::vector<Finding> findings = {span(8, 15, "domain"), span(3, 19, "email"),
                                         span(3, 19, "email")};
  EXPECT_EQ(redacted(text, findings, RedactMode::kMask), "to [EMAIL].");
}

TEST(Redact, OnATiedStartTheLongerFindingNamesTheRegion) {
  const std::string text = "x 4111111111111111 y";
  EXPECT_EQ(redacted(text, {span(2, 6, "pin"), span(2, 18, "payment_card")}, RedactMode::kMask),
            "x [PAYMENT_CARD] y");
}

TEST(Redact, ChainedOverlapsMergeTransitively) {
  const std::string text = "0123456789";
  EXPECT_EQ(redacted(text, {span(6, 9, "c"), span(1, 4, "a"), span(3, 7, "b")}, RedactMode::kMask),
            "0[A]9");
}

TEST(Redact, NoFindingsReturnsTheTextUnchanged) {
  const std::string text = "plain \r\n\ttext \xC3\xA9  ";
  for (RedactMode m :
       {RedactMode::kMask, RedactMode::kPartial, RedactMode::kPseudonym, RedactMode::kRemove}) {
    EXPECT_EQ(redacted(text, {}, m), text);
    EXPECT_EQ(redacted("", {}, m), "");
  }
}

TEST(Redact, EmptySpansAreIgnored) {
  EXPECT_EQ(redacted("abc", {span(1, 1, "email"), span(3, 3, "email")}, RedactMode::kMask), "abc");
}

TEST(Redact, ASpanCuttingAUtf8CharacterIsWidenedToWholeCharacters) {
  const std::string text = "a\xC3\xA9\xE2\x82\xAC z";  // aé€ z
  // [2, 4) starts inside é and ends inside €: widened to [1, 6).
  const auto out = redacted(text, {span(2, 4, "name")}, RedactMode::kMask);
  EXPECT_EQ(out, "a[NAME] z");
  EXPECT_TRUE(core::is_valid_utf8(out));
}

TEST(Redact, ASpanOutsideTheTextIsBadInputAndNamesNoValue) {
  const std::string text = "mail jane@example.com";
  for (const Finding& f : {span(5, 22, "email"), span(30, 40, "email"), span(9, 5, "email")}) {
    auto r = redact(text, {at(text, "mail", "word"), f}, RedactMode::kMask);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, core::ErrorCode::kBadInput);
    EXPECT_EQ(r.error().describe().find("jane"), std::string::npos) << r.error().describe();
  }
  EXPECT_TRUE(redact(text, {span(5, 21, "email")}, RedactMode::kMask).ok());
}

}  // namespace
}  // namespace novacrm::compliance
