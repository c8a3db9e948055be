// no_mass_export_requests: English and French requests to export, dump, list or send all (or a
// number at or above the policy's threshold) of the contacts, clients, customers, their emails or
// phone numbers, or the database itself. A request is a verb, optionally a recipient ("me",
// "-moi") and a container ("a CSV of"), then a quantifier ("all", "tous les", "l'ensemble des",
// "the whole") or a count, then an object noun; the vocabulary is the data below and the phrase
// shapes are the rows of kShapes. Never keeps or logs the text: the excerpt is rebuilt from the
// matched vocabulary (verb and object), never copied from around it.
//
// One pass: a tokenizer looks each word up in the sorted table of request verbs; only at a verb
// does a shape's regex run, anchored there, on a bounded window. The words before a verb are
// checked in code ("the export of", "how do I export", "managers can export" are no requests).
// Case-insensitive; accent-tolerant through character classes ("t[ée]l[ée]charger") and through
// the verb table, which is written unaccented and matched against folded words.
#include <algorithm>
#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "compliance/regex.hpp"
#include "compliance/rules/builtin.hpp"
#include "core/text.hpp"

namespace novacrm::compliance {

namespace {

// --- Request verbs: '|'-separated, lower case. In the regex an accented letter also matches its
// unaccented form and a space any white space; the tokenizer matches them folded.

// Verbs that take the records as a direct object ("export all contacts").
constexpr std::string_view kExtractVerbs =
    "export|exporting|exporte|exporter|exportez|dump|dumping|dumpe|dumper|dumpez|download|"
    "downloading|extract|extracting|extrais|extraire|extrait|extrayez|télécharge|télécharger|"
    "téléchargez|list|listing|liste|lister|listez|pull|fetch|retrieve|grab|scrape|copy|copie|"
    "copier|copiez|print|output|display|gather|collect|collecte|collecter|collectez|récupère|"
    "récupérer|récupérez|sors|sortir|sortez|imprime|imprimer|imprimez|affiche|afficher|affichez|"
    "rassemble|rassembler|rassemblez|aspire|aspirer|aspirez|sauvegarde|sauvegarder|sauvegardez|"
    "back up";

// The subset for which a bare plural or the store is enough ("export contacts", "dump the CRM").
constexpr std::string_view kStrongVerbs =
    "export|exporting|exporte|exporter|exportez|dump|dumping|dumpe|dumper|dumpez|download|"
    "downloading|extract|extracting|extrais|extraire|extrait|extrayez|télécharge|télécharger|"
    "téléchargez|scrape|aspire|aspirer|aspirez|pull|fetch|retrieve|grab|récupère|récupérer|"
    "récupérez|back up|sauvegarde|sauvegarder|sauvegardez|copy|copie|copier|copiez";

// Verbs with a recipient: "give me all clients" is an export, "give all clients a discount" is not.
constexpr std::string_view kTransferVerbs =
    "send over|send|give|show|share|provide|forward|hand over|envoie|envoyer|envoyez|donne|"
    "donner|donnez|montre|montrer|montrez|partage|partager|partagez|transmets|transmettre|"
    "transmettez|fournis|fournir|fournissez";

// "email me all ...", never "email all customers about ...": that is a mailing, not an export.
constexpr std::string_view kMailVerbs = "email|e-mail|mail";

// Wishes: "I need all customer emails", "j'ai besoin de tous les contacts". Descriptions do not
// apply ("I need" is a request), but some are gated by the words before them (kGates).
constexpr std::string_view kWishVerbs =
    "need|want|require|like|obtain|receive|besoin de|besoin d'|veux|voudrais|voudrions|souhaite|"
    "souhaiterais|aimerais|faut|avoir|obtenir|recevoir|get|have";

// Requests only with a container: "create a list of all clients", never "create all contacts".
constexpr std::string_view kMakerVerbs =
    "create|generate|build|make|prepare|produce|compile|draw up|put together|crée|créer|créez|"
    "génère|générer|générez|prépare|préparer|préparez|fais|faire|faites|dresse|dresser|dressez|compiler|"
    "compilez";

// --- The words before a verb, folded (lower case, unaccented, one space between words).

// The verb is a noun ("the export of", "a list of") or the sentence asks how, not for data.
constexpr std::array<std::string_view, 37> kNotARequestBefore = {
    "the ",     "an ",     "a ",        "this ",     "that ",      "our ",       "your ",
    "my ",      "their ",  "its ",      "l'",        "un ",        "une ",       "le ",
    "la ",      "cette ",  "ce ",       "cet ",      "notre ",     "votre ",     "mon ",
    "ma ",      "leur ",   "daily ",    "nightly ",  "weekly ",    "monthly ",   "how to ",
    "how do i ", "how can i ", "how do we ", "how can we ", "how do you ", "how can you ",
    "comment ", "comment on ", "comment puis-je ",
};

// "we export all contacts every night", "only managers can export all contacts" describe...
constexpr std::array<std::string_view, 47> kDescriptionBefore = {
    "we ",          "they ",         "i ",           "he ",          "she ",
    "it ",          "who ",          "which ",       "that ",        "job ",
    "script ",      "system ",       "tool ",        "cron ",        "batch ",
    "process to ",  "steps to ",     "way to ",      "procedure to ", "can ",
    "cannot ",      "can't ",        "could ",       "will ",        "would ",
    "should ",      "must ",         "might ",       "may ",         "allowed to ",
    "able to ",     "permission to ", "permitted to ", "authorized to ", "authorised to ",
    "right to ",    "rights to ",    "peut ",        "peuvent ",     "doit ",
    "doivent ",     "autorise a ",   "autorises a ", "droit d'",     "won't ",
    "didn't ",      "did ",
};

// ...but "can we export all contacts" asks.
constexpr std::array<std::string_view, 8> kAskingBefore = {
    "can we ", "can i ", "could we ", "could i ", "should we ", "should i ", "may i ", "may we ",
};

// Wishes that are requests only after given words ("can I have", "I'd like", "please get") or,
// for `recipient_after`, before "me"/"us" ("get me all clients").
struct Gate {
  std::string_view verb;
  std::string_view before;  // '|'-separated folded suffixes
  bool recipient_after;
};

constexpr std::array<Gate, 3> kGates = {{
    {"get", "you |please |to |i ", true},
    {"have", "can i |could i |may i |can we |could we |may we ", false},
    {"like", "'d |would ", false},
}};

// --- The rest of a request: regex fragments (alternations), wrapped by the builders below.

constexpr std::string_view kRecipient =
    R"((?:\s+(?:to\s+|for\s+)?(?:me|us)(?:\s+with)?\b|\s*-\s*(?:moi|nous)\b|\s+(?:moi|nous)\b))";

constexpr std::string_view kAdverb =
    R"((?:,?\s+(?:please|pls|plz|quickly|now|just|also|again|immediately|asap|svp|stp|s['’]il\s+(?:te|vous)\s+pla[iî]t|vite|rapidement|aussi|directement|maintenant|imm[ée]diatement)\b,?)?)";

// Two words: spaces, or nothing after an elided article ("l'ensemble", "d'adresses").
constexpr std::string_view kJoin = R"((?:\s+|(?<=['’])\s*))";

// What holds the records: "a CSV of", "la liste des", "the emails of".
constexpr std::string_view kContainers =
    R"(lists?|listing|csv|files?|spreadsheet|sheet|excel|export|dump|extract|copy|backup|table|liste|fichier|tableau|extraction|extrait|copie|sauvegarde|tableur)";

// "all", "the full list of", "tous les", "l'ensemble des", "toute la" (plural or mass nouns follow).
constexpr std::string_view kQuantifiers =
    R"(all(?:\s+of)?(?:\s+(?:the|our|your|my|their|these|those|its))?|every\s+(?:single\s+)?one\s+of\s+(?:the|our|your|my|their)|(?:the|our|my|your|their)\s+(?:(?:full|complete|entire|whole|total|exhaustive|comprehensive)\s+)?(?:list|listing|set|file|export|dump|extract|copy|backup|table|csv|spreadsheet)\s+of(?:\s+(?:all|every))?(?:\s+(?:the|our|your|my|their))?|(?:a|an)\s+(?:full|complete|entire|whole|total|exhaustive|comprehensive)\s+(?:list|listing|set|file|export|dump|extract|copy|backup|csv|spreadsheet)\s+of(?:\s+(?:all|every))?(?:\s+(?:the|our|your|my|their))?|(?:(?:the|our|my|your|their|a|an)\s+)?(?:full|complete|entire|whole|total|exhaustive|comprehensive)|tou(?:s|tes)\s+(?:les|nos|vos|mes|tes|ces|leurs)|tou(?:t|te)\s+(?:le|la|notre|votre|mon|ma|ton|ta|leur|ce|cette)|tou(?:t|te)\s+l['’]|l['’]ensemble\s+(?:des|du|de\s+(?:la|nos|vos|mes|leurs|tous\s+les|toutes\s+les)|d['’])|(?:la\s+totalit[ée]|l['’]int[ée]gralit[ée])\s+(?:des|du|de\s+(?:la|nos|vos|mes|leurs)|d['’])|(?:(?:la|le|une?|notre|votre|ma|mon)\s+|l['’]\s*)(?:liste|listing|fichier|export|extraction|extrait|copie|sauvegarde|base|table|tableau)(?:\s+(?:compl[èe]te?|enti[èe]re?|exhaustive?|int[ée]grale?|totale?|globale?))?(?:\s+(?:des|du|de\s+(?:nos|vos|mes|leurs|tous\s+les|toutes\s+les|la))|\s+d['’]))";

// "every", "each", "chaque": a singular noun follows ("every client email").
constexpr std::string_view kSingularQuantifiers =
    R"(every(?:\s+single)?|each(?:\s+and\s+every)?|chaque)";

// Who the records are about.
constexpr std::string_view kPeople =
    R"(contact|client|cliente|customer|user|utilisat(?:eur|rice)|lead|prospect|subscriber|abonn[ée]e?|record|enregistrement|fiche|account\s+holder)";
constexpr std::string_view kPeoplePlural =
    R"(contacts|clients|clientes|customers|users|utilisat(?:eurs|rices)|leads|prospects|subscribers|abonn[ée]e?s|records|enregistrements|fiches|account\s+holders)";

// What about them: "customer emails", "adresses e-mail", "numéros de téléphone".
constexpr std::string_view kAttributesEn =
    R"(e-?mails?(?:\s+address(?:es)?)?|mail(?:ing)?\s+address(?:es)?|(?:phone|mobile|cell|telephone)s?(?:\s+(?:numbers?|nos?))?|contact\s+(?:numbers?|details|info(?:rmation)?|data)|numbers?|names?|details|info(?:rmation)?|data|address(?:es)?|profiles?|pii)";
constexpr std::string_view kAttributesFr =
    R"(adresses?\s+(?:e-?mails?|mails?|[ée]lectroniques?|courriels?|postales?)|e-?mails?|mails?|courriels?|num[ée]ros?(?:\s+de\s+(?:t[ée]l[ée]phone|portable|mobile|t[ée]l))?|t[ée]l[ée]phones?|coordonn[ée]es(?:\s+(?:compl[èe]tes|personnelles|bancaires))?|noms?|donn[ée]es(?:\s+personnelles)?|informations|infos|profils?|adresses?)";

// Personal data on its own, without naming whose ("all email addresses").
constexpr std::string_view kPersonalData =
    R"(e-?mail\s+address(?:es)?|mail(?:ing)?\s+addresses|(?:phone|mobile|cell|telephone)\s+numbers|contact\s+(?:details|info(?:rmation)?|data)|personal\s+(?:data|details|information|info)|home\s+addresses|pii|adresses\s+(?:e-?mails?|mails?|[ée]lectroniques|courriels)|num[ée]ros\s+de\s+(?:t[ée]l[ée]phone|portable|mobile|t[ée]l)|coordonn[ée]es|donn[ée]es\s+personnelles)";

constexpr std::string_view kPersonalDataSingular =
    R"(e-?mail\s+address|(?:phone|mobile|cell|telephone)\s+number|adresse\s+(?:e-?mail|mail|[ée]lectronique|courriel)|num[ée]ro\s+de\s+(?:t[ée]l[ée]phone|portable|mobile|t[ée]l))";

// The store itself. "the CRM app", "the database schema" are not the data.
constexpr std::string_view kStores =
    R"((?:databases?|db|crm|base\s+de\s+donn[ée]es|bdd|base|datasets?|data\s+set|data\s+warehouse|entrep[oô]t\s+de\s+donn[ée]es)(?!\s+(?:app|application|software|tool|plugin|extension|schema|sch[ée]ma|structure|docs?|documentation|guide|manual|manuel|template|mod[eè]le|connector|connecteur|update|version|licen[cs]e|logo|dashboard|tableau\s+de\s+bord|settings|param[eè]tres|ui|interface|page|login|password|mot\s+de\s+passe|server|serveur|config(?:uration)?|migration|index|query|queries|requ[eê]tes?|logs?|vendor|course|cours|training|formation)\b))";

// Words that end a noun phrase: a modifier between quantifier and noun is never one of these.
constexpr std::string_view kBreakers =
    R"(to|for|from|about|with|without|in|on|at|by|into|onto|via|per|over|under|since|before|after|during|than|that|which|who|whom|whose|where|when|how|why|what|and|or|but|if|of|is|are|was|were|be|been|has|have|had|do|does|did|will|would|can|could|should|must|may|might|this|these|those|it|its|the|a|an|all|every|each|we|you|they|i|he|she|steps|fields|columns|tabs|types|kinds|categories|options|settings|features|ways|reasons|questions|tips|rules|best|same|time|times|days?|weeks?|months?|years?|à|au|aux|pour|sur|avec|sans|dans|par|vers|chez|depuis|avant|apr[eè]s|pendant|que|qui|quoi|dont|o[uù]|quand|comment|pourquoi|et|ou|mais|si|de|des|du|d|est|sont|[ée]tait|ont|le|la|les|un|une|ce|cette|ces|tous|toutes|nous|vous|ils|elles|on|je|tu|il|elle|jours?|fois|semaines?|mois|ans|ann[ée]es?|[ée]tapes|champs|colonnes|onglets|cat[ée]gories|param[eè]tres|fonctionnalit[ée]s|r[eè]gles|conseils)";

// "all the objections customers raised": the people are the subject of a relative clause.
constexpr std::string_view kPeopleAsSubjectAfter =
    R"((?!\s+(?:\p{L}+ed|asked|raised|made|said|told|gave|sent|wrote|bought|paid|found|left|want|need|like|love|prefer|hate|use|ask|request|report|mention|buy|expect|see|have|had|get|got|complain)\b))";

// "give all customers a discount", "show all users how to ...": the people are the recipients.
constexpr std::string_view kIndirectObjectAfter =
    R"((?!\s+(?:a|an|the|our|their|your|his|her|some|how|what|why|access|permissions?|rights?|credits?|discounts?|feedback|priority|un|une|le|la|les|des|nos|leurs|vos|notre|leur|votre|comment|pourquoi|acc[eè]s|droits?|remises?|r[ée]ductions?)\b))";

// "need all customers to update their password".
constexpr std::string_view kPurposeAfter = R"((?!\s+(?:to|à)\b))";

// Titles and determiners between a preposition and one named record ("of client 42",
// "for Mr. Smith", "de Mme Martin").
constexpr std::string_view kRecordTitles =
    R"(the|this|that|a|one|single|client|customer|contact|user|lead|account|company|mr|mrs|ms|miss|dr|m|mme|mlle|madame|monsieur|le|la|ce|cette|cet|un|une|seul|seule|notre|our|my|mon|ma|son|sa|his|her)";

// Where a prompt's own content is ("the phone numbers in the text below") or a deictic scope
// ("all contacts of this account"): not the CRM's data.
constexpr std::string_view kSourceNouns =
    R"(following|attached|below|above|pasted|text|document|doc|thread|message|email|e-mail|mail|conversation|chat|paragraph|pdf|page|transcript|notes?|snippet|screenshot|image|input|prompt|texte|fil|pi[eè]ce\s+jointe|suivant|suivante|courriel|passage|article|meeting|r[ée]union|call|appel|paste)";
constexpr std::string_view kParticiples =
    R"(mentioned|named|listed|cited|referenced|quoted|included|contained|found|appearing|present|mentionn[ée]e?s|cit[ée]e?s|nomm[ée]e?s|pr[ée]sent(?:e|s|es)?|figurant|apparaissant|contenu(?:e|s|es)?)";

// A count: "5000", "5,000", "3 000", "1.5k", "10k", "thousands of", "des milliers de".
constexpr std::string_view kCount =
    R"((?:(?:\d{1,3}(?:[,.\x{A0}\x{202F} ]\d{3})+(?!\d)|\d+(?:[.,]\d+)?)(?:\s?(?:k|thousand|mille|millions?)\b)?|(?:(?:a|one|un|une|des|several|plusieurs|quelques|a\s+few|many)\s+)?(?:hundreds?|thousands?|millions?|centaines|milliers?|mille)\b)(?:\s+(?:of|de)(?:\s+(?:the|our|your|nos|vos|mes|les))?|\s+d['’])?)";

// --- Folding: unaccented lower case, shared by the verb table, the tokenizer and the context.

// One character of `text` at `i`, folded: ASCII letters and digits in lower case, Latin-1 letters
// without their accent, both apostrophes as '\'', white space (with no-break spaces) as ' ', other
// letters of Latin Extended-A as 'x', anything else as '?'.
struct FoldedChar {
  char c;
  size_t length;
};

FoldedChar fold_at(std::string_view text, size_t i) {
  const auto b = static_cast<unsigned char>(text[i]);
  if (b < 0x80) {
    if (b >= 'A' && b <= 'Z') return {static_cast<char>(b + ('a' - 'A')), 1};
    if (b == '\t' || b == '\n' || b == '\r') return {' ', 1};
    return {static_cast<char>(b), 1};
  }
  const std::string_view rest = text.substr(i);
  if (rest.size() >= 2 && b == 0xC3) {
    // U+00C0..U+00FF by the low five bits: capitals and small letters share a row.
    static constexpr std::string_view kBase = "aaaaaaaceeeeiiiidnooooo?ouuuuyts";
    const auto second = static_cast<unsigned char>(rest[1]);
    return {second == 0xBF ? 'y' : kBase[second & 0x1FU], 2};
  }
  if (rest.size() >= 2 && (b == 0xC4 || b == 0xC5)) return {'x', 2};
  if (rest.starts_with("\xE2\x80\x99") || rest.starts_with("\xE2\x80\x98")) return {'\'', 3};
  if (rest.starts_with("\xC2\xA0")) return {' ', 2};
  if (rest.starts_with("\xE2\x80\xAF")) return {' ', 3};
  size_t n = 1;
  while (n < rest.size() && (static_cast<unsigned char>(rest[n]) & 0xC0U) == 0x80U) ++n;
  return {'?', n};
}

bool is_word_char(char folded) {
  return (folded >= 'a' && folded <= 'z') || (folded >= '0' && folded <= '9');
}

// --- Builders: fragments into patterns, compiled once by the factory. ---

std::string any(std::string_view alternation) { return "(?:" + std::string(alternation) + ")"; }

std::string any(std::string_view a, std::string_view b) {
  return "(?:" + std::string(a) + "|" + std::string(b) + ")";
}

// A verb table as a regex alternation: an accented letter also matches its base letter
// ("t[eé]l[eé]charger"), a space any white space, an apostrophe either apostrophe.
std::string verbs(std::string_view table) {
  std::string out = "(?:";
  for (size_t i = 0; i < table.size(); i += fold_at(table, i).length) {
    const FoldedChar f = fold_at(table, i);
    if (f.c == ' ') {
      out += R"(\s+)";
    } else if (f.c == '\'') {
      out += "['’]";
    } else if (f.length > 1) {
      out += "[" + std::string(1, f.c) + std::string(table.substr(i, f.length)) + "]";
    } else {
      out += table[i];
    }
  }
  return out + ")";
}

const std::string& join() {
  static const std::string kJoined(kJoin);
  return kJoined;
}

// Zero to `n` free words between a quantifier and the noun ("all *active French* customers"),
// captured as group `mod` when there is one ("all 2023 leads": a year is a modifier too).
std::string modifiers(int n, bool named = true) {
  return std::string("(?:") + (named ? "(?<mod>" : "(?:") + R"((?:(?:(?!)" + any(kBreakers) +
         R"(\b)\p{L}[\p{L}\p{N}_-]*|(?:19|20)\d\d)\s+){1,)" + std::to_string(n) + "}))?";
}
std::string attributes() { return any(kAttributesEn, kAttributesFr); }

// "customer emails", "clients' phone numbers", "e-mails clients".
std::string people_attributes() {
  return "(?:" + any(std::string(kPeople) + "|" + std::string(kPeoplePlural) + "|personal") +
         R"((?:['’]s|['’])?\s+)" + any(kAttributesEn) + "|" + any(kAttributesFr) + R"(\s+)" +
         any(kPeoplePlural, kPeople) + ")";
}

// "emails of our customers", "adresses e-mail des clients".
std::string attributes_of_people() {
  return attributes() +
         R"((?:\s+(?:of|for|from|de|des|du)(?:\s+(?:all|every|the|our|your|my|their|tous|toutes|les|nos|vos|mes|leurs|la))*\s+|\s+d['’]\s*))" +
         any(kPeoplePlural);
}

// "customer database", "mailing list", "fichier clients", "base de données des contacts".
std::string people_stores() {
  return "(?:" + any(std::string(kPeople) + "|" + std::string(kPeoplePlural) + "|mailing|address") +
         R"((?:['’]s|['’])?\s+(?:databases?|db|lists?|tables?|base|book|files?|director(?:y|ies)|datasets?|data\s+set|spreadsheets?|exports?|dumps?|repository|crm)\b)" +
         R"(|carnet\s+d['’]\s*adresses|liste\s+de\s+diffusion)" +
         R"(|(?:base(?:\s+de\s+donn[ée]es)?|bdd|fichier|liste|table|tableau|annuaire|r[ée]pertoire))" +
         R"((?:\s+(?:des|de\s+nos|de\s+tous\s+les|de\s+toutes\s+les|de\s+mes|de\s+vos)\s+)" +
         any(kPeoplePlural) + R"(|\s+d['’]\s*)" + any(kPeoplePlural) + R"(|\s+)" +
         any(kPeoplePlural, kPeople) + "))";
}

// "data from the CRM", "everything in the database", "contenu de la base".
std::string contents_of_store(std::string_view stores) {
  return any(attributes() + "|" + std::string(kPeoplePlural) +
             "|everything|contents?|tout|contenu") +
         R"(\s+(?:(?:stored|held|contained|contenue?s?|stock[ée]e?s?)\s+)?(?:from|in|of|de|du|dans|depuis)(?:\s+(?:the|our|your|my|la|le|notre|votre)|\s+l['’])?)" +
         join() + any(people_stores(), stores);
}

std::string stores_or_tables() { return any(std::string(kStores) + R"(|tables?\b)"); }

// The object of a quantified or counted request. Group `attr`: an attribute noun, which one named
// record after it turns into a single-record request ("all the contact details of John Smith").
std::string object_noun() {
  return "(?:" + people_stores() + "|" + contents_of_store(stores_or_tables()) + "|(?<attr>" +
         people_attributes() + "|" + attributes_of_people() + "|" + any(kPersonalData) + ")|" +
         any(kPeoplePlural) + R"((?!['’])(?(<mod>))" + std::string(kPeopleAsSubjectAfter) +
         ")|" + stores_or_tables() + R"()\b)";
}

// After "every"/"each": "every client", "each customer's email", "every email address"; not
// "every customer complaint" (there the person noun only modifies another noun).
std::string singular_noun() {
  return "(?:" + any(kPeople) + R"((?:(?:['’]s)?\s+)" + any(kAttributesEn) + ")?|" +
         any(kPersonalDataSingular) + R"()(?!['’])(?!\s+(?!)" + any(kBreakers) +
         R"(\b)[\p{L}\p{N}]))";
}

// "... of client 42", "... for Mr. Smith", "... de Marie", "... of john@x.org".
std::string one_record_after(std::string_view prepositions) {
  return R"((?!\s*,?\s+(?:)" + std::string(prepositions) + R"()\s+(?:)" + any(kRecordTitles) +
         R"(\.?\s+)*(?:\d|\p{Lu}\p{Ll}|[\w.+-]+@)|\s+d['’]\s*\p{Lu}\p{Ll}))";
}

constexpr std::string_view kAttributePrepositions = "of|for|from|about|de|du|pour|concernant";
constexpr std::string_view kPeoplePrepositions = "of|for|about|de|du|pour|concernant";

std::string not_from_the_prompt() {
  const std::string participle = R"((?:\s+)" + any(kParticiples) + ")?";
  return "(?!" + participle +
         R"(\s+(?:from|in|out\s+of|within|inside|on|into|of|for|de|du|des|dans|sur|pour)\s+(?:(?:the|my|le|la|les|mon|ma|mes)\s+|l['’]\s*)?)" +
         any(kSourceNouns) + R"(\b|)" + participle +
         R"(\s+(?:from|in|of|for|about|at|on|within|de|du|dans|sur|pour|chez)\s+(?:this|that|these|those|ce|cette|cet|ces)\b|\s+(?:below|above|here|ci-dessous|ci-dessus|suivants?|suivantes?)\b))";
}

// "a CSV of", "une liste de", "the emails of".
std::string container() {
  return R"((?:(?:a|an|the|one|un|une|la|le|les|mon|ma|notre|votre|our|your)\s+|l['’]\s*)?(?:(?:single|quick|big|new|simple|clean|small|short|full|complete|entire|petite?|nouvel(?:le)?|rapide|grande?|csv|excel)\s+)?)" +
         any(std::string(kContainers) + "|" + attributes()) +
         R"((?:\s+(?:csv|excel|xlsx|file|fichier))?(?:\s+(?:complet|compl[eè]te|entier|enti[eè]re|exhaustif|exhaustive|int[ée]gral|int[ée]grale|total|totale))?(?:\s+(?:of|with|containing|including|listing|de|des|du|avec|contenant|comprenant)\b|\s+d['’]))";
}

// The verb and its recipient. Groups: `bare`, a transfer verb with no recipient (then the people
// must not be its indirect object); `want`, a wish (then no purpose clause may follow).
std::string request_head() {
  const std::string recipient = any(kRecipient);
  return "(?:" + any(verbs(kTransferVerbs), verbs(kMailVerbs)) + R"(\b)" + recipient +
         "|(?<bare>" + verbs(kTransferVerbs) + R"()\b|)" + verbs(kExtractVerbs) + R"(\b)" +
         recipient + "?|(?<want>" + verbs(kWishVerbs) + R"()\b)" + recipient + "?|" +
         verbs(kMakerVerbs) + R"(\b)" + recipient + "?(?=" + join() + container() + "))";
}

// The same verbs without named groups, for the bare-store shape.
std::string plain_head() {
  const std::string recipient = any(kRecipient);
  return "(?:" + any(verbs(kTransferVerbs), verbs(kMailVerbs)) + R"(\b)" + recipient + "|" +
         verbs(kExtractVerbs) + R"(\b)" + recipient + "?|" + verbs(kWishVerbs) + R"(\b)" +
         recipient + "?)";
}

std::string head_and_container() {
  return request_head() + std::string(kAdverb) + "(?:" + join() + container() + ")?" + join();
}

std::string request_tail() {
  return "(?(<bare>)" + std::string(kIndirectObjectAfter) + ")(?(<want>)" +
         std::string(kPurposeAfter) + ")(?(<attr>)" + one_record_after(kAttributePrepositions) +
         ")" + not_from_the_prompt();
}

// Anchored: the window handed to a shape starts at a verb the tokenizer found.
std::string pattern(const std::string& body) { return R"((*NO_JIT)(*UCP)\A()" + body + ")"; }

// "give me everything in the CRM", "tout le contenu de la base".
std::string everything_in_store() {
  return R"((?:everything|all|tout(?:\s+le\s+contenu)?|l['’]int[ée]gralit[ée])\s+(?:(?:stored|held|contained|contenue?s?|stock[ée]e?s?)\s+)?(?:from|in|of|de|du|dans|depuis)(?:\s+(?:the|our|your|my|la|le|notre|votre)|\s+l['’])?)" +
         join() + any(people_stores(), kStores);
}

// "export all contacts", "donne-moi la liste complète des clients", "list every client email".
std::string quantified_shape() {
  return pattern(head_and_container() + "(?:" + any(kSingularQuantifiers) + join() +
                 modifiers(2, false) + singular_noun() + "|" + any(kQuantifiers) + join() +
                 modifiers(2) + object_noun() + "|" + everything_in_store() + ")" +
                 request_tail());
}

// "give me 5000 customer emails", "envoie-moi 3 000 adresses mail" (the threshold is checked on
// the match).
std::string counted_shape() {
  return pattern(
      head_and_container() +
      R"((?:(?:all(?:\s+the)?|tous\s+les|toutes\s+les|the|les|nos|our|vos|mes|your|my)\s+(?!(?:19|20)\d\d\b))?(?:(?:top|first|last|latest|premiers|premi[eè]res|derniers|derni[eè]res)\s+)?)" +
      std::string(kCount) + join() + modifiers(2) + object_noun() + request_tail());
}

constexpr std::string_view kDeterminers =
    R"(the|our|my|your|their|this|les|nos|vos|mes|tes|leurs|la|le|l['’]|notre|votre|ma|mon|ce|cette|cet)";

// "dump the database", "export contacts to CSV", "exporte les contacts"; with any request verb, a
// whole people store ("show me the customer list", "je veux le fichier clients") or a copy of a
// store ("fais un export complet de la base clients", "send me a dump of the CRM").
std::string bare_shape() {
  const std::string strong =
      verbs(kStrongVerbs) + R"(\b)" + any(kRecipient) + "?" + std::string(kAdverb) + join() +
      "(?:" + any(kDeterminers) + join() + ")?" + modifiers(1) + "(?:" + people_stores() + "|" +
      contents_of_store(kStores) + "|(?<attr>" + people_attributes() + "|" +
      attributes_of_people() + "|" + any(kPersonalData) + ")|" + any(kPeoplePlural) +
      R"((?!['’])(?(<mod>))" + std::string(kPeopleAsSubjectAfter) + ")|" + std::string(kStores) +
      R"()\b(?(<attr>))" + one_record_after(kAttributePrepositions) + "|" +
      one_record_after(kPeoplePrepositions) + ")" + not_from_the_prompt();
  const std::string store = plain_head() + std::string(kAdverb) + join() + any(kDeterminers) +
                            join() + modifiers(1, false) + people_stores() + R"(\b)" +
                            std::string(kPurposeAfter) + not_from_the_prompt();
  const std::string contained = "(?:" + plain_head() + "|" + verbs(kMakerVerbs) + R"(\b)" +
                                any(kRecipient) + "?)" + std::string(kAdverb) + join() +
                                container() + join() + "(?:" + any(kDeterminers) + join() + ")?" +
                                modifiers(1, false) + any(people_stores(), kStores) + R"(\b)" +
                                not_from_the_prompt();
  return pattern(strong + "|" + store + "|" + contained);
}

// The object noun at the end of a matched request, for the excerpt. `mod` never takes part; it
// exists because object_noun() tests it.
std::string object_at_end() {
  return "(*NO_JIT)(*UCP)((?:(?<mod>)(?!))?(?:" + object_noun() + "|" + singular_noun() + "))\\z";
}

struct Shape {
  const char* name;
  std::string (*build)();
  bool counted;  // the match names a count, compared with the threshold
};

constexpr std::array<Shape, 3> kShapes = {{
    {"quantified", quantified_shape, false},
    {"bare", bare_shape, false},
    {"counted", counted_shape, true},
}};

// --- Finding verbs: the tokenizer and the words before a verb.

// Calls `on_word(begin, end, folded)` for every word; `folded` is empty for words too long to be
// a verb.
template <typename OnWord>
void for_each_word(std::string_view text, OnWord on_word) {
  std::array<char, 24> buffer{};
  size_t begin = 0;
  size_t length = 0;
  for (size_t i = 0; i <= text.size();) {
    const FoldedChar f = i < text.size() ? fold_at(text, i) : FoldedChar{' ', 1};
    if (is_word_char(f.c)) {
      if (length == 0) begin = i;
      if (length < buffer.size()) buffer[length] = f.c;
      ++length;
    } else if (length > 0) {
      on_word(begin, i, length <= buffer.size() ? std::string_view(buffer.data(), length)
                                                : std::string_view());
      length = 0;
    }
    i += f.length;
  }
}

// The folded words just before byte `p`: at most the buffer's size, white space as one space,
// starting at a word boundary.
std::string_view words_before(std::string_view text, size_t p, std::array<char, 48>& buffer) {
  size_t i = p > buffer.size() ? p - buffer.size() : 0;
  while (i < p && (static_cast<unsigned char>(text[i]) & 0xC0U) == 0x80U) ++i;
  if (i > 0) {  // skip a cut word
    while (i < p && is_word_char(fold_at(text, i).c)) i += fold_at(text, i).length;
  }
  size_t n = 0;
  while (i < p && n < buffer.size()) {
    const FoldedChar f = fold_at(text, i);
    if (f.c != ' ' || (n > 0 && buffer[n - 1] != ' ')) buffer[n++] = f.c;
    i += f.length;
  }
  return {buffer.data(), n};
}

// `before` ends with the words `suffix`, not with a longer word ("anthe " does not end with "the ").
bool ends_with_words(std::string_view before, std::string_view suffix) {
  if (!before.ends_with(suffix)) return false;
  const size_t at = before.size() - suffix.size();
  return at == 0 || !is_word_char(before[at - 1]) || !is_word_char(suffix.front());
}

template <size_t N>
bool ends_with_any(std::string_view before, const std::array<std::string_view, N>& suffixes) {
  return std::any_of(suffixes.begin(), suffixes.end(),
                     [before](std::string_view s) { return ends_with_words(before, s); });
}

bool ends_with_any(std::string_view before, std::string_view alternatives) {
  for (size_t start = 0; start <= alternatives.size();) {
    const size_t bar = std::min(alternatives.find('|', start), alternatives.size());
    if (ends_with_words(before, alternatives.substr(start, bar - start))) return true;
    start = bar + 1;
  }
  return false;
}

// "get me ...": white space, then "me" or "us" as a word.
bool recipient_follows(std::string_view text, size_t i) {
  size_t j = i;
  while (j < text.size() && fold_at(text, j).c == ' ') j += fold_at(text, j).length;
  if (j == i || j + 2 > text.size()) return false;
  const std::string word = core::to_lower_ascii(text.substr(j, 2));
  return (word == "me" || word == "us") &&
         (j + 2 == text.size() || !is_word_char(fold_at(text, j + 2).c));
}

struct VerbWord {
  std::string word;  // the first word of a table entry, folded
  bool wish;
};

// Every table's first words, sorted for binary search.
std::vector<VerbWord> verb_words() {
  std::vector<VerbWord> out;
  const auto add = [&out](std::string_view table, bool wish) {
    for (const std::string& entry : core::split(table, '|')) {
      std::string word;
      for (size_t i = 0; i < entry.size() && entry[i] != ' '; i += fold_at(entry, i).length) {
        word += fold_at(entry, i).c;
      }
      out.push_back({std::move(word), wish});
    }
  };
  add(kExtractVerbs, false);
  add(kTransferVerbs, false);
  add(kMailVerbs, false);
  add(kMakerVerbs, false);
  add(kWishVerbs, true);
  std::stable_sort(out.begin(), out.end(),
                   [](const VerbWord& a, const VerbWord& b) { return a.word < b.word; });
  out.erase(std::unique(out.begin(), out.end(),
                        [](const VerbWord& a, const VerbWord& b) { return a.word == b.word; }),
            out.end());
  return out;
}

// Folded word beginnings without which no object noun can follow a verb: the prefilter that keeps
// the regexes off verbs about anything else ("list all the steps"). Keep in step with the nouns.
constexpr std::array<std::string_view, 50> kObjectStems = {
    "contact", "client", "custom",  "user",     "utilisat", "lead",       "prospect", "subscri",
    "abonn",   "record", "enregistr", "fiche",  "account",  "mail",       "email",    "courriel",
    "phone",   "telephone", "tel",  "mobile",   "cell",     "num",        "name",     "nom",
    "detail",  "info",   "data",    "donnee",   "address",  "adresse",    "profil",   "pii",
    "personal", "personnel", "coordonnee", "db", "base",    "bdd",        "crm",      "entrepot",
    "table",   "everything", "tout", "contenu", "carnet",   "diffusion",  "director", "annuaire",
    "repertoire", "book",
};

constexpr std::array<std::string_view, 7> kCountStems = {
    "hundred", "thousand", "mille", "millier", "centaine", "million", "k",
};

bool starts_with_any(std::string_view word, std::span<const std::string_view> stems) {
  return std::any_of(stems.begin(), stems.end(), [word](std::string_view stem) {
    return word.front() == stem.front() && word.starts_with(stem);
  });
}

// What the next words after a verb hold: an object noun? a count?
struct Ahead {
  bool object = false;
  bool count = false;
};

constexpr size_t kWordsAhead = 16;

Ahead look_ahead(std::string_view text, size_t from) {
  Ahead ahead;
  size_t words = 0;
  for_each_word(text.substr(from, std::min<size_t>(text.size() - from, 240)),
                [&](size_t /*begin*/, size_t /*end*/, std::string_view word) {
                  if (++words > kWordsAhead || word.empty()) return;
                  ahead.object = ahead.object || starts_with_any(word, kObjectStems);
                  ahead.count = ahead.count || (word.front() >= '0' && word.front() <= '9') ||
                                starts_with_any(word, kCountStems);
                });
  return ahead;
}

// How far past its verb a request may reach (the longest shape is about 300 bytes; the rest is
// room for the look-aheads after the object).
constexpr size_t kWindow = 640;

// The end of the window for a verb at `p`: never inside a word or a UTF-8 sequence.
size_t window_end(std::string_view text, size_t p) {
  size_t end = std::min(text.size(), p + kWindow);
  while (end < text.size() && fold_at(text, end).c != ' ') ++end;
  return end;
}

// --- Counting and the excerpt ---

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// Length of a thousands separator at `s[i]`: ',', '.', ' ', U+00A0 or U+202F; 0 when none.
size_t separator_length(std::string_view s, size_t i) {
  if (i < s.size() && (s[i] == ',' || s[i] == '.' || s[i] == ' ')) return 1;
  if (s.substr(i, 2) == "\xC2\xA0") return 2;
  if (s.substr(i, 3) == "\xE2\x80\xAF") return 3;
  return 0;
}

bool three_digits_at(std::string_view s, size_t i) {
  return i + 3 <= s.size() && is_digit(s[i]) && is_digit(s[i + 1]) && is_digit(s[i + 2]) &&
         (i + 3 == s.size() || !is_digit(s[i + 3]));
}

int64_t multiplier_at(std::string_view lower, size_t i) {
  if (i < lower.size() && lower[i] == ' ') ++i;
  const std::string_view rest = lower.substr(std::min(i, lower.size()));
  if (rest.starts_with("million")) return 1'000'000;
  if (rest.starts_with("thousand") || rest.starts_with("mille")) return 1'000;
  if (rest.starts_with("k") && (rest.size() == 1 || !is_word_char(rest[1]))) return 1'000;
  return 1;
}

constexpr int64_t kHuge = int64_t{1} << 53;  // more digits than any count: always a mass export

// The count a counted request names: "5,000" -> 5000, "3 000" -> 3000, "1.5k" -> 1500,
// "thousands of" -> 2000. The verb, recipient and container vocabularies hold no digit, so the
// first digit of the phrase starts the count.
std::optional<int64_t> count_in(std::string_view phrase) {
  const std::string lower = core::to_lower_ascii(phrase);
  size_t i = 0;
  while (i < lower.size() && !is_digit(lower[i])) ++i;
  if (i == lower.size()) {
    constexpr std::array<std::pair<std::string_view, int64_t>, 8> kWords = {{
        {"hundreds", 200}, {"centaines", 200}, {"hundred", 100}, {"thousands", 2'000},
        {"milliers", 2'000}, {"thousand", 1'000}, {"mille", 1'000}, {"million", 1'000'000},
    }};
    for (const auto& [word, value] : kWords) {
      if (lower.find(word) != std::string::npos) return value;
    }
    return std::nullopt;
  }
  int64_t whole = 0;
  size_t digits = 0;
  const auto take = [&](size_t n) {
    for (size_t k = 0; k < n; ++k, ++i, ++digits) {
      if (digits < 15) whole = whole * 10 + (lower[i] - '0');
    }
  };
  size_t run = 0;
  while (i + run < lower.size() && is_digit(lower[i + run])) ++run;
  take(run);
  if (run <= 3) {
    for (size_t sep = separator_length(lower, i); sep > 0 && three_digits_at(lower, i + sep);
         sep = separator_length(lower, i)) {
      i += sep;
      take(3);
    }
  }
  if (digits > 15) return kHuge;
  int64_t fraction = 0;
  int64_t scale = 1;
  if (i + 1 < lower.size() && (lower[i] == '.' || lower[i] == ',') && is_digit(lower[i + 1])) {
    for (++i; i < lower.size() && is_digit(lower[i]); ++i) {
      if (scale < 1'000'000) {
        fraction = fraction * 10 + (lower[i] - '0');
        scale *= 10;
      }
    }
  }
  const int64_t multiplier = multiplier_at(lower, i);
  return whole * multiplier + fraction * multiplier / scale;
}

// Lower-case ASCII with every run of white space as one space.
std::string normalised(std::string_view words) {
  std::string out;
  bool space = false;
  for (char c : words) {
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      space = !out.empty();
      continue;
    }
    if (space) out += ' ';
    space = false;
    out += c;
  }
  return core::to_lower_ascii(out);
}

class MassExportRule final : public Rule {
 public:
  MassExportRule(std::vector<Regex> shapes, Regex object, int64_t threshold, Severity severity)
      : verbs_(verb_words()),
        shapes_(std::move(shapes)),
        object_(std::move(object)),
        threshold_(threshold),
        severity_(severity) {}

  [[nodiscard]] std::string_view key() const override { return kMassExportRuleKey; }

  void analyze(std::string_view text, const ScanContext& /*context*/,
               std::vector<Finding>& out) const override {
    size_t free_from = 0;  // a verb inside an earlier request starts no other
    for_each_word(text, [&](size_t begin, size_t end, std::string_view word) {
      if (begin < free_from || word.empty()) return;
      const VerbWord* verb = find_verb(word);
      if (verb == nullptr || !asks_at(text, begin, end, *verb)) return;
      const Ahead ahead = look_ahead(text, end);
      if (!ahead.object) return;
      const std::string_view window = text.substr(begin, window_end(text, begin) - begin);
      for (size_t s = 0; s < shapes_.size() && free_from <= begin; ++s) {
        if (kShapes[s].counted && !ahead.count) continue;
        shapes_[s].for_each_match(window, [&](size_t /*at 0*/, size_t length) {
          const std::string_view phrase = window.substr(0, length);
          std::optional<int64_t> count;
          if (kShapes[s].counted) {
            count = count_in(phrase);
            if (!count || *count < threshold_) return;
          }
          out.push_back(Finding{std::string(kMassExportRuleKey), "mass_export", severity_,
                                span_of(text, begin, begin + length), excerpt(phrase, count)});
          free_from = begin + length;
        });
      }
    });
  }

 private:
  [[nodiscard]] const VerbWord* find_verb(std::string_view word) const {
    const auto it = std::lower_bound(verbs_.begin(), verbs_.end(), word,
                                     [](const VerbWord& v, std::string_view w) { return v.word < w; });
    return it != verbs_.end() && it->word == word ? &*it : nullptr;
  }

  // Whether the verb at [begin, end) can start a request, from the words before it.
  static bool asks_at(std::string_view text, size_t begin, size_t end, const VerbWord& verb) {
    std::array<char, 48> buffer{};
    const std::string_view before = words_before(text, begin, buffer);
    if (ends_with_any(before, kNotARequestBefore)) return false;
    for (const Gate& gate : kGates) {
      if (gate.verb == verb.word) {
        return ends_with_any(before, gate.before) ||
               (gate.recipient_after && recipient_follows(text, end));
      }
    }
    if (verb.wish || ends_with_any(before, kAskingBefore)) return true;
    return !ends_with_any(before, kDescriptionBefore);
  }

  // "export … contacts", "give … 5000 customer emails": the verb and the object as matched, both
  // from the rule's vocabulary, so the excerpt never carries a name or an address.
  [[nodiscard]] std::string excerpt(std::string_view phrase, std::optional<int64_t> count) const {
    size_t verb_end = 0;
    while (verb_end < phrase.size() && is_word_char(fold_at(phrase, verb_end).c)) {
      verb_end += fold_at(phrase, verb_end).length;
    }
    std::string_view object;
    object_.for_each_match(phrase, [&](size_t begin, size_t end) {
      if (object.empty()) object = phrase.substr(begin, end - begin);
    });
    std::string out = core::to_lower_ascii(phrase.substr(0, verb_end)) + " … ";
    if (count) out += std::to_string(*count) + " ";
    return out + (object.empty() ? std::string("records") : normalised(object));
  }

  std::vector<VerbWord> verbs_;
  std::vector<Regex> shapes_;
  Regex object_;
  int64_t threshold_;
  Severity severity_;
};

}  // namespace

core::Result<std::unique_ptr<Rule>> make_mass_export_rule(const RuleConfig& config) {
  std::vector<Regex> shapes;
  shapes.reserve(kShapes.size());
  for (const Shape& shape : kShapes) {
    auto re = Regex::compile(shape.build(), std::string(kMassExportRuleKey) + "." + shape.name,
                             /*caseless=*/true);
    if (!re) return re.error();
    shapes.push_back(std::move(re).value());
  }
  auto object = Regex::compile(object_at_end(), std::string(kMassExportRuleKey) + ".object",
                               /*caseless=*/true);
  if (!object) return object.error();
  return std::unique_ptr<Rule>(std::make_unique<MassExportRule>(
      std::move(shapes), std::move(object).value(), config.mass_export.threshold,
      config.severity.value_or(Severity::kHigh)));
}

}  // namespace novacrm::compliance
