// no_crm_contact_data: the workspace's own contacts found in a prompt, whatever the case,
// accents and formatting; never a look-alike; never the clear value in a finding.
#include <gtest/gtest.h>

#include "compliance/detect/fold.hpp"
#include "compliance/rules/builtin.hpp"

namespace novacrm::compliance {
namespace {

const Rule& rule() {
  static const std::unique_ptr<Rule> kRule = [] {
    RuleConfig config;
    config.key = kCrmContactRuleKey;
    config.contacts = {{"Hélène Dupré", "helene.dupre@acme.fr", "+33612345678"},
                       {"Jean-Pierre Martin", "", ""},
                       {"Cher", "cher@music.example", ""}};
    return make_crm_contact_rule(config).value();
  }();
  return *kRule;
}

std::vector<Finding> scan(std::string_view text) {
  std::vector<Finding> out;
  rule().analyze(text, ScanContext{}, out);
  return out;
}

struct Case {
  const char* text;
  const char* entity;  // nullptr: nothing
  const char* value;   // the exact bytes the span must cover
};

class CrmContacts : public ::testing::TestWithParam<Case> {};

TEST_P(CrmContacts, FindsStoredContactsOnly) {
  const auto found = scan(GetParam().text);
  if (GetParam().entity == nullptr) {
    EXPECT_TRUE(found.empty()) << GetParam().text << " -> " << found.front().entity;
    return;
  }
  ASSERT_EQ(found.size(), 1U) << GetParam().text;
  EXPECT_EQ(found[0].entity, GetParam().entity);
  const std::string_view text = GetParam().text;
  EXPECT_EQ(text.substr(found[0].span.begin, found[0].span.end - found[0].span.begin),
            GetParam().value);
  EXPECT_EQ(found[0].excerpt.find(GetParam().value), std::string::npos);
}

INSTANTIATE_TEST_SUITE_P(
    Table, CrmContacts,
    ::testing::Values(Case{"Call Hélène Dupré tomorrow", "contact_name", "Hélène Dupré"},
                      Case{"call helene DUPRE tomorrow", "contact_name", "helene DUPRE"},
                      Case{"dossier DUPRÉ Hélène", "contact_name", "DUPRÉ Hélène"},
                      Case{"Dupre, Helene asked", "contact_name", "Dupre, Helene"},
                      Case{"ping jean-pierre martin", "contact_name", "jean-pierre martin"},
                      Case{"Jean-Pierre Martin.", "contact_name", "Jean-Pierre Martin"},
                      Case{"write to Helene.Dupre@ACME.fr now", "contact_email",
                           "Helene.Dupre@ACME.fr"},
                      Case{"tel 06 12 34 56 78", "contact_phone", "06 12 34 56 78"},
                      Case{"tel +33 (0)6.12.34.56.78", "contact_phone", "+33 (0)6.12.34.56.78"},
                      Case{"Hélène alone is not enough", nullptr, nullptr},
                      Case{"Hélène Dupréville is someone else", nullptr, nullptr},
                      Case{"Cher is a one-word name: never matched alone", nullptr, nullptr},
                      Case{"other.person@acme.fr", nullptr, nullptr},
                      Case{"tel 06 99 34 56 78", nullptr, nullptr},
                      Case{"Hélène\nDupré on two lines", nullptr, nullptr}));

TEST(CrmContacts, EmptyDictionaryFindsNothing) {
  RuleConfig config;
  config.key = kCrmContactRuleKey;
  auto r = make_crm_contact_rule(config);
  ASSERT_TRUE(r.ok());
  std::vector<Finding> out;
  (*r)->analyze("Hélène Dupré helene.dupre@acme.fr", ScanContext{}, out);
  EXPECT_TRUE(out.empty());
}

TEST(CrmContacts, ExcerptKeepsFirstLettersOnly) {
  const auto found = scan("Hélène Dupré");
  ASSERT_EQ(found.size(), 1U);
  EXPECT_EQ(found[0].excerpt, "H***** D****");
  EXPECT_EQ(found[0].severity, Severity::kHigh);
}

TEST(Fold, LowersAndStripsAccentsKeepingOffsets) {
  const std::string text = "À bientôt, Œuvre STRAßE l’été";
  const detect::Folded f = detect::fold(text);
  EXPECT_EQ(f.text, "a bientot, oeuvre strasse l'ete");
  const size_t at = f.text.find("strasse");
  EXPECT_EQ(text.substr(f.begin_of(at), f.end_of(at + 7, text) - f.begin_of(at)), "STRAßE");
  EXPECT_EQ(detect::fold_text("ĞÜŞİÖÇ ñ"), "gusioc n");
}

}  // namespace
}  // namespace novacrm::compliance
