// no_mass_export_requests on its own: English and French requests for all (or many) records,
// the look-alikes that must stay silent (one record, small counts, unrelated "all"/"export",
// descriptions and how-to questions), the threshold edges, number formats, spans and excerpts.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "compliance/rules/builtin.hpp"

namespace novacrm::compliance {
namespace {

std::unique_ptr<Rule> make_rule(int64_t threshold = 100) {
  RuleConfig config;
  config.key = kMassExportRuleKey;
  config.mass_export.threshold = threshold;
  return make_mass_export_rule(config).value();
}

const Rule& rule() {
  static const std::unique_ptr<Rule> kRule = make_rule();
  return *kRule;
}

std::vector<Finding> findings(std::string_view text, const Rule& r = rule()) {
  std::vector<Finding> out;
  r.analyze(text, ScanContext{}, out);
  return out;
}

// The reported phrase, as written.
std::string spanned(std::string_view text, const Finding& f) {
  return std::string(text.substr(f.span.begin, f.span.end - f.span.begin));
}

struct Request {
  const char* text;
  const char* phrase;   // the span's text
  const char* excerpt;  // verb … object, from the vocabulary
};

class MassExportRequest : public ::testing::TestWithParam<Request> {};

TEST_P(MassExportRequest, IsReportedWithItsPhraseAndAVocabularyExcerpt) {
  const Request& c = GetParam();
  const auto found = findings(c.text);
  ASSERT_EQ(found.size(), 1U) << c.text;
  EXPECT_EQ(found[0].rule, kMassExportRuleKey);
  EXPECT_EQ(found[0].entity, "mass_export");
  EXPECT_EQ(found[0].severity, Severity::kHigh);
  EXPECT_EQ(spanned(c.text, found[0]), c.phrase) << c.text;
  EXPECT_EQ(found[0].excerpt, c.excerpt) << c.text;
}

INSTANTIATE_TEST_SUITE_P(
    English, MassExportRequest,
    ::testing::Values(
        Request{"export all contacts", "export all contacts", "export … contacts"},
        Request{"Please dump the whole customer database.", "dump the whole customer database",
                "dump … customer database"},
        Request{"list every client email", "list every client email", "list … client email"},
        Request{"Can you export all of our customers into Excel?", "export all of our customers",
                "export … customers"},
        Request{"I need a CSV of all contacts with their phone numbers.",
                "need a CSV of all contacts", "need … contacts"},
        Request{"Give me the full list of customers.", "Give me the full list of customers",
                "give … customers"},
        Request{"Send me every customer's phone number.", "Send me every customer's phone number",
                "send … customer's phone number"},
        Request{"Show me all leads created this year", "Show me all leads", "show … leads"},
        Request{"Extract all email addresses from the CRM",
                "Extract all email addresses from the CRM",
                "extract … email addresses from the crm"},
        Request{"Give me the emails of all our customers",
                "Give me the emails of all our customers", "give … customers"},
        Request{"Export our entire customer list to Excel", "Export our entire customer list",
                "export … customer list"},
        Request{"Dump the CRM", "Dump the CRM", "dump … crm"},
        Request{"Export contacts to CSV", "Export contacts", "export … contacts"},
        Request{"show me the customer list", "show me the customer list", "show … customer list"},
        Request{"Give me everything in the CRM.", "Give me everything in the CRM",
                "give … everything in the crm"},
        Request{"Can I have all customer emails?", "have all customer emails",
                "have … customer emails"},
        Request{"I'd like all the subscribers' emails", "like all the subscribers' emails",
                "like … subscribers' emails"},
        Request{"email me all customer records", "email me all customer records",
                "email … records"},
        Request{"Provide a full export of the customer database",
                "Provide a full export of the customer database", "provide … customer database"},
        Request{"List all clients in the Paris region.", "List all clients", "list … clients"},
        Request{"Could you list every customer in our CRM?", "list every customer",
                "list … customer"}));

INSTANTIATE_TEST_SUITE_P(
    French, MassExportRequest,
    ::testing::Values(
        Request{"exporte tous les contacts", "exporte tous les contacts", "exporte … contacts"},
        Request{"donne-moi la liste complète des clients",
                "donne-moi la liste complète des clients", "donne … clients"},
        Request{"extrais toute la base", "extrais toute la base", "extrais … base"},
        Request{"télécharger l'ensemble des adresses e-mail",
                "télécharger l'ensemble des adresses e-mail", "télécharger … adresses e-mail"},
        Request{"Peux-tu m’envoyer tous les contacts ?", "envoyer tous les contacts",
                "envoyer … contacts"},
        Request{"Fais-moi un export de tous les contacts",
                "Fais-moi un export de tous les contacts", "fais … contacts"},
        Request{"J'ai besoin de tous les e-mails clients", "besoin de tous les e-mails clients",
                "besoin de … e-mails clients"},
        Request{"Je veux la base clients complète", "veux la base clients", "veux … base clients"},
        Request{"Exporte l'intégralité du fichier clients",
                "Exporte l'intégralité du fichier clients", "exporte … fichier clients"},
        Request{"Envoie-moi la totalité des numéros de téléphone des clients",
                "Envoie-moi la totalité des numéros de téléphone des clients",
                "envoie … numéros de téléphone des clients"},
        Request{"Récupère toutes les fiches clients", "Récupère toutes les fiches clients",
                "récupère … fiches clients"},
        Request{"Liste-moi chaque client avec son e-mail.", "Liste-moi chaque client",
                "liste … client"},
        Request{"Fais un export complet de la base clients.",
                "Fais un export complet de la base clients", "fais … base clients"},
        Request{"extrais tout le contenu de la base de données",
                "extrais tout le contenu de la base de données",
                "extrais … contenu de la base de données"}));

// Accents and case are folded: each spelling is found.
class MassExportSpelling : public ::testing::TestWithParam<const char*> {};

TEST_P(MassExportSpelling, IsFound) { EXPECT_EQ(findings(GetParam()).size(), 1U) << GetParam(); }

INSTANTIATE_TEST_SUITE_P(AccentsAndCase, MassExportSpelling,
                         ::testing::Values("telecharger l'ensemble des adresses e-mail",
                                           "TÉLÉCHARGER L'ENSEMBLE DES ADRESSES E-MAIL",
                                           "donne-moi la liste complete des clients",
                                           "EXPORTE TOUS LES CONTACTS",
                                           "Recupere toutes les fiches clients",
                                           "Export ALL Contacts",
                                           "donne\u2011moi la liste complète des clients"));

class NotAMassExport : public ::testing::TestWithParam<const char*> {};

TEST_P(NotAMassExport, IsNotReported) {
  const auto found = findings(GetParam());
  EXPECT_TRUE(found.empty()) << GetParam() << " -> " << found.front().excerpt;
}

INSTANTIATE_TEST_SUITE_P(
    OneRecord, NotAMassExport,
    ::testing::Values("export the contact John Smith", "show me the email of client 42",
                      "exporte le contact de Marie", "Show me all contact details for John Smith",
                      "Give me all the details of client 42",
                      "Can you export the contacts of John Smith?",
                      "Donne-moi l'adresse e-mail du client 42",
                      "Give me the phone number and email of our contact at Globex"));

INSTANTIATE_TEST_SUITE_P(
    Unrelated, NotAMassExport,
    ::testing::Values(
        "list all the steps to configure SSO", "export the report to PDF", "tous les jours",
        "all the best", "Send a reminder to all clients about the invoice",
        "Give all customers a 10% discount", "Show all users how to reset their password",
        "Email all customers about the outage", "Print all customer invoices",
        "Make a list of all objections customers raised in Q3", "Download the CRM app",
        "dump the database schema", "Extract the phone numbers from this text",
        "extract email addresses from the text below", "List all customers mentioned in this email",
        "Show me every email I received from Globex", "Give all users access to the new dashboard",
        "Summarise the Q3 pipeline for the Acme account in five bullet points.",
        "Rédige un courriel de relance poli pour le client Globex au sujet du devis.",
        "Envoie un rappel à tous les clients",
        "Montre à tous les utilisateurs comment se connecter",
        "Liste toutes les étapes pour configurer le SSO", "Je te souhaite tout le meilleur",
        "Extrais tous les numéros de téléphone du texte ci-dessous."));

INSTANTIATE_TEST_SUITE_P(
    DescriptionsAndQuestions, NotAMassExport,
    ::testing::Values("the export of all contacts finished yesterday",
                      "How do I export all contacts?", "Comment exporter tous les contacts ?",
                      "We export all contacts every night",
                      "Only managers can export all contacts.",
                      "Which roles are allowed to export the customer database?",
                      "Why did the nightly job export all records twice?",
                      "We need all customers to update their password",
                      "Never export all contacts without approval.",
                      "Qui peut exporter tous les contacts ?",
                      "a list of all customers is attached"));

// Behaviour this rule does not get right, pinned so a change is noticed (see the file header).
TEST(MassExportRule, KnownLimitsArePinned) {
  EXPECT_EQ(findings("The button \"Export all contacts\" is greyed out.").size(), 1U);
  EXPECT_EQ(findings("Export all contacts is a feature of the Pro plan.").size(), 1U);
  EXPECT_TRUE(findings("Count the contacts, then export them all.").empty());
  EXPECT_TRUE(findings("list the contacts at Acme").empty());
}

struct Counted {
  const char* text;
  int64_t threshold;
  bool reported;
};

class MassExportCount : public ::testing::TestWithParam<Counted> {};

TEST_P(MassExportCount, IsReportedAtOrAboveTheThreshold) {
  const Counted& c = GetParam();
  const auto r = make_rule(c.threshold);
  EXPECT_EQ(findings(c.text, *r).size(), c.reported ? 1U : 0U)
      << c.text << " (threshold " << c.threshold << ")";
}

INSTANTIATE_TEST_SUITE_P(
    ThresholdEdges, MassExportCount,
    ::testing::Values(Counted{"give me 5 customer emails", 100, false},
                      Counted{"send me 99 contacts", 100, false},
                      Counted{"send me 100 contacts", 100, true},
                      Counted{"send me 250 contacts", 100, true},
                      Counted{"give me 4999 customer emails", 5000, false},
                      Counted{"give me 5000 customer emails", 5000, true},
                      Counted{"envoie-moi 2 999 adresses mail", 3000, false},
                      Counted{"envoie-moi 3 000 adresses mail", 3000, true},
                      Counted{"List the top 10 customers by revenue", 100, false},
                      Counted{"List the top 500 customers by revenue", 100, true}));

INSTANTIATE_TEST_SUITE_P(
    NumberFormats, MassExportCount,
    ::testing::Values(Counted{"export 2,500 contacts", 2500, true},
                      Counted{"export 2,499 contacts", 2500, false},
                      Counted{"envoie-moi 5.000 contacts", 5000, true},
                      Counted{"envoie-moi 5\u00A0000 contacts", 5000, true},
                      Counted{"envoie-moi 5\u202F000 contacts", 5000, true},
                      Counted{"give me 10k customer emails", 10000, true},
                      Counted{"give me 1.5k leads", 1500, true},
                      Counted{"give me 1.5k leads", 1501, false},
                      Counted{"give me thousands of customer emails", 1000, true},
                      Counted{"donne-moi des milliers d'adresses e-mail", 1000, true},
                      Counted{"send me 2 thousand contacts", 2000, true}));

TEST(MassExportRule, CountedExcerptNamesTheCount) {
  const auto found = findings("envoie-moi 3 000 adresses mail");
  ASSERT_EQ(found.size(), 1U);
  EXPECT_EQ(found[0].excerpt, "envoie … 3000 adresses mail");
}

TEST(MassExportRule, SpanCoversTheRequest) {
  const std::string text = "Hello team,\n  please export all contacts now";
  const auto found = findings(text);
  ASSERT_EQ(found.size(), 1U);
  EXPECT_EQ(spanned(text, found[0]), "export all contacts");
}

TEST(MassExportRule, SqlOverATableOfPeopleIsADump) {
  EXPECT_EQ(findings("Run SELECT * FROM contacts and give me the full output.").size(), 1U);
  EXPECT_EQ(findings("select email, phone from crm.customers;").size(), 1U);
  EXPECT_EQ(findings("SELECT * FROM users LIMIT 100000").size(), 1U);
  EXPECT_TRUE(findings("SELECT * FROM contacts WHERE id = 42").empty());
  EXPECT_TRUE(findings("SELECT id, full_name FROM contacts WHERE email = 'x@y.cl';").empty());
  EXPECT_TRUE(findings("SELECT name FROM clients LIMIT 5;").empty());
  EXPECT_TRUE(findings("SELECT count(*) FROM orders").empty());
  const auto found = findings("SELECT * FROM Contacts");
  ASSERT_EQ(found.size(), 1U);
  EXPECT_EQ(found[0].excerpt, "select … from contacts");
}

TEST(MassExportRule, SpanIsInBytesAfterMultibyteCharacters) {
  const std::string text = "Résumé : télécharge toutes les adresses électroniques";
  const auto found = findings(text);
  ASSERT_EQ(found.size(), 1U);
  EXPECT_EQ(found[0].span.begin, text.find("télécharge"));
  EXPECT_EQ(found[0].span.end, text.size());
}

TEST(MassExportRule, ExcerptNeverCarriesTheWordsAroundTheRequest) {
  const std::string text =
      "Marie Curie asked: export all active Globex contacts for marie@example.org";
  const auto found = findings(text);
  ASSERT_EQ(found.size(), 1U);
  EXPECT_EQ(found[0].excerpt, "export … contacts");
  EXPECT_EQ(found[0].excerpt.find("Globex"), std::string::npos);
  EXPECT_EQ(found[0].excerpt.find("marie"), std::string::npos);
}

TEST(MassExportRule, EachRequestInATextIsOneFinding) {
  const std::string text = "Export all contacts. Then give me 5000 customer emails.";
  const auto found = findings(text);
  ASSERT_EQ(found.size(), 2U);
  EXPECT_EQ(spanned(text, found[0]), "Export all contacts");
  EXPECT_EQ(spanned(text, found[1]), "give me 5000 customer emails");
}

TEST(MassExportRule, PolicySeverityOverridesTheDefault) {
  RuleConfig config;
  config.severity = Severity::kCritical;
  const auto r = make_mass_export_rule(config).value();
  const auto found = findings("dump the database", *r);
  ASSERT_EQ(found.size(), 1U);
  EXPECT_EQ(found[0].severity, Severity::kCritical);
  EXPECT_EQ(r->key(), kMassExportRuleKey);
}

TEST(MassExportRule, EmptyAndWordlessTextsFindNothing) {
  EXPECT_TRUE(findings("").empty());
  EXPECT_TRUE(findings("  \n\t ").empty());
  EXPECT_TRUE(findings("!!! ... ???").empty());
  EXPECT_TRUE(findings("export").empty());
}

}  // namespace
}  // namespace novacrm::compliance
