// no_mass_export_requests: English and French requests to export, dump, list or send all (or a
// number at or above the policy's threshold) of the contacts, clients, customers, their emails or
// phone numbers, or the database itself. Never keeps or logs the text: the excerpt is rebuilt from
// the matched vocabulary (the verb and the object noun), never copied from around it.
//
// A request is a verb, optionally a recipient ("me", "-moi") and a container ("a CSV of"), then a
// quantifier ("all", "tous les", "l'ensemble des", "the whole") or a count, then an object noun
// ("contacts", "customer emails", "la base clients"). The text is folded once into words (lower
// case, no accents); the grammar runs only at words of the verb table with an object word close
// behind, so a scan is one pass plus a few word comparisons. The words before a verb rule out
// nouns ("the export of"), how-to questions and descriptions ("managers can export").
//
// Known limits (see the tests): a described habit in the present tense with no subject pronoun
// ("nightly export all contacts") is reported; "list the contacts at Acme" (a bare plural after
// a verb weaker than export/dump/extract) is not.
#include <algorithm>
#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "compliance/rules/builtin.hpp"
#include "core/text.hpp"

namespace novacrm::compliance {

namespace {

// --- Vocabulary. Written folded: lower case, no accents, an apostrophe or a hyphen as a space
// ("l ensemble des" matches "l'ensemble des", "e mail" matches "e-mail"). '|' separates phrases;
// a final '?' makes a word's last letter optional ("contacts?" is "contact" or "contacts").

// Verbs taking the records as direct object ("export all contacts").
constexpr std::string_view kExtractVerbs =
    "export|exporting|exporte|exporter|exportez|dump|dumping|dumpe|dumper|dumpez|download|"
    "downloading|extract|extracting|extrais|extraire|extrait|extrayez|telecharge|telecharger|"
    "telechargez|list|listing|liste|lister|listez|pull|fetch|retrieve|grab|scrape|copy|copie|"
    "copier|copiez|print|output|display|gather|collect|collecte|collecter|collectez|recupere|"
    "recuperer|recuperez|sors|sortir|sortez|imprime|imprimer|imprimez|affiche|afficher|affichez|"
    "rassemble|rassembler|rassemblez|aspire|aspirer|aspirez|sauvegarde|sauvegarder|sauvegardez|"
    "back up";
// The subset for which a bare plural or the store is enough ("export contacts", "dump the CRM").
constexpr std::string_view kStrongVerbs =
    "export|exporting|exporte|exporter|exportez|dump|dumping|dumpe|dumper|dumpez|download|"
    "downloading|extract|extracting|extrais|extraire|extrait|extrayez|telecharge|telecharger|"
    "telechargez|scrape|aspire|aspirer|aspirez|pull|fetch|retrieve|grab|recupere|recuperer|"
    "recuperez|back up|sauvegarde|sauvegarder|sauvegardez|copy|copie|copier|copiez";
// With a recipient: "give me all clients" is an export, "give all clients a discount" is not.
constexpr std::string_view kTransferVerbs =
    "send|send over|give|show|share|provide|forward|hand over|envoie|envoyer|envoyez|donne|donner|"
    "donnez|montre|montrer|montrez|partage|partager|partagez|transmets|transmettre|transmettez|"
    "fournis|fournir|fournissez";
// Only with a recipient: "email me all ...", never "email all customers about ..." (a mailing).
constexpr std::string_view kMailVerbs = "email|e mail|mail";
// Wishes: "I need all customer emails", "j'ai besoin de tous les contacts".
constexpr std::string_view kWishVerbs =
    "need|want|require|like|obtain|receive|besoin de|besoin d|veux|voudrais|voudrions|souhaite|"
    "souhaiterais|aimerais|faut|avoir|obtenir|recevoir|get|have";
// Only with a container: "create a list of all clients", never "create all contacts".
constexpr std::string_view kMakerVerbs =
    "create|generate|build|make|prepare|produce|compile|draw up|put together|cree|creer|creez|"
    "genere|generer|generez|preparer|preparez|fais|faire|faites|dresse|dresser|dressez|compiler|"
    "compilez";

constexpr std::string_view kRecipients =
    "me|us|to me|to us|for me|for us|me with|us with|moi|nous";
constexpr std::string_view kAdverbs =
    "please|pls|plz|quickly|now|just|also|again|immediately|asap|svp|stp|s il te plait|"
    "s il vous plait|vite|rapidement|aussi|directement|maintenant|immediatement";

// Containers: "a CSV of", "une liste de", "the emails of", "un export complet de".
constexpr std::string_view kContainerDeterminers =
    "a|an|the|one|un|une|la|le|les|l|mon|ma|notre|votre|our|your";
constexpr std::string_view kContainerAdjectives =
    "single|quick|big|new|simple|clean|small|short|full|complete|entire|petit|petite|nouvel|"
    "nouvelle|rapide|grand|grande|csv|excel";
constexpr std::string_view kContainerNouns =
    "lists?|listing|csv|files?|spreadsheet|sheet|excel|export|dump|extract|copy|backup|table|"
    "liste|fichier|tableau|extraction|extrait|copie|sauvegarde|tableur";
constexpr std::string_view kContainerFormats = "csv|excel|xlsx|file|fichier";
constexpr std::string_view kWholeAdjectivesFr =
    "complet|complete|entier|entiere|exhaustif|exhaustive|integral|integrale|total|totale|globale?";
constexpr std::string_view kContainerLinks =
    "of|with|containing|including|listing|de|des|du|d|avec|contenant|comprenant";

// Quantifiers: "all (of) (our)", "every single one of", "the full list of (all)", "the whole",
// "tous les", "toute la", "l'ensemble des", "la totalité des", "la liste complète des".
constexpr std::string_view kAll = "all|all of";
constexpr std::string_view kPossessives = "the|our|your|my|their|these|those|its";
constexpr std::string_view kEveryOneOf = "every one of|every single one of";
constexpr std::string_view kDefinite = "the|our|my|your|their";
constexpr std::string_view kIndefinite = "a|an";
constexpr std::string_view kWholeAdjectives =
    "full|complete|entire|whole|total|exhaustive|comprehensive";
constexpr std::string_view kListNouns =
    "list|listing|set|file|export|dump|extract|copy|backup|table|csv|spreadsheet";
constexpr std::string_view kEvery = "all|every";
constexpr std::string_view kAllFr = "tous|toutes";
constexpr std::string_view kAllFrDeterminers = "les|nos|vos|mes|tes|ces|leurs";
constexpr std::string_view kWholeFr = "tout|toute";
constexpr std::string_view kWholeFrDeterminers =
    "le|la|l|notre|votre|mon|ma|ton|ta|leur|ce|cette";
constexpr std::string_view kTotalityFr = "l ensemble|la totalite|l integralite";
constexpr std::string_view kListDeterminersFr = "la|le|une|un|notre|votre|ma|mon|l";
constexpr std::string_view kListNounsFr =
    "liste|listing|fichier|export|extraction|extrait|copie|sauvegarde|base|table|tableau";
constexpr std::string_view kOfTheFr =
    "des|du|de nos|de vos|de mes|de leurs|de tous les|de toutes les|de la|d";
// "every", "each", "chaque": a singular noun follows ("every client email").
constexpr std::string_view kSingularQuantifiers = "every|every single|each|each and every|chaque";

// Objects: who the records are about, what about them, where they are kept.
constexpr std::string_view kPeople =
    "contact|client|cliente|customer|user|utilisateur|utilisatrice|lead|prospect|subscriber|"
    "abonne|abonnee|record|enregistrement|fiche|account holder";
constexpr std::string_view kPeoplePlural =
    "contacts|clients|clientes|customers|users|utilisateurs|utilisatrices|leads|prospects|"
    "subscribers|abonnes|abonnees|records|enregistrements|fiches|account holders";
constexpr std::string_view kAttributesEn =
    "emails?|e mails?|email address|email addresses|e mail address|e mail addresses|"
    "mail address|mail addresses|mailing address|mailing addresses|phones?|phone numbers?|"
    "phone nos?|mobiles?|mobile numbers?|cells?|cell numbers?|telephones?|telephone numbers?|"
    "contact numbers?|contact details|contact info|contact information|contact data|numbers?|"
    "names?|details|info|information|data|address|addresses|profiles?|pii";
constexpr std::string_view kAttributesFr =
    "adresses? e mails?|adresses? emails?|adresses? mails?|adresses? electroniques?|"
    "adresses? courriels?|adresses? postales?|e mails?|emails?|mails?|courriels?|numeros?|"
    "numeros? de telephone|numeros? de portable|numeros? de mobile|numeros? de tel|telephones?|"
    "coordonnees|coordonnees completes|coordonnees personnelles|coordonnees bancaires|noms?|"
    "donnees|donnees personnelles|informations|infos|profils?|adresses?";
// Personal data on its own, without naming whose ("all email addresses").
constexpr std::string_view kPersonalData =
    "email addresses|e mail addresses|mail addresses|mailing addresses|phone numbers|"
    "mobile numbers|cell numbers|telephone numbers|contact details|contact info|"
    "contact information|contact data|personal data|personal details|personal information|"
    "personal info|home addresses|pii|adresses e mails?|adresses emails?|adresses mails?|"
    "adresses electroniques|adresses courriels?|numeros de telephone|numeros de portable|"
    "numeros de mobile|numeros de tel|coordonnees|donnees personnelles";
constexpr std::string_view kPersonalDataSingular =
    "email address|e mail address|phone number|mobile number|cell number|telephone number|"
    "adresse e mail|adresse email|adresse mail|adresse electronique|adresse courriel|"
    "numero de telephone|numero de portable|numero de mobile|numero de tel";
constexpr std::string_view kPersonal = "personal";
// The store itself; "the CRM app", "the database schema" are not the data.
constexpr std::string_view kStores =
    "databases?|db|crm|base de donnees|bdd|base|datasets?|data set|data warehouse|"
    "entrepot de donnees";
constexpr std::string_view kTables = "tables?";
constexpr std::string_view kArtifacts =
    "app|application|software|tool|plugin|extension|schema|structure|docs?|documentation|guide|"
    "manual|manuel|template|modele|connector|connecteur|update|version|licence|license|logo|"
    "dashboard|tableau de bord|settings|parametres|ui|interface|page|login|password|"
    "mot de passe|server|serveur|config|configuration|migration|index|query|queries|requete|"
    "requetes|logs?|vendor|course|cours|training|formation";
// Stores of people: "customer database", "mailing list", "fichier clients", "carnet d'adresses".
constexpr std::string_view kStoreOwners = "mailing|address";
constexpr std::string_view kStoreNouns =
    "databases?|db|lists?|tables?|base|book|files?|directory|directories|datasets?|data set|"
    "spreadsheets?|exports?|dumps?|repository|crm";
constexpr std::string_view kWholeStores = "carnet d adresses|liste de diffusion";
constexpr std::string_view kStoreNounsFr =
    "base|base de donnees|bdd|fichier|liste|table|tableau|annuaire|repertoire";
constexpr std::string_view kStoreLinksFr =
    "des|de nos|de tous les|de toutes les|de mes|de vos|d";
// "emails of our customers", "adresses e-mail des clients".
constexpr std::string_view kAttributeLinks = "of|for|from|de|des|du|d";
constexpr std::string_view kAttributeDeterminers =
    "all|every|the|our|your|my|their|tous|toutes|les|nos|vos|mes|leurs|la";
// "data from the CRM", "everything in the database", "tout le contenu de la base".
constexpr std::string_view kContents = "everything|contents?|tout|contenu";
constexpr std::string_view kEverything = "everything|all|tout|tout le contenu|l integralite";
constexpr std::string_view kStored =
    "stored|held|contained|contenu|contenue|contenus|contenues|stocke|stockee|stockes|stockees";
constexpr std::string_view kContentLinks = "from|in|of|de|du|dans|depuis";
constexpr std::string_view kStoreDeterminers = "the|our|your|my|la|le|notre|votre|l";

// A free word between quantifier and noun ("all *active* customers") is never one of these.
constexpr std::string_view kBreakers =
    "to|for|from|about|with|without|in|on|at|by|into|onto|via|per|over|under|since|before|after|"
    "during|than|that|which|who|whom|whose|where|when|how|why|what|and|or|but|if|of|is|are|was|"
    "were|be|been|has|have|had|do|does|did|will|would|can|could|should|must|may|might|this|"
    "these|those|it|its|the|a|an|all|every|each|we|you|they|i|he|she|steps|fields|columns|tabs|"
    "types|kinds|categories|options|settings|features|ways|reasons|questions|tips|rules|best|"
    "same|times?|days?|weeks?|months?|years?|au|aux|pour|sur|avec|sans|dans|par|vers|chez|"
    "depuis|avant|apres|pendant|que|qui|quoi|dont|ou|quand|comment|pourquoi|et|mais|si|de|des|"
    "du|d|est|sont|etait|ont|le|la|les|un|une|ce|cette|ces|tous|toutes|nous|vous|ils|elles|on|"
    "je|tu|il|elle|jours?|fois|semaines?|mois|ans|annees?|etapes|champs|colonnes|onglets|"
    "categories|parametres|fonctionnalites|regles|conseils";
// "all the objections customers raised": the people are the subject of a relative clause.
constexpr std::string_view kSubjectVerbs =
    "asked|raised|made|said|told|gave|sent|wrote|bought|paid|found|left|want|need|like|love|"
    "prefer|hate|use|ask|request|report|mention|buy|expect|see|have|had|get|got|complain";
// "give all customers a discount", "show all users how to": the people are the recipients.
constexpr std::string_view kIndirectObjects =
    "a|an|the|our|their|your|his|her|some|how|what|why|access|permissions?|rights?|credits?|"
    "discounts?|feedback|priority|un|une|le|la|les|des|nos|leurs|vos|notre|leur|votre|comment|"
    "pourquoi|acces|droits?|remises?|reductions?";
// One named record after the object: "... of client 42", "... for Mr. Smith", "... de Marie".
constexpr std::string_view kRecordLinks = "of|for|from|about|de|du|d|pour|concernant";
constexpr std::string_view kPeopleRecordLinks = "of|for|about|de|du|d|pour|concernant";
constexpr std::string_view kRecordTitles =
    "the|this|that|a|one|single|client|customer|contact|user|lead|account|company|mr|mrs|ms|"
    "miss|dr|m|mme|mlle|madame|monsieur|le|la|ce|cette|cet|un|une|seul|seule|notre|our|my|mon|"
    "ma|son|sa|his|her";
// The prompt's own content ("the phone numbers in the text below") or a deictic scope ("all
// contacts of this account"): not the CRM's data.
constexpr std::string_view kParticiples =
    "mentioned|named|listed|cited|referenced|quoted|included|contained|found|appearing|present|"
    "mentionnes?|mentionnees?|cites?|citees?|nommes?|nommees?|presents?|presentes?|figurant|"
    "apparaissant";
constexpr std::string_view kSourceLinks =
    "from|in|out of|within|inside|on|into|of|for|de|du|des|dans|sur|pour";
constexpr std::string_view kSourceDeterminers = "the|my|le|la|les|mon|ma|mes|l";
constexpr std::string_view kSourceNouns =
    "following|attached|below|above|pasted|text|document|doc|thread|message|email|e mail|mail|"
    "conversation|chat|paragraph|pdf|page|transcript|notes?|snippet|screenshot|image|input|"
    "prompt|texte|fil|piece jointe|suivant|suivante|courriel|passage|article|meeting|reunion|"
    "call|appel|paste";
constexpr std::string_view kDeicticLinks =
    "from|in|of|for|about|at|on|within|de|du|dans|sur|pour|chez";
constexpr std::string_view kDeictics = "this|that|these|those|ce|cette|cet|ces";
constexpr std::string_view kHere = "below|above|here|ci dessous|ci dessus|suivants?|suivantes?";

// Counts: "(the) (top) 5000", "all the 250", "les 3 000 premiers", "thousands of".
constexpr std::string_view kCountDeterminers =
    "all|all the|tous les|toutes les|the|les|nos|our|vos|mes|your|my";
constexpr std::string_view kRanks = "top|first|last|latest|premiers|premieres|derniers|dernieres";
constexpr std::string_view kVague = "a|one|un|une|des|several|plusieurs|quelques|a few|many";
constexpr std::string_view kCountLinks = "of|de|d";
constexpr std::string_view kCountLinkDeterminers = "the|our|your|nos|vos|mes|les";
// Whole-word counts and the number each stands for at least.
constexpr std::array<std::pair<std::string_view, int64_t>, 11> kCountWords = {{
    {"hundred", 100}, {"hundreds", 200}, {"centaines", 200}, {"thousand", 1'000},
    {"mille", 1'000}, {"millier", 1'000}, {"thousands", 2'000}, {"milliers", 2'000},
    {"million", 1'000'000}, {"millions", 2'000'000}, {"k", 1'000},
}};

// Word beginnings without which no object can follow a verb: the prefilter that keeps the
// grammar off verbs about anything else ("list all the steps"). Keep in step with the objects.
constexpr std::array<std::string_view, 50> kObjectStems = {
    "contact",  "client",    "custom",   "user",     "utilisat",  "lead",       "prospect",
    "subscri",  "abonn",     "record",   "enregistr", "fiche",    "account",    "mail",
    "email",    "courriel",  "phone",    "telephone", "tel",      "mobile",     "cell",
    "num",      "name",      "nom",      "detail",   "info",      "data",       "donnee",
    "address",  "adresse",   "profil",   "pii",      "personal",  "personnel",  "coordonnee",
    "db",       "base",      "bdd",      "crm",      "entrepot",  "table",      "everything",
    "tout",     "contenu",   "carnet",   "diffusion", "director", "annuaire",   "repertoire",
    "book",
};
constexpr size_t kWordsAhead = 16;

// --- The words before a verb, folded, one space between words: not a request when they end so.
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
// ...but "can we export all contacts" asks. Wishes are never descriptions ("I need").
constexpr std::array<std::string_view, 8> kAskingBefore = {
    "can we ", "can i ", "could we ", "could i ", "should we ", "should i ", "may i ", "may we ",
};
// Wishes that ask only after given words ("can I have", "I'd like", "please get") or, for
// `recipient_after`, before "me"/"us" ("get me all clients").
struct Gate {
  std::string_view verb;
  std::array<std::string_view, 6> before;
  bool recipient_after;
};
constexpr std::array<Gate, 3> kGates = {{
    {"get", {"you ", "please ", "to ", "i "}, true},
    {"have", {"can i ", "could i ", "may i ", "can we ", "could we ", "may we "}, false},
    {"like", {"'d ", "would "}, false},
}};

// --- Folding and words.

// One character of `text` at `i`, folded: ASCII letters and digits in lower case, Latin-1 letters
// without their accent, both apostrophes as '\'', white space (with no-break spaces) as ' ', the
// letters of Latin Extended-A as 'x', anything else as itself (ASCII) or '?'.
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

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// What separates a word from the one before it, weakest first.
enum class Gap : uint8_t { kSpace, kJoiner, kComma, kBreak };  // kJoiner: apostrophe or hyphen

struct Token {
  size_t begin;   // bytes of the word in the text
  size_t end;
  size_t folded;  // offset of its folded form in Tokens::folded_
  size_t size;
  Gap gap;
};

// The words of a text, folded (one allocation for the folded characters, one for the list).
class Tokens {
 public:
  explicit Tokens(std::string_view text) {
    folded_.reserve(text.size());
    list_.reserve(text.size() / 5 + 1);
    Gap gap = Gap::kBreak;
    bool in_word = false;
    for (size_t i = 0; i < text.size();) {
      const FoldedChar f = fold_at(text, i);
      if (is_word_char(f.c)) {
        if (!in_word) list_.push_back({i, i, folded_.size(), 0, gap});
        in_word = true;
        folded_ += f.c;
        ++list_.back().size;
        list_.back().end = i + f.length;
      } else {
        if (in_word) gap = Gap::kSpace;
        in_word = false;
        const Gap here = f.c == ' '                 ? Gap::kSpace
                         : f.c == '\'' || f.c == '-' ? Gap::kJoiner
                         : f.c == ','                ? Gap::kComma
                                                     : Gap::kBreak;
        gap = std::max(gap, here);
      }
      i += f.length;
    }
  }

  [[nodiscard]] size_t size() const { return list_.size(); }
  [[nodiscard]] const Token& operator[](size_t i) const { return list_[i]; }
  [[nodiscard]] std::string_view word(size_t i) const {
    return i < list_.size() ? std::string_view(folded_).substr(list_[i].folded, list_[i].size)
                            : std::string_view();
  }
  // Word `i` continues a phrase: only spaces, an apostrophe or a hyphen before it.
  [[nodiscard]] bool joined(size_t i) const { return i < list_.size() && list_[i].gap < Gap::kComma; }

 private:
  std::string folded_;
  std::vector<Token> list_;
};

// --- Phrase tables: a vocabulary spec parsed once, indexed by first word.

class PhraseTable {
 public:
  explicit PhraseTable(std::string_view spec) {
    for (const std::string& phrase : core::split(spec, '|')) add(core::split(phrase, ' '), 0, {});
    std::sort(phrases_.begin(), phrases_.end());
  }

  // Length in words of the longest phrase at word `i` (0 when none). Its first word may follow
  // anything (callers check); the next ones must be joined to it.
  [[nodiscard]] size_t longest_at(const Tokens& t, size_t i) const {
    const std::string_view first = t.word(i);
    if (first.empty()) return 0;
    auto it = std::lower_bound(phrases_.begin(), phrases_.end(), first,
                               [](const auto& p, std::string_view w) { return p.front() < w; });
    size_t best = 0;
    for (; it != phrases_.end() && it->front() == first; ++it) {
      size_t n = 1;
      while (n < it->size() && t.joined(i + n) && t.word(i + n) == (*it)[n]) ++n;
      if (n == it->size()) best = std::max(best, n);
    }
    return best;
  }

 private:
  // Expands a final '?' ("contacts?" -> "contact", "contacts") word by word.
  void add(const std::vector<std::string>& words, size_t k, std::vector<std::string> done) {
    if (k == words.size()) {
      phrases_.push_back(std::move(done));
      return;
    }
    std::string w = words[k];
    if (!w.empty() && w.back() == '?') {
      w.pop_back();
      auto shorter = done;
      shorter.push_back(w.substr(0, w.size() - 1));
      add(words, k + 1, std::move(shorter));
    }
    done.push_back(std::move(w));
    add(words, k + 1, std::move(done));
  }

  std::vector<std::vector<std::string>> phrases_;
};

// Every table, parsed once for all rule instances (immutable afterwards, so shared by threads).
struct Lexicon {
  PhraseTable extract{kExtractVerbs}, strong{kStrongVerbs}, transfer{kTransferVerbs},
      mail{kMailVerbs}, wish{kWishVerbs}, maker{kMakerVerbs};
  PhraseTable recipients{kRecipients}, adverbs{kAdverbs};
  PhraseTable container_determiners{kContainerDeterminers},
      container_adjectives{kContainerAdjectives}, container_nouns{kContainerNouns},
      container_formats{kContainerFormats}, whole_adjectives_fr{kWholeAdjectivesFr},
      container_links{kContainerLinks};
  PhraseTable all{kAll}, possessives{kPossessives}, every_one_of{kEveryOneOf},
      definite{kDefinite}, indefinite{kIndefinite}, whole_adjectives{kWholeAdjectives},
      list_nouns{kListNouns}, every{kEvery}, all_fr{kAllFr},
      all_fr_determiners{kAllFrDeterminers}, whole_fr{kWholeFr},
      whole_fr_determiners{kWholeFrDeterminers}, totality_fr{kTotalityFr},
      list_determiners_fr{kListDeterminersFr}, list_nouns_fr{kListNounsFr}, of_the_fr{kOfTheFr},
      singular_quantifiers{kSingularQuantifiers};
  PhraseTable people{kPeople}, people_plural{kPeoplePlural}, attributes_en{kAttributesEn},
      attributes_fr{kAttributesFr}, personal_data{kPersonalData},
      personal_data_singular{kPersonalDataSingular}, personal{kPersonal}, stores{kStores},
      tables{kTables}, artifacts{kArtifacts}, store_owners{kStoreOwners},
      store_nouns{kStoreNouns}, whole_stores{kWholeStores}, store_nouns_fr{kStoreNounsFr},
      store_links_fr{kStoreLinksFr}, attribute_links{kAttributeLinks},
      attribute_determiners{kAttributeDeterminers}, contents{kContents},
      everything{kEverything}, stored{kStored}, content_links{kContentLinks},
      store_determiners{kStoreDeterminers};
  PhraseTable breakers{kBreakers}, subject_verbs{kSubjectVerbs},
      indirect_objects{kIndirectObjects}, record_links{kRecordLinks},
      people_record_links{kPeopleRecordLinks}, record_titles{kRecordTitles},
      participles{kParticiples}, source_links{kSourceLinks},
      source_determiners{kSourceDeterminers}, source_nouns{kSourceNouns},
      deictic_links{kDeicticLinks}, deictics{kDeictics}, here{kHere};
  PhraseTable count_determiners{kCountDeterminers}, ranks{kRanks}, vague{kVague},
      count_links{kCountLinks}, count_link_determiners{kCountLinkDeterminers};
};

const Lexicon& lexicon() {
  static const Lexicon kLexicon;
  return kLexicon;
}
