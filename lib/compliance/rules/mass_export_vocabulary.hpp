// The vocabulary of no_mass_export_requests (mass_export.cpp): the verbs, quantifiers, objects
// and the words before a verb that rule a request out, in English and French. Data only; the
// grammar that reads it is in mass_export_grammar.cpp.
#pragma once

#include <array>
#include <cstddef>
#include <string_view>

namespace novacrm::compliance::mass_export {

// --- Vocabulary. Written folded: lower case, no accents, an apostrophe or a hyphen as a space
// ("l ensemble des" matches "l'ensemble des", "e mail" matches "e-mail"). '|' separates phrases;
// a final '?' makes a word's last letter optional ("contacts?" is "contact" or "contacts").

// Verbs taking the records as direct object ("export all contacts").
inline constexpr std::string_view kExtractVerbs =
    "export|exporting|exporte|exporter|exportez|dump|dumping|dumpe|dumper|dumpez|download|"
    "downloading|extract|extracting|extrais|extraire|extrait|extrayez|telecharge|telecharger|"
    "telechargez|list|listing|liste|lister|listez|pull|fetch|retrieve|grab|scrape|copy|copie|"
    "copier|copiez|print|output|display|gather|collect|collecte|collecter|collectez|recupere|"
    "recuperer|recuperez|sors|sortir|sortez|imprime|imprimer|imprimez|affiche|afficher|affichez|"
    "rassemble|rassembler|rassemblez|aspire|aspirer|aspirez|sauvegarde|sauvegarder|sauvegardez|"
    "back up";
// The subset for which a bare plural or the store is enough ("export contacts", "dump the CRM").
inline constexpr std::string_view kStrongVerbs =
    "export|exporting|exporte|exporter|exportez|dump|dumping|dumpe|dumper|dumpez|download|"
    "downloading|extract|extracting|extrais|extraire|extrait|extrayez|telecharge|telecharger|"
    "telechargez|scrape|aspire|aspirer|aspirez|pull|fetch|retrieve|grab|recupere|recuperer|"
    "recuperez|back up|sauvegarde|sauvegarder|sauvegardez|copy|copie|copier|copiez";
// With a recipient: "give me all clients" is an export, "give all clients a discount" is not.
inline constexpr std::string_view kTransferVerbs =
    "send|send over|give|show|share|provide|forward|hand over|envoie|envoyer|envoyez|donne|donner|"
    "donnez|montre|montrer|montrez|partage|partager|partagez|transmets|transmettre|transmettez|"
    "fournis|fournir|fournissez";
// Only with a recipient: "email me all ...", never "email all customers about ..." (a mailing).
inline constexpr std::string_view kMailVerbs = "email|e mail|mail";
// Wishes: "I need all customer emails", "j'ai besoin de tous les contacts".
inline constexpr std::string_view kWishVerbs =
    "need|want|require|like|obtain|receive|besoin de|besoin d|veux|voudrais|voudrions|souhaite|"
    "souhaiterais|aimerais|faut|avoir|obtenir|recevoir|get|have";
// Only with a container: "create a list of all clients", never "create all contacts".
inline constexpr std::string_view kMakerVerbs =
    "create|generate|build|make|prepare|produce|compile|draw up|put together|cree|creer|creez|"
    "genere|generer|generez|preparer|preparez|fais|faire|faites|dresse|dresser|dressez|compiler|"
    "compilez";

inline constexpr std::string_view kRecipients =
    "me|us|to me|to us|for me|for us|me with|us with|moi|nous";
inline constexpr std::string_view kAdverbs =
    "please|pls|plz|quickly|now|just|also|again|immediately|asap|svp|stp|s il te plait|"
    "s il vous plait|vite|rapidement|aussi|directement|maintenant|immediatement";

// Containers: "a CSV of", "une liste de", "the emails of", "un export complet de".
inline constexpr std::string_view kContainerDeterminers =
    "a|an|the|one|un|une|la|le|les|l|mon|ma|notre|votre|our|your";
inline constexpr std::string_view kContainerAdjectives =
    "single|quick|big|new|simple|clean|small|short|full|complete|entire|petit|petite|nouvel|"
    "nouvelle|rapide|grand|grande|csv|excel";
inline constexpr std::string_view kContainerNouns =
    "lists?|listing|csv|files?|spreadsheet|sheet|excel|export|dump|extract|copy|backup|table|"
    "liste|fichier|tableau|extraction|extrait|copie|sauvegarde|tableur";
inline constexpr std::string_view kContainerFormats = "csv|excel|xlsx|file|fichier";
inline constexpr std::string_view kWholeAdjectivesFr =
    "complet|complete|entier|entiere|exhaustif|exhaustive|integral|integrale|total|totale|globale?";
inline constexpr std::string_view kContainerLinks =
    "of|with|containing|including|listing|de|des|du|d|avec|contenant|comprenant";

// Quantifiers: "all (of) (our)", "every single one of", "the full list of (all)", "the whole",
// "tous les", "toute la", "l'ensemble des", "la totalité des", "la liste complète des".
inline constexpr std::string_view kAll = "all|all of";
inline constexpr std::string_view kPossessives = "the|our|your|my|their|these|those|its";
inline constexpr std::string_view kEveryOneOf = "every one of|every single one of";
inline constexpr std::string_view kDefinite = "the|our|my|your|their";
inline constexpr std::string_view kIndefinite = "a|an";
inline constexpr std::string_view kWholeAdjectives =
    "full|complete|entire|whole|total|exhaustive|comprehensive";
inline constexpr std::string_view kListNouns =
    "list|listing|set|file|export|dump|extract|copy|backup|table|csv|spreadsheet";
inline constexpr std::string_view kEvery = "all|every";
inline constexpr std::string_view kAllFr = "tous|toutes";
inline constexpr std::string_view kAllFrDeterminers = "les|nos|vos|mes|tes|ces|leurs";
inline constexpr std::string_view kWholeFr = "tout|toute";
inline constexpr std::string_view kWholeFrDeterminers =
    "le|la|l|notre|votre|mon|ma|ton|ta|leur|ce|cette";
inline constexpr std::string_view kTotalityFr = "l ensemble|la totalite|l integralite";
inline constexpr std::string_view kListDeterminersFr = "la|le|une|un|notre|votre|ma|mon|l";
inline constexpr std::string_view kListNounsFr =
    "liste|listing|fichier|export|extraction|extrait|copie|sauvegarde|base|table|tableau";
inline constexpr std::string_view kOfTheFr =
    "des|du|de nos|de vos|de mes|de leurs|de tous les|de toutes les|de la|d";
// "every", "each", "chaque": a singular noun follows ("every client email").
inline constexpr std::string_view kSingularQuantifiers =
    "every|every single|each|each and every|chaque";

// Objects: who the records are about, what about them, where they are kept.
inline constexpr std::string_view kPeople =
    "contact|client|cliente|customer|user|utilisateur|utilisatrice|lead|prospect|subscriber|"
    "abonne|abonnee|record|enregistrement|fiche|account holder";
inline constexpr std::string_view kPeoplePlural =
    "contacts|clients|clientes|customers|users|utilisateurs|utilisatrices|leads|prospects|"
    "subscribers|abonnes|abonnees|records|enregistrements|fiches|account holders";
inline constexpr std::string_view kAttributesEn =
    "emails?|e mails?|email address|email addresses|e mail address|e mail addresses|"
    "mail address|mail addresses|mailing address|mailing addresses|phones?|phone numbers?|"
    "phone nos?|mobiles?|mobile numbers?|cells?|cell numbers?|telephones?|telephone numbers?|"
    "contact numbers?|contact details|contact info|contact information|contact data|numbers?|"
    "names?|details|info|information|data|address|addresses|profiles?|pii";
inline constexpr std::string_view kAttributesFr =
    "adresses? e mails?|adresses? emails?|adresses? mails?|adresses? electroniques?|"
    "adresses? courriels?|adresses? postales?|e mails?|emails?|mails?|courriels?|numeros?|"
    "numeros? de telephone|numeros? de portable|numeros? de mobile|numeros? de tel|telephones?|"
    "coordonnees|coordonnees completes|coordonnees personnelles|coordonnees bancaires|noms?|"
    "donnees|donnees personnelles|informations|infos|profils?|fiches?|adresses?";
// Personal data on its own, without naming whose ("all email addresses").
inline constexpr std::string_view kPersonalData =
    "email addresses|e mail addresses|mail addresses|mailing addresses|phone numbers|"
    "mobile numbers|cell numbers|telephone numbers|contact details|contact info|"
    "contact information|contact data|personal data|personal details|personal information|"
    "personal info|home addresses|pii|adresses e mails?|adresses emails?|adresses mails?|"
    "adresses electroniques|adresses courriels?|numeros de telephone|numeros de portable|"
    "numeros de mobile|numeros de tel|coordonnees|donnees personnelles";
inline constexpr std::string_view kPersonalDataSingular =
    "email address|e mail address|phone number|mobile number|cell number|telephone number|"
    "adresse e mail|adresse email|adresse mail|adresse electronique|adresse courriel|"
    "numero de telephone|numero de portable|numero de mobile|numero de tel";
inline constexpr std::string_view kPersonal = "personal";
// The store itself; "the CRM app", "the database schema" are not the data.
inline constexpr std::string_view kStores =
    "databases?|db|crm|base de donnees|bdd|base|datasets?|data set|data warehouse|"
    "entrepot de donnees";
inline constexpr std::string_view kTables = "tables?";
inline constexpr std::string_view kArtifacts =
    "app|application|software|tool|plugin|extension|schema|structure|docs?|documentation|guide|"
    "manual|manuel|template|modele|connector|connecteur|update|version|licence|license|logo|"
    "dashboard|tableau de bord|settings|parametres|ui|interface|page|login|password|"
    "mot de passe|server|serveur|config|configuration|migration|index|query|queries|requete|"
    "requetes|logs?|vendor|course|cours|training|formation";
// Stores of people: "customer database", "mailing list", "fichier clients", "carnet d'adresses".
inline constexpr std::string_view kStoreOwners = "mailing|address";
inline constexpr std::string_view kStoreNouns =
    "databases?|db|lists?|tables?|base|book|files?|directory|directories|datasets?|data set|"
    "spreadsheets?|exports?|dumps?|repository|crm";
inline constexpr std::string_view kWholeStores = "carnet d adresses|liste de diffusion";
inline constexpr std::string_view kStoreNounsFr =
    "base|base de donnees|bdd|fichier|liste|table|tableau|annuaire|repertoire";
inline constexpr std::string_view kStoreLinksFr =
    "des|de nos|de tous les|de toutes les|de mes|de vos|d";
// "emails of our customers", "adresses e-mail des clients".
inline constexpr std::string_view kAttributeLinks = "of|for|from|de|des|du|d";
inline constexpr std::string_view kAttributeDeterminers =
    "all|every|the|our|your|my|their|tous|toutes|les|nos|vos|mes|leurs|la";
// "data from the CRM", "everything in the database", "tout le contenu de la base".
inline constexpr std::string_view kContents = "everything|contents?|tout|contenu";
inline constexpr std::string_view kEverything = "everything|all|tout|tout le contenu|l integralite";
inline constexpr std::string_view kStored =
    "stored|held|contained|contenu|contenue|contenus|contenues|stocke|stockee|stockes|stockees";
inline constexpr std::string_view kContentLinks = "from|in|of|de|du|dans|depuis";
inline constexpr std::string_view kStoreDeterminers = "the|our|your|my|la|le|notre|votre|l";

// A free word between quantifier and noun ("all *active* customers") is never one of these.
inline constexpr std::string_view kBreakers =
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
inline constexpr std::string_view kSubjectVerbs =
    "asked|raised|made|said|told|gave|sent|wrote|bought|paid|found|left|want|need|like|love|"
    "prefer|hate|use|ask|request|report|mention|buy|expect|see|have|had|get|got|complain";
// "give all customers a discount", "show all users how to": the people are the recipients.
inline constexpr std::string_view kIndirectObjects =
    "a|an|the|our|their|your|his|her|some|how|what|why|access|permissions?|rights?|credits?|"
    "discounts?|feedback|priority|un|une|le|la|les|des|nos|leurs|vos|notre|leur|votre|comment|"
    "pourquoi|acces|droits?|remises?|reductions?";
// One named record after the object: "... of client 42", "... for Mr. Smith", "... de Marie".
inline constexpr std::string_view kRecordLinks = "of|for|from|about|de|du|d|pour|concernant";
inline constexpr std::string_view kPeopleRecordLinks = "of|for|about|de|du|d|pour|concernant";
inline constexpr std::string_view kRecordTitles =
    "the|this|that|a|one|single|client|customer|contact|user|lead|account|company|mr|mrs|ms|"
    "miss|dr|m|mme|mlle|madame|monsieur|le|la|ce|cette|cet|un|une|seul|seule|notre|our|my|mon|"
    "ma|son|sa|his|her";
// The prompt's own content ("the phone numbers in the text below") or a deictic scope ("all
// contacts of this account"): not the CRM's data.
inline constexpr std::string_view kParticiples =
    "mentioned|named|listed|cited|referenced|quoted|included|contained|found|appearing|present|"
    "mentionnes?|mentionnees?|cites?|citees?|nommes?|nommees?|presents?|presentes?|figurant|"
    "apparaissant";
inline constexpr std::string_view kSourceLinks =
    "from|in|out of|within|inside|on|into|of|for|de|du|des|dans|sur|pour";
inline constexpr std::string_view kSourceDeterminers = "the|my|le|la|les|mon|ma|mes|l";
inline constexpr std::string_view kSourceNouns =
    "following|attached|below|above|pasted|text|document|doc|thread|message|email|e mail|mail|"
    "conversation|chat|paragraph|pdf|page|transcript|notes?|snippet|screenshot|image|input|"
    "prompt|texte|fil|piece jointe|suivant|suivante|courriel|passage|article|meeting|reunion|"
    "call|appel|paste";
inline constexpr std::string_view kDeicticLinks =
    "from|in|of|for|about|at|on|within|de|du|dans|sur|pour|chez";
inline constexpr std::string_view kDeictics = "this|that|these|those|ce|cette|cet|ces";
inline constexpr std::string_view kHere =
    "below|above|here|ci dessous|ci dessus|suivants?|suivantes?";

// Counts: "(the) (top) 5000", "all the 250", "les 3 000 premiers", "thousands of".
inline constexpr std::string_view kCountDeterminers =
    "all|all the|tous les|toutes les|the|les|nos|our|vos|mes|your|my";
inline constexpr std::string_view kRanks =
    "top|first|last|latest|premiers|premieres|derniers|dernieres";
inline constexpr std::string_view kVague = "a|one|un|une|des|several|plusieurs|quelques|a few|many";
inline constexpr std::string_view kCountLinks = "of|de|d";
inline constexpr std::string_view kCountLinkDeterminers = "the|our|your|nos|vos|mes|les";
// Whole-word counts and the number each stands for at least.
inline constexpr std::array<std::pair<std::string_view, int64_t>, 11> kCountWords = {{
    {"hundred", 100},
    {"hundreds", 200},
    {"centaines", 200},
    {"thousand", 1'000},
    {"mille", 1'000},
    {"millier", 1'000},
    {"thousands", 2'000},
    {"milliers", 2'000},
    {"million", 1'000'000},
    {"millions", 2'000'000},
    {"k", 1'000},
}};

// Word beginnings without which no object can follow a verb: the prefilter that keeps the
// grammar off verbs about anything else ("list all the steps"). Keep in step with the objects.
inline constexpr std::array<std::string_view, 50> kObjectStems = {
    "contact", "client",   "custom", "user",      "utilisat", "lead",      "prospect",
    "subscri", "abonn",    "record", "enregistr", "fiche",    "account",   "mail",
    "email",   "courriel", "phone",  "telephone", "tel",      "mobile",    "cell",
    "num",     "name",     "nom",    "detail",    "info",     "data",      "donnee",
    "address", "adresse",  "profil", "pii",       "personal", "personnel", "coordonnee",
    "db",      "base",     "bdd",    "crm",       "entrepot", "table",     "everything",
    "tout",    "contenu",  "carnet", "diffusion", "director", "annuaire",  "repertoire",
    "book",
};
inline constexpr size_t kWordsAhead = 16;

// Before a store of people with any request verb ("show me the customer list"), or before
// anything with export/dump/extract ("export our contacts").
inline constexpr std::string_view kDeterminers =
    "the|our|my|your|their|this|les|nos|vos|mes|tes|leurs|la|le|l|notre|votre|ma|mon|ce|cette|cet";

// --- The words before a verb, folded, one space between words: not a request when they end so.
// A noun ("the export of"), a how-to question, a negation ("never export all contacts").
inline constexpr std::array<std::string_view, 48> kNotARequestBefore = {
    "the ",         "an ",
    "a ",           "this ",
    "that ",        "our ",
    "your ",        "my ",
    "their ",       "its ",
    "l'",           "un ",
    "une ",         "le ",
    "la ",          "cette ",
    "ce ",          "cet ",
    "notre ",       "votre ",
    "mon ",         "ma ",
    "leur ",        "daily ",
    "nightly ",     "weekly ",
    "monthly ",     "how to ",
    "how do i ",    "how can i ",
    "how do we ",   "how can we ",
    "how do you ",  "how can you ",
    "how would i ", "comment ",
    "comment on ",  "comment puis-je ",
    "don't ",       "do not ",
    "never ",       "not ",
    "n'",           "ne ",
    "ne pas ",      "jamais ",
    "sans ",        "without ",
};
// "we export all contacts every night", "only managers can export all contacts" describe...
inline constexpr std::array<std::string_view, 50> kDescriptionBefore = {
    "we ",
    "they ",
    "i ",
    "he ",
    "she ",
    "it ",
    "who ",
    "which ",
    "that ",
    "job ",
    "script ",
    "system ",
    "tool ",
    "cron ",
    "batch ",
    "process to ",
    "steps to ",
    "way to ",
    "procedure to ",
    "can ",
    "cannot ",
    "can't ",
    "could ",
    "will ",
    "would ",
    "should ",
    "must ",
    "might ",
    "may ",
    "allowed to ",
    "able to ",
    "permission to ",
    "permitted to ",
    "authorized to ",
    "authorised to ",
    "right to ",
    "rights to ",
    "peut ",
    "peuvent ",
    "doit ",
    "doivent ",
    "autorise a ",
    "autorises a ",
    "droit d'",
    "won't ",
    "didn't ",
    "did ",
    "had to ",
    "needed to ",
    "used to ",
};
// ...but "can we export all contacts" asks. Wishes are never descriptions ("I need").
inline constexpr std::array<std::string_view, 8> kAskingBefore = {
    "can we ", "can i ", "could we ", "could i ", "should we ", "should i ", "may i ", "may we ",
};
// Wishes that ask only after given words ("can I have", "I'd like", "please get") or, for
// `recipient_after`, before "me"/"us" ("get me all clients").
struct Gate {
  std::string_view verb;
  std::array<std::string_view, 6> before;
  bool recipient_after;
};
inline constexpr std::array<Gate, 3> kGates = {{
    {"get", {"you ", "please ", "to ", "i "}, true},
    {"have", {"can i ", "could i ", "may i ", "can we ", "could we ", "may we "}, false},
    {"like", {"'d ", "would "}, false},
}};

}  // namespace novacrm::compliance::mass_export
