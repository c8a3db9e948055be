// scope_check: what callers of one org and role may not ask about, from the policy's
// restrictions: topics (phrases), client names, and data domains (the built-in English and French
// vocabularies below). Matching is case- and accent-insensitive (Latin-1 and Latin Extended-A are
// folded: "é" is "e", "ß" is "ss") and on word boundaries ("Acme" is not in "Acmeville"); topics
// and domain words also match their plural ("layoff" finds "layoffs"). Spans are bytes of the
// original text. Excerpts are policy words — the topic or client as the policy writes it, the
// domain word as the vocabulary writes it — never text copied from the prompt, which the rule
// neither keeps nor logs.
//
// The factory folds every term once and indexes it by its first word; a scan folds the text once
// (only when a restriction applies to the caller) and looks each word up in that index.
#include <algorithm>
#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "compliance/detect/word_key.hpp"
#include "compliance/rules/builtin.hpp"
#include "core/text.hpp"

namespace novacrm::compliance {

namespace {

// --- Domains: '|'-separated words and phrases, written as people write them (folded when the
// rule is built). A phrase starting with '!' is a look-alike that is consumed without a finding
// ("empreinte carbone" is no fingerprint).
struct Domain {
  std::string_view name;
  std::string_view words;
};

constexpr std::array<Domain, 6> kDomains = {{
    {"biometrics",
     "fingerprint|face scan|facial scan|facial recognition|face recognition|retina scan|"
     "iris scan|voiceprint|voice print|biometric|biometrics|biometric data|facial geometry|"
     "empreinte|empreinte digitale|empreintes digitales|empreinte biométrique|empreinte vocale|"
     "empreinte rétinienne|reconnaissance faciale|scan facial|scan du visage|"
     "données biométriques|biométrie|biométrique|biométriques|!empreinte carbone|"
     "!empreinte écologique|!empreinte environnementale|!empreinte numérique"},
    {"finance",
     "salary|salaries|wage|pay slip|payslip|paycheck|pay stub|compensation package|"
     "bank account|bank details|bank statement|account number|credit score|credit rating|"
     "credit history|credit card|income|tax return|debt|loan|mortgage|net worth|"
     "revenue per client|revenue per customer|per-client revenue|iban|salaire|rémunération|"
     "fiche de paie|bulletin de salaire|bulletin de paie|compte bancaire|coordonnées bancaires|"
     "relevé bancaire|rib|score de crédit|solvabilité|revenus|impôts|avis d'imposition|"
     "déclaration fiscale|dette|endettement|prêt immobilier|prêt bancaire|prêt personnel|"
     "crédit immobilier|patrimoine|chiffre d'affaires par client"},
    {"health",
     "diagnosis|diagnoses|diagnosed|medical record|medical history|medical condition|"
     "medical file|health record|health condition|health status|health data|"
     "health information|illness|disease|sick leave|sick note|medication|prescription|"
     "pregnancy|pregnant|disability|mental health|therapy|psychiatric|cancer|hiv|diabetes|"
     "depression|hospitalization|hospitalisation|hospitalized|blood test|allergy|allergies|"
     "maladie|santé|diagnostic|dossier médical|dossiers médicaux|antécédents médicaux|"
     "arrêt maladie|arrêt de travail|congé maladie|congé de maladie|handicap|grossesse|"
     "enceinte|traitement médical|ordonnance|médicament|pathologie|état de santé|"
     "certificat médical|mutuelle|médecin traitant|santé mentale|dépression|"
     "!diagnostic technique|!diagnostic réseau|!diagnostic informatique|"
     "!diagnostic de performance énergétique"},
    {"hr",
     "performance review|performance evaluation|performance appraisal|appraisal|disciplinary|"
     "disciplinary action|disciplinary hearing|dismissal|termination of employment|layoff|"
     "redundancy|redundancies|absenteeism|warning letter|written warning|grievance|"
     "performance improvement plan|background check|criminal record|employee file|"
     "personnel file|évaluation annuelle|entretien annuel|entretien d'évaluation|"
     "entretien individuel|licenciement|sanction disciplinaire|procédure disciplinaire|"
     "avertissement disciplinaire|rupture conventionnelle|mise à pied|absentéisme|"
     "casier judiciaire|plan social|dossier du salarié|dossier personnel"},
    {"legal",
     "lawsuit|litigation|legal action|legal proceedings|court case|court order|subpoena|"
     "indictment|arbitration|injunction|legal dispute|class action|criminal charges|"
     "contentieux|procès|litige|poursuite judiciaire|poursuites judiciaires|action en justice|"
     "assignation en justice|tribunal|dépôt de plainte|porter plainte|plainte pénale|mise en "
     "demeure|"
     "procédure judiciaire|prud'hommes|prudhommes|condamnation|!procès-verbal|!procès-verbaux"},
    {"politics_religion",
     "political opinion|political views|political affiliation|political party|"
     "party membership|voting intention|voting preference|religion|religious|"
     "religious belief|union membership|trade union|labor union|labour union|union member|"
     "opinion politique|opinions politiques|parti politique|appartenance politique|"
     "orientation politique|religieux|religieuse|croyance religieuse|croyances religieuses|"
     "confession religieuse|syndicat|syndiqué|syndiquée|appartenance syndicale|"
     "adhésion syndicale|délégué syndical"},
}};

enum class Kind : uint8_t { kTopic, kClient, kDomain, kLookAlike };

std::string_view entity_of(Kind kind) {
  switch (kind) {
    case Kind::kTopic:
      return "forbidden_topic";
    case Kind::kClient:
      return "restricted_client";
    default:
      return "restricted_domain";
  }
}

// --- Folding: lower case, no accents, white space runs and hyphens as one space, both
// apostrophes as '\'', punctuation and symbols outside ASCII as '\x01'. Other scripts are kept.

// U+00C0..U+017F: the folded letter, '*' for the two-letter folds, '.' for × and ÷.
constexpr std::string_view kLatin =
    "aaaaaa*ceeeeiiiidnooooo.ouuuuy**aaaaaa*ceeeeiiiidnooooo.ouuuuy*y"
    "aaaaaaccccccccddddeeeeeeeeeegggggggghhhhiiiiiiiiii**jjkkklllllll"
    "lllnnnnnnnnnoooooo**rrrrrrssssssssttttttuuuuuuuuuuuuwwyyyzzzzzzs";

static_assert(kLatin.size() == 0x180 - 0xC0);

constexpr char kSymbol = '\x01';

std::string_view fold_latin(uint32_t cp) {
  switch (cp) {
    case 0xC6:
    case 0xE6:
      return "ae";
    case 0xDE:
    case 0xFE:
      return "th";
    case 0xDF:
      return "ss";
    case 0x132:
    case 0x133:
      return "ij";
    case 0x152:
    case 0x153:
      return "oe";
    default:
      break;
  }
  const size_t i = cp - 0xC0;
  return kLatin[i] == '.' ? std::string_view(&kSymbol, 1) : kLatin.substr(i, 1);
}

// The code point at `text[i]` and its length. Malformed UTF-8 (which callers never pass) reads as
// U+FFFD one byte at a time, so that folding still never lengthens the text.
std::pair<uint32_t, size_t> decode(std::string_view text, size_t i) {
  constexpr std::pair<uint32_t, size_t> kMalformed{0xFFFD, 1};
  const auto b = static_cast<unsigned char>(text[i]);
  if (b < 0x80) return {b, 1};
  const size_t n = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : b >= 0xC2 ? 2 : 0;
  if (n == 0 || i + n > text.size()) return kMalformed;
  uint32_t cp = b & (0x7FU >> n);
  for (size_t k = 1; k < n; ++k) {
    const auto c = static_cast<unsigned char>(text[i + k]);
    if ((c & 0xC0U) != 0x80U) return kMalformed;
    cp = (cp << 6) | (c & 0x3FU);
  }
  return {cp, n};
}

// The folded form of `text` in `out`; `origin`, when given, gets for each folded byte the offset
// of the character it came from, and one last entry: text.size(). Folding never lengthens a text
// (a two-letter fold replaces a two-byte character), so both are written in place.
void fold(std::string_view text, std::string& out, std::vector<uint32_t>* origin) {
  out.resize(text.size());
  if (origin != nullptr) origin->resize(text.size() + 1);
  size_t n = 0;
  const auto emit = [&](char c, size_t from) {
    if (c == ' ' && (n == 0 || out[n - 1] == ' ')) return;  // one space per run
    out[n] = c;
    if (origin != nullptr) (*origin)[n] = static_cast<uint32_t>(from);
    ++n;
  };
  for (size_t i = 0; i < text.size();) {
    const auto b = static_cast<unsigned char>(text[i]);
    if (b < 0x80) {  // ASCII, most of any text
      const bool space = b == ' ' || b == '-' || (b >= '\t' && b <= '\r');
      emit(space ? ' ' : static_cast<char>(b >= 'A' && b <= 'Z' ? b + 32 : b), i);
      ++i;
      continue;
    }
    const auto [cp, length] = decode(text, i);
    if (cp >= 0xC0 && cp <= 0x17F) {
      for (char c : fold_latin(cp)) emit(c, i);
    } else if (cp >= 0x300 && cp <= 0x36F) {
      // a combining accent: dropped
    } else if (cp == 0xA0 || cp == 0x3000 || (cp >= 0x2000 && cp <= 0x200B) || cp == 0x202F ||
               cp == 0x205F || cp == 0x2010 || cp == 0x2011) {
      emit(' ', i);
    } else if (cp == 0x2018 || cp == 0x2019) {
      emit('\'', i);
    } else if (cp < 0xC0 || (cp >= 0x2000 && cp <= 0x2BFF) || cp >= 0x10000) {
      emit(kSymbol, i);  // Latin-1 signs, punctuation, symbols, emoji
    } else {
      for (size_t k = 0; k < length; ++k) emit(text[i + k], i);  // another script: kept
    }
    i += length;
  }
  out.resize(n);
  if (origin != nullptr) {
    (*origin)[n] = static_cast<uint32_t>(text.size());
    origin->resize(n + 1);
  }
}

std::string folded(std::string_view text) {
  std::string out;
  fold(core::trim(text), out, nullptr);
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

bool is_word(char c) {
  const auto u = static_cast<unsigned char>(c);
  return u >= 0x80 || (u >= 'a' && u <= 'z') || (u >= '0' && u <= '9') || u == '_';
}

// --- The index: every term by the first 16 bytes of its first word.

using Key = detect::WordKey;

Key key_of(std::string_view word) { return detect::word_key(word); }

// The first word of folded `s` at `i`: a run of word characters, or one other character.
size_t word_end(std::string_view s, size_t i) {
  if (!is_word(s[i])) return i + 1;
  while (i < s.size() && is_word(s[i])) ++i;
  return i;
}

using KeyFilter = detect::WordKeyFilter;

constexpr std::array<std::string_view, 4> kPluralEndings = {"", "s", "es", "x"};

struct Term {
  std::string folded;
  std::string excerpt;  // a policy or vocabulary word, never prompt text
  Kind kind;
  uint32_t restriction;
  bool plural;  // the last word also matches with -s, -es or -x ("layoffs", "litiges")
};

struct Entry {
  Key first;
  uint32_t term;
};

struct Who {
  std::string org;
  std::string role;

  [[nodiscard]] bool covers(const ScanContext& c) const {
    return (org.empty() || org == "*" || org == c.org) &&
           (role.empty() || role == "*" || role == c.role);
  }
};

class ScopeRule final : public Rule {
 public:
  ScopeRule(std::vector<Who> who, std::vector<Term> terms, Severity severity)
      : who_(std::move(who)), terms_(std::move(terms)), severity_(severity) {
    for (uint32_t t = 0; t < terms_.size(); ++t) {
      const std::string& f = terms_[t].folded;
      index_.push_back({key_of(std::string_view(f).substr(0, word_end(f, 0))), t});
      filter_.add(index_.back().first);
    }
    std::sort(index_.begin(), index_.end(), [this](const Entry& a, const Entry& b) {
      if (a.first != b.first) return a.first < b.first;
      return terms_[a.term].folded.size() > terms_[b.term].folded.size();  // longest first
    });
  }

  [[nodiscard]] std::string_view key() const override { return kScopeRuleKey; }

  void analyze(std::string_view text, const ScanContext& context,
               std::vector<Finding>& out) const override {
    if (std::none_of(who_.begin(), who_.end(), [&](const Who& w) { return w.covers(context); })) {
      return;
    }
    std::string f;
    std::vector<uint32_t> origin;
    fold(text, f, &origin);
    for (size_t p = 0; p < f.size();) {
      if (f[p] == ' ') {
        ++p;
        continue;
      }
      const size_t first_end = word_end(f, p);
      const auto match = match_at(f, p, first_end, context);
      if (!match) {
        p = first_end;
        continue;
      }
      const Term& term = terms_[match->first];
      if (term.kind != Kind::kLookAlike) {
        out.push_back(Finding{std::string(kScopeRuleKey), std::string(entity_of(term.kind)),
                              severity_, byte_span(origin[p], origin[match->second]),
                              term.excerpt});
      }
      p = match->second;
    }
  }

 private:
  // The longest term of a restriction covering `context` at folded `f[p]` (its first word ends at
  // `first_end`), with where it ends. A one-word term may be the word without a plural ending.
  [[nodiscard]] std::optional<std::pair<uint32_t, size_t>> match_at(
      std::string_view f, size_t p, size_t first_end, const ScanContext& context) const {
    const std::string_view word = f.substr(p, first_end - p);
    for (std::string_view ending : kPluralEndings) {
      if (!ending.empty() && (word.size() <= ending.size() + 1 || !word.ends_with(ending))) {
        continue;
      }
      const Key first = key_of(word.substr(0, word.size() - ending.size()));
      if (!filter_.may_contain(first)) continue;
      auto it = std::lower_bound(index_.begin(), index_.end(), first,
                                 [](const Entry& e, const Key& k) { return e.first < k; });
      for (; it != index_.end() && it->first == first; ++it) {
        const Term& term = terms_[it->term];
        if (!f.substr(p).starts_with(term.folded) || !who_[term.restriction].covers(context)) {
          continue;
        }
        if (const auto end = end_of(f, p + term.folded.size(), term)) {
          return std::pair{it->term, *end};
        }
      }
    }
    return std::nullopt;
  }

  // Where a term that ends at `q` ends on a word boundary, after a plural ending if it has one.
  static std::optional<size_t> end_of(std::string_view f, size_t q, const Term& term) {
    const auto boundary = [&](size_t e) { return e >= f.size() || !is_word(f[e]); };
    if (!is_word(term.folded.back()) || boundary(q)) return q;
    if (!term.plural) return std::nullopt;
    for (std::string_view ending : std::span(kPluralEndings).subspan(1)) {
      if (f.substr(q).starts_with(ending) && boundary(q + ending.size())) return q + ending.size();
    }
    return std::nullopt;
  }

  std::vector<Who> who_;
  std::vector<Term> terms_;
  std::vector<Entry> index_;
  KeyFilter filter_;
  Severity severity_;
};

// "health, finance" for the error of an unknown domain.
std::string known_domains() {
  std::vector<std::string_view> names;
  names.reserve(kDomains.size());
  for (const Domain& d : kDomains) names.push_back(d.name);
  std::sort(names.begin(), names.end());
  std::string out;
  for (std::string_view n : names) out += (out.empty() ? "" : ", ") + std::string(n);
  return out;
}

void add_term(std::vector<Term>& terms, std::string_view written, Kind kind, uint32_t restriction) {
  const bool look_alike = written.starts_with('!');
  if (look_alike) written.remove_prefix(1);
  std::string f = folded(written);
  if (f.empty()) return;
  // No plural for names, short words ("rib" is not "ribs") or words that end like one already
  // ("procès" + "s" would be "process").
  const bool plural = kind != Kind::kClient && f.size() >= 4 && f.back() >= 'a' &&
                      f.back() <= 'z' &&
                      std::string_view("sxz").find(f.back()) == std::string_view::npos;
  terms.push_back({std::move(f), std::string(core::trim(written)),
                   look_alike ? Kind::kLookAlike : kind, restriction, plural});
}

}  // namespace

core::Result<std::unique_ptr<Rule>> make_scope_rule(const RuleConfig& config) {
  std::vector<Who> who;
  std::vector<Term> terms;
  for (const ScopeRestriction& r : config.scope.restrictions) {
    const auto index = static_cast<uint32_t>(who.size());
    who.push_back({std::string(core::trim(r.org)), std::string(core::trim(r.role))});
    for (const std::string& topic : r.topics) add_term(terms, topic, Kind::kTopic, index);
    for (const std::string& client : r.clients) add_term(terms, client, Kind::kClient, index);
    for (const std::string& name : r.domains) {
      const std::string wanted = core::to_lower_ascii(core::trim(name));
      const auto* domain = std::find_if(kDomains.begin(), kDomains.end(),
                                        [&](const Domain& d) { return d.name == wanted; });
      if (domain == kDomains.end()) {
        return core::bad_input("scope_check.domains",
                               "unknown domain \"" + name + "\" (known: " + known_domains() + ")");
      }
      for (const std::string& word : core::split(domain->words, '|')) {
        add_term(terms, word, Kind::kDomain, index);
      }
    }
  }
  return std::unique_ptr<Rule>(std::make_unique<ScopeRule>(
      std::move(who), std::move(terms), config.severity.value_or(Severity::kHigh)));
}

}  // namespace novacrm::compliance
