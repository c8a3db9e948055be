#include "crm/validation.hpp"

#include <gtest/gtest.h>

#include "crm/phone.hpp"

namespace novacrm::crm {
namespace {

TEST(Email, LowerCasesAndAcceptsCommonForms) {
  EXPECT_EQ(normalize_email("  Ada.Lovelace+crm@Example.CO.uk ").value(),
            "ada.lovelace+crm@example.co.uk");
}

TEST(Email, RejectsMalformedAddressesWithAMaskedValue) {
  for (const char* bad : {"", "plain", "a@b", "a@@b.com", "a@b..com", ".a@b.com", "a@-b.com",
                          "a b@c.com", "a@b.c0m", "a@b.c"}) {
    auto r = normalize_email(bad);
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_EQ(r.error().input, "email");
  }
  auto r = normalize_email("nobody@example");
  EXPECT_EQ(r.error().message, "\"n***@e******\" is not a valid email address");
}

TEST(Names, TrimmedNonEmptyNoControls) {
  EXPECT_EQ(normalize_name("  Ada ", "first_name").value(), "Ada");
  EXPECT_FALSE(normalize_name("   ", "first_name").ok());
  EXPECT_FALSE(normalize_name("a\x01", "first_name").ok());
  EXPECT_FALSE(normalize_name("bad\xFF", "first_name").ok());
  EXPECT_FALSE(normalize_name(std::string(201, 'a'), "first_name").ok());
}

TEST(Tags, NormalisedSortedUnique) {
  EXPECT_EQ(normalize_tags({"VIP", "b2b", "vip"}).value(),
            (std::vector<std::string>{"b2b", "vip"}));
  EXPECT_FALSE(normalize_tags({"has space"}).ok());
  EXPECT_FALSE(normalize_tag("").ok());
}

TEST(LegalBasis, OnlyTheSixGdprBases) {
  EXPECT_EQ(normalize_legal_basis("Consent").value(), "consent");
  EXPECT_EQ(legal_bases().size(), 6U);
  auto r = normalize_legal_basis("because");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("legitimate_interests"), std::string::npos);
}

TEST(Domain, BareHostNames) {
  EXPECT_EQ(normalize_domain("Acme.EXAMPLE.com").value(), "acme.example.com");
  EXPECT_FALSE(normalize_domain("http://acme.com").ok());
  EXPECT_FALSE(normalize_domain("localhost").ok());
}

TEST(Notes, Utf8AndBounded) {
  EXPECT_TRUE(normalize_notes("multi\nline").ok());
  EXPECT_FALSE(normalize_notes("bad\xC3").ok());
  EXPECT_FALSE(normalize_notes(std::string(10001, 'x')).ok());
}

struct PhoneCase {
  const char* raw;
  const char* e164;
};

class PhoneNormalisation : public ::testing::TestWithParam<PhoneCase> {};

TEST_P(PhoneNormalisation, ToE164) {
  auto r = normalize_phone(GetParam().raw);
  ASSERT_TRUE(r.ok()) << r.error().describe();
  EXPECT_EQ(*r, GetParam().e164);
}

INSTANTIATE_TEST_SUITE_P(FrenchAndInternational, PhoneNormalisation,
                         ::testing::Values(PhoneCase{"06 12 34 56 78", "+33612345678"},
                                           PhoneCase{"06.12.34.56.78", "+33612345678"},
                                           PhoneCase{"+33 (0)6 12 34 56 78", "+33612345678"},
                                           PhoneCase{"0033 1 42 68 53 00", "+33142685300"},
                                           PhoneCase{"+1 415-555-2671", "+14155552671"},
                                           PhoneCase{"+44 20 7946 0958", "+442079460958"}),
                         [](const ::testing::TestParamInfo<PhoneCase>& info) {
                           return "case" + std::to_string(info.index);
                         });

TEST(Phone, RejectsNonNumbersWithMaskedValue) {
  for (const char* bad :
       {"", "abc", "123", "+33 6 12", "06 12 34 56 78 90 12 34 56 78 90 12 34 56 78 90 12 34 56"}) {
    auto r = normalize_phone(bad);
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_EQ(r.error().code, core::ErrorCode::kBadInput);
    EXPECT_EQ(r.error().message.find("12 34"), std::string::npos);
  }
}

}  // namespace
}  // namespace novacrm::crm
