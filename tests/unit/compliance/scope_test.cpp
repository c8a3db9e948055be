// scope_check on its own: topics, client names and data domains a restriction forbids, matched
// case- and accent-insensitively on word boundaries; which restrictions apply to an org and role;
// spans in the original bytes; the error for an unknown domain.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "compliance/rules/builtin.hpp"

namespace novacrm::compliance {
namespace {

ScopeRestriction restriction(std::string org, std::string role, std::vector<std::string> topics,
                             std::vector<std::string> clients, std::vector<std::string> domains) {
  ScopeRestriction r;
  r.org = std::move(org);
  r.role = std::move(role);
  r.topics = std::move(topics);
  r.clients = std::move(clients);
  r.domains = std::move(domains);
  return r;
}

std::unique_ptr<Rule> make_rule(std::vector<ScopeRestriction> restrictions) {
  RuleConfig config;
  config.key = kScopeRuleKey;
  config.scope.restrictions = std::move(restrictions);
  return make_scope_rule(config).value();
}

// Everything forbidden to everyone: the vocabulary tests.
const Rule& rule() {
  static const std::unique_ptr<Rule> kRule = make_rule(
      {restriction("*", "*", {"merger", "Project Falcon", "layoff plan"},
                   {"Acme", "Société Générale", "L'Oréal"},
                   {"health", "finance", "hr", "legal", "politics_religion", "biometrics"})});
  return *kRule;
}

std::vector<Finding> findings(std::string_view text, const Rule& r = rule(),
                              const ScanContext& context = ScanContext{"acme", "analyst"}) {
  std::vector<Finding> out;
  r.analyze(text, context, out);
  return out;
}

std::string spanned(std::string_view text, const Finding& f) {
  return std::string(text.substr(f.span.begin, f.span.end - f.span.begin));
}

struct Case {
  const char* text;
  const char* entity;
  const char* excerpt;  // the policy's or the vocabulary's word
  const char* phrase;   // the span's text
};

class ScopeFinding : public ::testing::TestWithParam<Case> {};

TEST_P(ScopeFinding, ReportsThePolicyWordOverTheWrittenSpan) {
  const Case& c = GetParam();
  const auto found = findings(c.text);
  ASSERT_EQ(found.size(), 1U) << c.text;
  EXPECT_EQ(found[0].rule, kScopeRuleKey);
  EXPECT_EQ(found[0].entity, c.entity) << c.text;
  EXPECT_EQ(found[0].excerpt, c.excerpt) << c.text;
  EXPECT_EQ(found[0].severity, Severity::kHigh);
  EXPECT_EQ(spanned(c.text, found[0]), c.phrase) << c.text;
}

INSTANTIATE_TEST_SUITE_P(
    TopicsAndClients, ScopeFinding,
    ::testing::Values(
        Case{"What is the status of the merger?", "forbidden_topic", "merger", "merger"},
        Case{"List the mergers announced this year", "forbidden_topic", "merger", "mergers"},
        Case{"Any news on project   falcon?", "forbidden_topic", "Project Falcon",
             "project   falcon"},
        Case{"Draft the layoff-plan memo", "forbidden_topic", "layoff plan", "layoff-plan"},
        Case{"Summarise the Acme renewal", "restricted_client", "Acme", "Acme"},
        Case{"Tell me about ACME's renewal", "restricted_client", "Acme", "ACME"},
        Case{"Compare Acme-Corp offers", "restricted_client", "Acme", "Acme"},
        Case{"Parle-moi de la SOCIETE GENERALE", "restricted_client", "Société Générale",
             "SOCIETE GENERALE"},
        Case{"Le contrat de Société Générale.", "restricted_client", "Société Générale",
             "Société Générale"},
        Case{"Budget de L’Oréal pour 2025", "restricted_client", "L'Oréal", "L’Oréal"},
        Case{"Acme\u2014the biggest account", "restricted_client", "Acme", "Acme"}));

INSTANTIATE_TEST_SUITE_P(
    Domains, ScopeFinding,
    ::testing::Values(
        Case{"What was her diagnosis?", "restricted_domain", "diagnosis", "diagnosis"},
        Case{"Check his medical records", "restricted_domain", "medical record", "medical records"},
        Case{"Le dossier médical du client", "restricted_domain", "dossier médical",
             "dossier médical"},
        Case{"Le dossier medical du client", "restricted_domain", "dossier médical",
             "dossier medical"},
        Case{"Il est en arrêt-maladie", "restricted_domain", "arrêt maladie", "arrêt-maladie"},
        Case{"Quel est son état de santé ?", "restricted_domain", "état de santé", "état de santé"},
        Case{"What is his salary?", "restricted_domain", "salary", "salary"},
        Case{"Son SALAIRE a augmenté", "restricted_domain", "salaire", "SALAIRE"},
        Case{"Show the revenue per client", "restricted_domain", "revenue per client",
             "revenue per client"},
        Case{"Pull her credit score", "restricted_domain", "credit score", "credit score"},
        Case{"Prepare his performance review", "restricted_domain", "performance review",
             "performance review"},
        Case{"Prépare l'évaluation annuelle", "restricted_domain", "évaluation annuelle",
             "évaluation annuelle"},
        Case{"Le licenciement de Paul", "restricted_domain", "licenciement", "licenciement"},
        Case{"Is there a lawsuit?", "restricted_domain", "lawsuit", "lawsuit"},
        Case{"Les litiges en cours", "restricted_domain", "litige", "litiges"},
        Case{"Le procès contre Globex", "restricted_domain", "procès", "procès"},
        Case{"What is his political opinion?", "restricted_domain", "political opinion",
             "political opinion"},
        Case{"Est-il membre d'un syndicat ?", "restricted_domain", "syndicat", "syndicat"},
        Case{"Quelle est sa religion", "restricted_domain", "religion", "religion"},
        Case{"Store the fingerprints", "restricted_domain", "fingerprint", "fingerprints"},
        Case{"Ses empreintes digitales", "restricted_domain", "empreintes digitales",
             "empreintes digitales"},
        Case{"Run a face scan at the door", "restricted_domain", "face scan", "face scan"}));

class OutOfScope : public ::testing::TestWithParam<const char*> {};

TEST_P(OutOfScope, IsNotReported) {
  const auto found = findings(GetParam());
  EXPECT_TRUE(found.empty()) << GetParam() << " -> " << found.front().excerpt;
}

INSTANTIATE_TEST_SUITE_P(
    WordBoundariesAndLookAlikes, OutOfScope,
    ::testing::Values("Acmeville is a nice town", "Acme2 is a test tenant", "acme_corp",
                      "Acmes are not a thing", "The mergersaurus", "Empreinte carbone du site",
                      "Le procès-verbal de la réunion", "Le diagnostic réseau est OK",
                      "Summarise the Q3 pipeline for Globex", "Rédige une relance pour Initech",
                      "Je suis prêt pour la réunion", "A good process for onboarding",
                      "Spare ribs for the team lunch", "Assignation des tâches de la semaine"));

TEST(ScopeRule, LongestTermWinsAtOnePlace) {
  const auto found = findings("arrêt maladie");
  ASSERT_EQ(found.size(), 1U);
  EXPECT_EQ(found[0].excerpt, "arrêt maladie");
}

TEST(ScopeRule, EveryForbiddenTermInATextIsReportedInOrder) {
  const std::string text = "Acme merger: check the CFO's salary";
  const auto found = findings(text);
  ASSERT_EQ(found.size(), 3U);
  EXPECT_EQ(found[0].entity, "restricted_client");
  EXPECT_EQ(found[1].entity, "forbidden_topic");
  EXPECT_EQ(found[2].entity, "restricted_domain");
  EXPECT_EQ(spanned(text, found[2]), "salary");
}

TEST(ScopeRule, SpanIsInOriginalBytes) {
  const std::string text = "Zoé écrit :\nle dossier médical de Zoé";
  const auto found = findings(text);
  ASSERT_EQ(found.size(), 1U);
  EXPECT_EQ(found[0].span.begin, text.find("dossier"));
  EXPECT_EQ(found[0].span.end, text.find(" de Zoé"));
}

TEST(ScopeRule, DecomposedAccentsAreFoldedAndStayInTheSpan) {
  const std::string text = "son dossier me\u0301dical";  // e + U+0301 COMBINING ACUTE ACCENT
  const auto found = findings(text);
  ASSERT_EQ(found.size(), 1U);
  EXPECT_EQ(spanned(text, found[0]), "dossier me\u0301dical");
}

TEST(ScopeRule, SharpSAndLigaturesFold) {
  const auto r = make_rule({restriction("*", "*", {"Strasse", "oeuvre"}, {}, {})});
  EXPECT_EQ(findings("Die Straße ist gesperrt", *r).size(), 1U);
  EXPECT_EQ(findings("Une œuvre d'art", *r).size(), 1U);
}

struct Who {
  std::string org;
  std::string role;
  bool restricted;
};

class ScopeApplies : public ::testing::TestWithParam<Who> {};

TEST_P(ScopeApplies, OnlyToTheRestrictionsOrgAndRole) {
  const auto r = make_rule({restriction("acme", "analyst", {}, {"Globex"}, {}),
                            restriction("*", "viewer", {"merger"}, {}, {}),
                            restriction("initech", "*", {}, {}, {"finance"})});
  const Who& w = GetParam();
  const auto found = findings("Globex merger and salary", *r, ScanContext{w.org, w.role});
  std::string got;
  for (const Finding& f : found) got += (got.empty() ? "" : ",") + f.excerpt;
  EXPECT_EQ(!found.empty(), w.restricted) << w.org << "/" << w.role << " -> " << got;
}

INSTANTIATE_TEST_SUITE_P(
    OrgAndRole, ScopeApplies,
    ::testing::Values(Who{"acme", "analyst", true}, Who{"acme", "admin", false},
                      Who{"globex", "analyst", false}, Who{"globex", "viewer", true},
                      Who{"acme", "viewer", true}, Who{"initech", "admin", true},
                      Who{"umbrella", "manager", false}));

TEST(ScopeRule, OnlyTheTermsOfApplyingRestrictionsAreReported) {
  const auto r = make_rule({restriction("acme", "analyst", {}, {"Globex"}, {}),
                            restriction("*", "viewer", {"merger"}, {}, {}),
                            restriction("initech", "*", {}, {}, {"finance"})});
  const auto found = findings("Globex merger and salary", *r, ScanContext{"acme", "viewer"});
  ASSERT_EQ(found.size(), 1U);
  EXPECT_EQ(found[0].excerpt, "merger");
  const auto initech = findings("Globex merger and salary", *r, ScanContext{"initech", "admin"});
  ASSERT_EQ(initech.size(), 1U);
  EXPECT_EQ(initech[0].excerpt, "salary");
}

TEST(ScopeRule, NoRestrictionFindsNothing) {
  const auto r = make_rule({});
  EXPECT_TRUE(findings("Acme merger, his salary and diagnosis", *r).empty());
  EXPECT_EQ(r->key(), kScopeRuleKey);
}

TEST(ScopeRule, EmptyTermsAreIgnored) {
  const auto r = make_rule({restriction("*", "*", {"", "   "}, {""}, {})});
  EXPECT_TRUE(findings("anything at all", *r).empty());
}

TEST(ScopeRule, UnknownDomainIsBadInputNamingTheKnownOnes) {
  RuleConfig config;
  config.scope.restrictions = {restriction("*", "*", {}, {}, {"health", "astrology"})};
  const auto r = make_scope_rule(config);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, core::ErrorCode::kBadInput);
  EXPECT_EQ(r.error().input, "scope_check.domains");
  EXPECT_EQ(r.error().message,
            "unknown domain \"astrology\" (known: biometrics, finance, health, hr, legal, "
            "politics_religion)");
}

TEST(ScopeRule, DomainNamesIgnoreCase) {
  RuleConfig config;
  config.scope.restrictions = {restriction("*", "*", {}, {}, {" Health "})};
  ASSERT_TRUE(make_scope_rule(config).ok());
}

TEST(ScopeRule, PolicySeverityOverridesTheDefault) {
  RuleConfig config;
  config.severity = Severity::kMedium;
  config.scope.restrictions = {restriction("*", "*", {"merger"}, {}, {})};
  const auto r = make_scope_rule(config).value();
  const auto found = findings("the merger", *r);
  ASSERT_EQ(found.size(), 1U);
  EXPECT_EQ(found[0].severity, Severity::kMedium);
}

}  // namespace
}  // namespace novacrm::compliance
