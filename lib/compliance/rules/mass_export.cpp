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
// Known limits (pinned in the tests): a request quoted as a label or used as a subject (the
// 'Export all contacts' button, "Export all contacts is a Pro feature") is reported; a pronoun
// object ("export them all") and a bare plural after a verb weaker than export, dump or extract
// ("list the contacts at Acme") are not.
#include <algorithm>
#include <array>
#include <cstdint>
#include <cstdlib>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "compliance/detect/word_key.hpp"
#include "compliance/rules/builtin.hpp"
#include "compliance/rules/mass_export_vocabulary.hpp"
#include "core/text.hpp"

namespace novacrm::compliance {

namespace {

using namespace mass_export;  // NOLINT(google-build-using-namespace): the rule's own tables

// --- Folding and words.

// One character of `text` at `i`, folded: ASCII letters and digits in lower case, Latin-1 letters
// without their accent, both apostrophes as '\'', both Unicode hyphens as '-', white space (with
// no-break spaces) as ' ', the letters of Latin Extended-A as 'x', anything else as itself
// (ASCII) or '?'.
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
  const bool two_bytes = rest.size() >= 2 && (static_cast<unsigned char>(rest[1]) & 0xC0U) == 0x80U;
  if (two_bytes && b == 0xC3) {
    // U+00C0..U+00FF by the low five bits: capitals and small letters share a row.
    static constexpr std::string_view kBase = "aaaaaaaceeeeiiiidnooooo?ouuuuyts";
    const auto second = static_cast<unsigned char>(rest[1]);
    return {second == 0xBF ? 'y' : kBase[second & 0x1FU], 2};
  }
  if (two_bytes && (b == 0xC4 || b == 0xC5)) return {'x', 2};
  if (rest.starts_with("\xE2\x80\x99") || rest.starts_with("\xE2\x80\x98")) return {'\'', 3};
  if (rest.starts_with("\xE2\x80\x90") || rest.starts_with("\xE2\x80\x91")) return {'-', 3};
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

// A folded word of up to 16 characters as two integers, so that table look-ups compare integers.
// Longer words get a key no table word has (no vocabulary word is that long).
using Key = detect::WordKey;
using KeyFilter = detect::WordKeyFilter;

constexpr Key kNoKey{~uint64_t{0}, ~uint64_t{0}};

Key key_of(std::string_view word) {
  if (word.empty() || word.size() > 16) return kNoKey;
  return detect::word_key(word);
}

// What separates a word from the one before it, weakest first.
enum class Gap : uint8_t { kSpace, kJoiner, kComma, kBreak };  // kJoiner: apostrophe or hyphen

struct Token {
  size_t begin;  // bytes of the word in the text
  size_t end;
  uint32_t folded;  // offset of its folded form in Tokens::folded_ (texts over 4 GiB: see Tokens)
  uint16_t size;
  Gap gap;
  Key key;
};

// The words of a text, folded (one allocation for the folded characters, one for the list).
class Tokens {
 public:
  // Only the first 4 GiB of a text are read (a prompt is far smaller; check streams files).
  explicit Tokens(std::string_view text) : folded_(std::min<size_t>(text.size(), UINT32_MAX), ' ') {
    text = text.substr(0, folded_.size());
    list_.reserve(text.size() / 6 + 1);
    Gap gap = Gap::kBreak;
    bool in_word = false;
    size_t n = 0;  // folded characters so far
    for (size_t i = 0; i < text.size();) {
      const auto b = static_cast<unsigned char>(text[i]);
      const FoldedChar f =
          b < 0x80 && b > ' ' && b != '\'' && b != '-' && b != ','
              ? FoldedChar{static_cast<char>(b | (b >= 'A' && b <= 'Z' ? 0x20 : 0)), 1}
              : fold_at(text, i);
      if (is_word_char(f.c)) {
        if (!in_word) list_.push_back({i, i, static_cast<uint32_t>(n), 0, gap, {}});
        in_word = true;
        folded_[n++] = f.c;
        Token& token = list_.back();
        if (token.size < 16) {  // the key, built as key_of() does
          uint64_t& half = token.size < 8 ? token.key.high : token.key.low;
          half |= uint64_t{static_cast<unsigned char>(f.c)} << (8 * (7 - token.size % 8));
        }
        if (token.size < UINT16_MAX) ++token.size;
        token.end = i + f.length;
      } else {
        if (in_word) {
          if (list_.back().size > 16) list_.back().key = kNoKey;
          gap = Gap::kSpace;
        }
        in_word = false;
        const Gap here = f.c == ' '                  ? Gap::kSpace
                         : f.c == '\'' || f.c == '-' ? Gap::kJoiner
                         : f.c == ','                ? Gap::kComma
                                                     : Gap::kBreak;
        gap = std::max(gap, here);
      }
      i += f.length;
    }
    if (in_word && list_.back().size > 16) list_.back().key = kNoKey;
  }

  [[nodiscard]] size_t size() const { return list_.size(); }
  [[nodiscard]] Key key(size_t i) const { return i < list_.size() ? list_[i].key : kNoKey; }
  [[nodiscard]] const Token& operator[](size_t i) const { return list_[i]; }
  [[nodiscard]] std::string_view word(size_t i) const {
    return i < list_.size() ? std::string_view(folded_).substr(list_[i].folded, list_[i].size)
                            : std::string_view();
  }
  // Word `i` continues a phrase: only spaces, an apostrophe or a hyphen before it.
  [[nodiscard]] bool joined(size_t i) const {
    return i < list_.size() && list_[i].gap < Gap::kComma;
  }

 private:
  std::string folded_;
  std::vector<Token> list_;
};

// --- Phrase tables: a vocabulary spec parsed once, indexed by first word.

class PhraseTable {
 public:
  // Two allocations per table (all phrases' keys end to end, and one entry per phrase): the ~80
  // tables are built at every start, and a vector per phrase cost a short `check` 0.2 ms.
  explicit PhraseTable(std::string_view spec) {
    std::vector<std::string_view> words;
    std::vector<Key> done;
    for (size_t from = 0; from <= spec.size();) {
      const size_t bar = std::min(spec.find('|', from), spec.size());
      const std::string_view phrase = spec.substr(from, bar - from);
      words.clear();
      for (size_t w = 0; w <= phrase.size();) {
        const size_t space = std::min(phrase.find(' ', w), phrase.size());
        words.push_back(phrase.substr(w, space - w));
        w = space + 1;
      }
      add(words, 0, done);
      from = bar + 1;
    }
    std::sort(entries_.begin(), entries_.end(),
              [this](const Entry& a, const Entry& b) { return keys_[a.begin] < keys_[b.begin]; });
  }

  // Length in words of the longest phrase at word `i` (0 when none). Its first word may follow
  // anything (callers check); the next ones must be joined to it.
  [[nodiscard]] size_t longest_at(const Tokens& t, size_t i) const {
    const Key first = t.key(i);
    auto it = std::lower_bound(entries_.begin(), entries_.end(), first,
                               [this](const Entry& e, const Key& k) { return keys_[e.begin] < k; });
    size_t best = 0;
    for (; it != entries_.end() && keys_[it->begin] == first; ++it) {
      size_t n = 1;
      while (n < it->size && t.joined(i + n) && t.key(i + n) == keys_[it->begin + n]) ++n;
      if (n == it->size) best = std::max(best, n);
    }
    return best;
  }

 private:
  struct Entry {
    uint32_t begin;  // in keys_
    uint32_t size;   // words, at least one
  };

  // Expands a final '?' ("contacts?" -> "contact", "contacts") word by word.
  void add(const std::vector<std::string_view>& words, size_t k, std::vector<Key>& done) {
    if (k == words.size()) {
      entries_.push_back({static_cast<uint32_t>(keys_.size()), static_cast<uint32_t>(done.size())});
      keys_.insert(keys_.end(), done.begin(), done.end());
      return;
    }
    std::string_view w = words[k];
    if (!w.empty() && w.back() == '?') {
      w.remove_suffix(1);
      done.push_back(key_of(w.substr(0, w.size() - 1)));
      add(words, k + 1, done);
      done.pop_back();
    }
    done.push_back(key_of(w));
    add(words, k + 1, done);
    done.pop_back();
  }

  std::vector<Key> keys_;
  std::vector<Entry> entries_;
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
  PhraseTable all{kAll}, possessives{kPossessives}, every_one_of{kEveryOneOf}, definite{kDefinite},
      indefinite{kIndefinite}, whole_adjectives{kWholeAdjectives}, list_nouns{kListNouns},
      every{kEvery}, all_fr{kAllFr}, all_fr_determiners{kAllFrDeterminers}, whole_fr{kWholeFr},
      whole_fr_determiners{kWholeFrDeterminers}, totality_fr{kTotalityFr},
      list_determiners_fr{kListDeterminersFr}, list_nouns_fr{kListNounsFr}, of_the_fr{kOfTheFr},
      singular_quantifiers{kSingularQuantifiers};
  PhraseTable people{kPeople}, people_plural{kPeoplePlural}, attributes_en{kAttributesEn},
      attributes_fr{kAttributesFr}, personal_data{kPersonalData},
      personal_data_singular{kPersonalDataSingular}, personal{kPersonal}, stores{kStores},
      tables{kTables}, artifacts{kArtifacts}, store_owners{kStoreOwners}, store_nouns{kStoreNouns},
      whole_stores{kWholeStores}, store_nouns_fr{kStoreNounsFr}, store_links_fr{kStoreLinksFr},
      attribute_links{kAttributeLinks}, attribute_determiners{kAttributeDeterminers},
      contents{kContents}, everything{kEverything}, stored{kStored}, content_links{kContentLinks},
      store_determiners{kStoreDeterminers};
  PhraseTable breakers{kBreakers}, subject_verbs{kSubjectVerbs}, indirect_objects{kIndirectObjects},
      record_links{kRecordLinks}, people_record_links{kPeopleRecordLinks},
      record_titles{kRecordTitles}, participles{kParticiples}, source_links{kSourceLinks},
      source_determiners{kSourceDeterminers}, source_nouns{kSourceNouns},
      deictic_links{kDeicticLinks}, deictics{kDeictics}, here{kHere};
  PhraseTable count_determiners{kCountDeterminers}, ranks{kRanks}, vague{kVague},
      count_links{kCountLinks}, count_link_determiners{kCountLinkDeterminers};
  PhraseTable determiners{kDeterminers};
};

const Lexicon& lexicon() {
  static const Lexicon kLexicon;
  return kLexicon;
}

// --- Counts.

bool three_digits_at(std::string_view s, size_t i) {
  return i + 3 <= s.size() && is_digit(s[i]) && is_digit(s[i + 1]) && is_digit(s[i + 2]) &&
         (i + 3 == s.size() || !is_digit(s[i + 3]));
}

// Length of a thousands separator at `s[i]`: ',', '.', ' ', U+00A0 or U+202F; 0 when none.
size_t separator_length(std::string_view s, size_t i) {
  if (i < s.size() && (s[i] == ',' || s[i] == '.' || s[i] == ' ')) return 1;
  if (s.substr(i).starts_with("\xC2\xA0")) return 2;
  if (s.substr(i).starts_with("\xE2\x80\xAF")) return 3;
  return 0;
}

struct Count {
  int64_t value;
  size_t end;  // byte after the count (and its "k", "thousand", "mille", "million")
};

constexpr int64_t kHuge = int64_t{1} << 53;  // more digits than any count: always a mass export

// The number written at byte `i` of `text`: "5000", "5,000", "3 000", "1.5k", "2 millions".
Count parse_count(std::string_view text, size_t i) {
  int64_t whole = 0;
  size_t digits = 0;
  const auto take = [&](size_t n) {
    for (size_t k = 0; k < n; ++k, ++i, ++digits) {
      if (digits < 15) whole = whole * 10 + (text[i] - '0');
    }
  };
  size_t run = 0;
  while (i + run < text.size() && is_digit(text[i + run])) ++run;
  take(run);
  if (run <= 3) {
    for (size_t sep = separator_length(text, i); sep > 0 && three_digits_at(text, i + sep);
         sep = separator_length(text, i)) {
      i += sep;
      take(3);
    }
  }
  int64_t fraction = 0;
  int64_t scale = 1;
  if (i + 1 < text.size() && (text[i] == '.' || text[i] == ',') && is_digit(text[i + 1])) {
    for (++i; i < text.size() && is_digit(text[i]); ++i) {
      if (scale < 1'000'000) {
        fraction = fraction * 10 + (text[i] - '0');
        scale *= 10;
      }
    }
  }
  int64_t multiplier = 1;
  const size_t at = i < text.size() && text[i] == ' ' ? i + 1 : i;
  const std::string lower = core::to_lower_ascii(text.substr(at, 9));
  for (const auto& [word, value] :
       std::array<std::pair<std::string_view, int64_t>, 5>{{{"millions", 1'000'000},
                                                            {"million", 1'000'000},
                                                            {"thousand", 1'000},
                                                            {"mille", 1'000},
                                                            {"k", 1'000}}}) {
    const bool whole_word =
        lower.starts_with(word) &&
        (lower.size() == word.size() || !is_word_char(fold_at(lower, word.size()).c));
    if (whole_word) {
      multiplier = value;
      i = at + word.size();
      break;
    }
  }
  if (digits > 15) return {kHuge, i};
  return {whole * multiplier + fraction * multiplier / scale, i};
}

// --- The grammar, over the words of one text.

enum VerbClass : unsigned {
  kExtract = 1U,
  kStrong = 2U,
  kTransfer = 4U,
  kMail = 8U,
  kWish = 16U,
  kMaker = 32U,
};

struct Head {
  size_t verb;      // the verb's first word
  size_t verb_end;  // word after the verb
  size_t end;       // word after the recipient and adverb
  unsigned classes;
  bool bare;  // a transfer verb with no recipient: the people must not be its indirect object
};

struct Object {
  size_t begin;  // words of the object noun
  size_t end;
  bool attribute;  // "emails", "details": one named record after it is a single-record request
};

struct Match {
  Head head;
  Object object;
  std::optional<int64_t> count;
};

class Grammar {
 public:
  Grammar(std::string_view text, const Tokens& t) : text_(text), t_(t), lx_(lexicon()) {}

  // The verb at word `v` and what follows, or nothing; no check of the words before it.
  [[nodiscard]] std::optional<Head> head(size_t v) const {
    size_t n = 0;
    unsigned classes = 0;
    for (const auto& [table, bit] : {std::pair{&lx_.extract, kExtract},
                                     {&lx_.strong, kStrong},
                                     {&lx_.transfer, kTransfer},
                                     {&lx_.mail, kMail},
                                     {&lx_.wish, kWish},
                                     {&lx_.maker, kMaker}}) {
      const size_t m = table->longest_at(t_, v);
      if (m > n) classes = 0;
      if (m >= n && m > 0) {
        n = m;
        classes |= bit;
      }
    }
    if (n == 0) return std::nullopt;
    comma_ok_ = std::string_view::npos;
    Head h{v, v + n, v + n, classes, false};
    const auto recipient = take(h.end, lx_.recipients);
    if (recipient) h.end = *recipient;
    if (!recipient) h.classes &= ~static_cast<unsigned>(kMail);
    h.bare = (h.classes & kTransfer) != 0 && !recipient;
    if (h.end < t_.size() && t_[h.end].gap <= Gap::kComma) {
      if (const size_t a = lx_.adverbs.longest_at(t_, h.end); a > 0) {
        h.end += a;
        comma_ok_ = h.end;
      }
    }
    return h.classes == 0 ? std::nullopt : std::optional(h);
  }

  // A request at its head: the first shape that matches.
  [[nodiscard]] std::optional<Match> request(const Head& h, bool count_ahead) const {
    if (auto m = quantified(h)) return m;
    if (auto m = bare(h)) return m;
    if (count_ahead) return counted(h);
    return std::nullopt;
  }

 private:
  // --- Shapes.

  // "export all contacts", "donne-moi la liste complète des clients", "list every client email".
  [[nodiscard]] std::optional<Match> quantified(const Head& h) const {
    for (const bool with_container : {true, false}) {
      size_t j = h.end;
      if (with_container) {
        const auto c = container(j);
        if (!c) continue;
        j = *c;
      } else if (h.classes == kMaker) {
        break;  // "create all contacts" is no request
      }
      const auto tail = [&](std::optional<Object> o) {
        return o && tail_ok(h, *o) ? o : std::nullopt;
      };
      if (const auto q = take(j, lx_.singular_quantifiers)) {
        const auto o = with_modifiers(*q, 2, [&](size_t k, bool) { return tail(singular(k)); });
        if (o) return Match{h, *o, {}};
      }
      if (const auto q = quantifier(j)) {
        const auto o = with_modifiers(
            *q, 2, [&](size_t k, bool modified) { return tail(object(k, modified, true)); });
        if (o) return Match{h, *o, {}};
      }
      if (const auto o = tail(everything_in_store(j))) return Match{h, *o, {}};
    }
    return std::nullopt;
  }

  // "dump the database", "export contacts", "exporte les contacts"; with any verb but a bare
  // transfer, a store of people ("show me the customer list", "je veux le fichier clients") or a
  // copy of a store ("fais un export complet de la base clients", "send me a dump of the CRM").
  [[nodiscard]] std::optional<Match> bare(const Head& h) const {
    if ((h.classes & kStrong) != 0) {
      const auto o = with_modifiers(
          skip(h.end, lx_.determiners), 1, [&](size_t k, bool modified) -> std::optional<Object> {
            const auto o = object(k, modified, false);
            const PhraseTable& links =
                o && o->attribute ? lx_.record_links : lx_.people_record_links;
            if (!o || one_record_at(o->end, links) || from_the_prompt_at(o->end))
              return std::nullopt;
            return o;
          });
      if (o) return Match{h, *o, {}};
    }
    if (h.bare) return std::nullopt;
    const auto store_after = [&](size_t j, bool any_store) {
      return with_modifiers(j, 1, [&](size_t k, bool) -> std::optional<Object> {
        auto e = people_store(k);
        if (!e && any_store) e = store(k, false);
        if (!e || (!any_store && word_is(*e, "to")) || from_the_prompt_at(*e)) return std::nullopt;
        return Object{k, *e, false};
      });
    };
    if (const auto d = take(h.end, lx_.determiners); d && h.classes != kMaker) {
      if (const auto o = store_after(*d, false)) return Match{h, *o, {}};
    }
    if (const auto c = container(h.end)) {
      if (const auto o = store_after(skip(*c, lx_.determiners), true)) return Match{h, *o, {}};
    }
    return std::nullopt;
  }

  // "give me 5000 customer emails", "envoie-moi 3 000 adresses mail" (the caller checks the
  // threshold).
  [[nodiscard]] std::optional<Match> counted(const Head& h) const {
    for (const bool with_container : {true, false}) {
      size_t j = h.end;
      if (with_container) {
        const auto c = container(j);
        if (!c) continue;
        j = *c;
      } else if (h.classes == kMaker) {
        break;
      }
      if (const auto d = take(j, lx_.count_determiners)) {
        if (is_year(*d)) continue;  // "the 2023 contacts"
        j = *d;
      }
      const auto c = count_at(skip(j, lx_.ranks));
      if (!c) continue;
      const auto o = with_modifiers(c->end, 2, [&](size_t k, bool modified) {
        const auto o = object(k, modified, true);
        return o && tail_ok(h, *o) ? o : std::nullopt;
      });
      if (o) return Match{h, *o, c->value};
    }
    return std::nullopt;
  }

  // --- Parts of a request.

  // "a CSV of", "une liste de", "the emails of", "un export complet de".
  [[nodiscard]] std::optional<size_t> container(size_t i) const {
    const size_t d = skip(i, lx_.container_determiners);
    for (const size_t k :
         {skip(d, lx_.container_adjectives), d}) {  // "a CSV of": noun, not adjective
      const auto n =
          take_longest(k, {&lx_.container_nouns, &lx_.attributes_en, &lx_.attributes_fr});
      if (!n) continue;
      if (const auto e = take(skip(skip(*n, lx_.container_formats), lx_.whole_adjectives_fr),
                              lx_.container_links)) {
        return e;
      }
    }
    return std::nullopt;
  }

  // "all (of) (our)", "every single one of our", "the full list of (all)", "(the) whole", "tous
  // les", "toute la", "l'ensemble des", "la totalité des", "la liste complète des".
  [[nodiscard]] std::optional<size_t> quantifier(size_t i) const {
    if (const auto e = take(i, lx_.all)) return skip(*e, lx_.possessives);
    if (const auto e = take(i, lx_.every_one_of)) return take(*e, lx_.possessives);
    if (const auto e = list_of(i)) return e;
    if (const auto e = take(skip(skip(i, lx_.definite), lx_.indefinite), lx_.whole_adjectives)) {
      return e;
    }
    if (const auto e = take(i, lx_.all_fr)) return take(*e, lx_.all_fr_determiners);
    if (const auto e = take(i, lx_.whole_fr)) return take(*e, lx_.whole_fr_determiners);
    if (const auto e = take(i, lx_.totality_fr)) return take(*e, lx_.of_the_fr);
    if (const auto e = take(i, lx_.list_determiners_fr)) {
      if (const auto n = take(*e, lx_.list_nouns_fr)) {
        return take(skip(*n, lx_.whole_adjectives_fr), lx_.of_the_fr);
      }
    }
    return std::nullopt;
  }

  // "the (full) list of (all) (the)", "a complete set of": an indefinite list needs "full".
  [[nodiscard]] std::optional<size_t> list_of(size_t i) const {
    auto k = take(i, lx_.definite);
    const bool definite = k.has_value();
    if (!k) k = take(i, lx_.indefinite);
    if (!k) return std::nullopt;
    const auto whole = take(*k, lx_.whole_adjectives);
    if (!definite && !whole) return std::nullopt;
    const auto n = take(whole.value_or(*k), lx_.list_nouns);
    if (!n || !word_is(*n, "of")) return std::nullopt;
    return skip(skip(*n + 1, lx_.every), lx_.possessives);
  }

  // The object of a quantified, counted or bare request, in order of preference. `modified`:
  // free words came before it.
  [[nodiscard]] std::optional<Object> object(size_t i, bool modified, bool tables) const {
    if (const auto e = people_store(i)) return Object{i, *e, false};
    if (const auto e = contents_of_store(i, tables)) return Object{i, *e, false};
    if (const auto e = attribute(i)) return Object{i, *e, true};
    if (const auto e = take(i, lx_.people_plural); e && !apostrophe_after(*e - 1)) {
      if (!modified || !subject_at(*e)) return Object{i, *e, false};
    }
    if (const auto e = store(i, tables)) return Object{i, *e, false};
    return std::nullopt;
  }

  // After "every"/"each": "every client", "each customer's email", "every email address"; not
  // "every customer complaint" (there the person only qualifies another noun).
  [[nodiscard]] std::optional<Object> singular(size_t i) const {
    auto e = take(i, lx_.people);
    if (e) {
      if (const auto a = take(possessive(*e), lx_.attributes_en)) e = a;
    } else {
      e = take(i, lx_.personal_data_singular);
    }
    if (!e || apostrophe_after(*e - 1)) return std::nullopt;
    if (*e < t_.size() && t_[*e].gap == Gap::kSpace && !is(*e, lx_.breakers)) return std::nullopt;
    return Object{i, *e, false};
  }

  // "customer emails", "clients' phone numbers", "e-mails clients", "emails of our customers",
  // "adresses e-mail des clients", "email addresses".
  [[nodiscard]] std::optional<size_t> attribute(size_t i) const {
    if (const auto p = take_longest(i, {&lx_.people, &lx_.people_plural, &lx_.personal})) {
      if (const auto e = take(possessive(*p), lx_.attributes_en)) return e;
    }
    if (const auto a = take(i, lx_.attributes_fr)) {
      if (const auto e = take_longest(*a, {&lx_.people_plural, &lx_.people})) return e;
    }
    if (const auto a = take_longest(i, {&lx_.attributes_en, &lx_.attributes_fr})) {
      if (const auto l = take(*a, lx_.attribute_links)) {
        size_t k = *l;
        while (const auto d = take(k, lx_.attribute_determiners)) k = *d;
        if (const auto e = take(k, lx_.people_plural)) return e;
      }
    }
    return take(i, lx_.personal_data);
  }

  // "customer database", "mailing list", "fichier clients", "base de données des contacts".
  [[nodiscard]] std::optional<size_t> people_store(size_t i) const {
    if (const auto e = take(i, lx_.whole_stores)) return e;
    if (const auto p = take_longest(i, {&lx_.people, &lx_.people_plural, &lx_.store_owners})) {
      if (const auto e = take(possessive(*p), lx_.store_nouns)) return e;
    }
    if (const auto s = take(i, lx_.store_nouns_fr)) {
      if (const auto l = take(*s, lx_.store_links_fr)) return take(*l, lx_.people_plural);
      return take_longest(*s, {&lx_.people_plural, &lx_.people});
    }
    return std::nullopt;
  }

  // "the CRM", "la base de données" (and "the whole table" when `tables`); not "the CRM app".
  [[nodiscard]] std::optional<size_t> store(size_t i, bool tables) const {
    if (const auto e = take(i, lx_.stores)) return is(*e, lx_.artifacts) ? std::nullopt : e;
    return tables ? take(i, lx_.tables) : std::nullopt;
  }

  // "data from the CRM", "contacts in the database", "tout le contenu de la base".
  [[nodiscard]] std::optional<size_t> contents_of_store(size_t i, bool tables) const {
    const auto c = take_longest(
        i, {&lx_.attributes_en, &lx_.attributes_fr, &lx_.people_plural, &lx_.contents});
    if (!c) return std::nullopt;
    const auto l = take(skip(*c, lx_.stored), lx_.content_links);
    if (!l) return std::nullopt;
    const size_t k = skip(*l, lx_.store_determiners);
    if (const auto e = people_store(k)) return e;
    return store(k, tables);
  }

  // "everything in the CRM", "l'intégralité de la base".
  [[nodiscard]] std::optional<Object> everything_in_store(size_t i) const {
    const auto e = take(i, lx_.everything);
    if (!e) return std::nullopt;
    const auto l = take(skip(*e, lx_.stored), lx_.content_links);
    if (!l) return std::nullopt;
    const size_t k = skip(*l, lx_.store_determiners);
    auto s = people_store(k);
    if (!s) s = store(k, false);
    return s ? std::optional(Object{i, *s, false}) : std::nullopt;
  }

  [[nodiscard]] std::optional<Count> count_at(size_t k) const {
    if (!joined(k)) return std::nullopt;
    const std::string_view w = t_.word(k);
    if (is_digit(w.front())) {
      const Count c = parse_count(text_, t_[k].begin);
      size_t e = k;
      while (e < t_.size() && t_[e].begin < c.end) ++e;
      return Count{c.value, after_count(e)};
    }
    const size_t j = skip(k, lx_.vague);
    for (const auto& [word, value] : kCountWords) {
      if (word != "k" && word_is(j, word)) return Count{value, after_count(j + 1)};
    }
    return std::nullopt;
  }

  // "5000 of our ...", "des milliers d'...".
  [[nodiscard]] size_t after_count(size_t e) const {
    const auto l = take(e, lx_.count_links);
    return l ? skip(*l, lx_.count_link_determiners) : e;
  }

  // --- What follows the object.

  [[nodiscard]] bool tail_ok(const Head& h, const Object& o) const {
    if (h.bare && is(o.end, lx_.indirect_objects)) return false;
    if ((h.classes & kWish) != 0 && word_is(o.end, "to")) return false;
    if (o.attribute && one_record_at(o.end, lx_.record_links)) return false;
    return !from_the_prompt_at(o.end);
  }

  // "... of client 42", "... for Mr. Smith", "..., de Mme Martin", "... of john@x.org".
  [[nodiscard]] bool one_record_at(size_t e, const PhraseTable& links) const {
    if (e >= t_.size() || t_[e].gap == Gap::kBreak) return false;
    const size_t n = links.longest_at(t_, e);
    if (n == 0) return false;
    size_t k = e + n;
    while (k < t_.size() && (joined(k) || after_abbreviation(k)) &&
           lx_.record_titles.longest_at(t_, k) > 0) {
      ++k;
    }
    if (k >= t_.size() || !(joined(k) || after_abbreviation(k))) return false;
    return is_digit(t_.word(k).front()) || capitalised(k) || email_at(k);
  }

  // "the phone numbers in the text below", "all contacts of this account".
  [[nodiscard]] bool from_the_prompt_at(size_t e) const {
    if (is(e, lx_.here)) return true;
    const size_t k = skip(e, lx_.participles);
    if (const auto l = take(k, lx_.source_links)) {
      if (is(skip(*l, lx_.source_determiners), lx_.source_nouns)) return true;
    }
    const auto l = take(k, lx_.deictic_links);
    return l && is(*l, lx_.deictics);
  }

  // "all the objections customers raised": a verb after the people.
  [[nodiscard]] bool subject_at(size_t e) const {
    if (!joined(e)) return false;
    const std::string_view w = t_.word(e);
    return (w.size() > 3 && w.ends_with("ed")) || is(e, lx_.subject_verbs);
  }

  // --- Words.

  [[nodiscard]] bool joined(size_t i) const {
    return t_.joined(i) || (i == comma_ok_ && i < t_.size() && t_[i].gap == Gap::kComma);
  }

  // End of the longest phrase of `table` at word `i` when `i` continues the request.
  [[nodiscard]] std::optional<size_t> take(size_t i, const PhraseTable& table) const {
    if (!joined(i)) return std::nullopt;
    const size_t n = table.longest_at(t_, i);
    return n == 0 ? std::nullopt : std::optional(i + n);
  }

  [[nodiscard]] std::optional<size_t> take_longest(
      size_t i, std::initializer_list<const PhraseTable*> tables) const {
    std::optional<size_t> best;
    for (const PhraseTable* table : tables) {
      const auto e = take(i, *table);
      if (e && (!best || *e > *best)) best = e;
    }
    return best;
  }

  [[nodiscard]] size_t skip(size_t i, const PhraseTable& table) const {
    return take(i, table).value_or(i);
  }
  [[nodiscard]] bool is(size_t i, const PhraseTable& table) const {
    return take(i, table).has_value();
  }
  [[nodiscard]] bool word_is(size_t i, std::string_view w) const {
    return joined(i) && t_.word(i) == w;
  }

  // Up to `n` free words at `i` ("all *active French* customers", "all *2023* leads"), fewest
  // first: the first answer of `then(word after them, whether there were any)`.
  template <typename Then>
  auto with_modifiers(size_t i, size_t n, Then then) const -> decltype(then(i, false)) {
    for (size_t k = 0; k <= n; ++k) {
      if (auto r = then(i + k, k > 0)) return r;
      if (!is_modifier(i + k)) break;
    }
    return std::nullopt;
  }

  [[nodiscard]] bool is_modifier(size_t i) const {
    if (i >= t_.size() || t_[i].gap != Gap::kSpace || is(i, lx_.breakers)) return false;
    const std::string_view w = t_.word(i);
    return !is_digit(w.front()) || is_year(i);
  }

  [[nodiscard]] bool is_year(size_t i) const {
    const std::string_view w = t_.word(i);
    return i < t_.size() && w.size() == 4 && (w.starts_with("19") || w.starts_with("20")) &&
           std::all_of(w.begin(), w.end(), is_digit);
  }

  // "customer's" is two words, "customer" and "s".
  [[nodiscard]] size_t possessive(size_t i) const {
    return i < t_.size() && t_[i].gap == Gap::kJoiner && t_.word(i) == "s" ? i + 1 : i;
  }

  [[nodiscard]] bool apostrophe_after(size_t i) const {
    const std::string_view after = text_.substr(t_[i].end);
    return after.starts_with('\'') || after.starts_with("\xE2\x80\x99");
  }

  // "Mr. Smith": the '.' of a title is no sentence end.
  [[nodiscard]] bool after_abbreviation(size_t i) const {
    if (i == 0 || i >= t_.size()) return false;
    const std::string_view gap = text_.substr(t_[i - 1].end, t_[i].begin - t_[i - 1].end);
    return gap.starts_with('.') && core::trim(gap.substr(1)).empty() && gap.size() > 1;
  }

  // A name: a capital then a small letter ("Marie", "Émile"; not "CRM").
  [[nodiscard]] bool capitalised(size_t i) const {
    const std::string_view w = text_.substr(t_[i].begin, t_[i].end - t_[i].begin);
    const auto upper = [](std::string_view s) {
      const auto b = static_cast<unsigned char>(s[0]);
      return (b >= 'A' && b <= 'Z') ||
             (b == 0xC3 && s.size() > 1 && static_cast<unsigned char>(s[1]) < 0x9F);
    };
    const size_t first = fold_at(w, 0).length;
    return first < w.size() && upper(w) && !upper(w.substr(first));
  }

  // The local part of an email address ("john.smith@...").
  [[nodiscard]] bool email_at(size_t i) const {
    const std::string_view rest = text_.substr(t_[i].begin);
    const size_t space = rest.find_first_of(" \t\r\n");
    return rest.substr(0, space).find('@') != std::string_view::npos;
  }

  std::string_view text_;
  const Tokens& t_;
  const Lexicon& lx_;
  mutable size_t comma_ok_ =
      std::string_view::npos;  // a word a comma may precede (after an adverb)
};

// --- The words before a verb.

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

// `before` ends with the whole words `suffix`: "anthe " does not end with "the ".
bool ends_with_words(std::string_view before, std::string_view suffix) {
  if (suffix.empty() || !before.ends_with(suffix)) return false;
  const size_t at = before.size() - suffix.size();
  return at == 0 || !is_word_char(before[at - 1]) || !is_word_char(suffix.front());
}

template <size_t N>
bool ends_with_any(std::string_view before, const std::array<std::string_view, N>& suffixes) {
  return std::any_of(suffixes.begin(), suffixes.end(),
                     [before](std::string_view s) { return ends_with_words(before, s); });
}

// Whether the verb at word `v` (of `classes`) can start a request, from the words before it.
bool asks_at(std::string_view text, const Tokens& t, size_t v, unsigned classes) {
  std::array<char, 48> buffer{};
  const std::string_view before = words_before(text, t[v].begin, buffer);
  if (ends_with_any(before, kNotARequestBefore)) return false;
  for (const Gate& gate : kGates) {
    if (gate.verb == t.word(v)) {
      const bool recipient = gate.recipient_after && t.joined(v + 1) &&
                             (t.word(v + 1) == "me" || t.word(v + 1) == "us");
      return ends_with_any(before, gate.before) || recipient;
    }
  }
  if ((classes & kWish) != 0 || ends_with_any(before, kAskingBefore)) return true;
  return !ends_with_any(before, kDescriptionBefore);
}

// What the next words after a verb hold: an object word? a count?
struct Ahead {
  bool object = false;
  bool count = false;
};

Ahead look_ahead(const Tokens& t, size_t from) {
  const auto starts_with_any = [](std::string_view word, std::span<const std::string_view> stems) {
    return std::any_of(stems.begin(), stems.end(), [word](std::string_view stem) {
      return word.front() == stem.front() && word.starts_with(stem);
    });
  };
  Ahead ahead;
  for (size_t k = from; k < std::min(t.size(), from + kWordsAhead); ++k) {
    const std::string_view w = t.word(k);
    ahead.object = ahead.object || starts_with_any(w, kObjectStems);
    ahead.count = ahead.count || is_digit(w.front()) ||
                  std::any_of(kCountWords.begin(), kCountWords.end(),
                              [w](const auto& count) { return w == count.first; });
  }
  return ahead;
}

// Lower-case ASCII of `text` with every run of white space as one space.
std::string normalised(std::string_view text) {
  std::string out;
  bool space = false;
  for (char c : text) {
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

constexpr const char* kSqlDump =
    R"(\bselect\s+(?:\*|[\w\s,.*"`]{1,200}?)\s+from\s+(?:[\w"`]+\.)?["`]?(?:contacts?|clients?|customers?|users?|leads?|people|persons?|subscribers?|members?|employees?|accounts?|prospects?)\b)";

class MassExportRule final : public Rule {
 public:
  MassExportRule(int64_t threshold, Severity severity)
      : threshold_(threshold), severity_(severity), verb_keys_(verb_keys()) {
    for (const Key k : verb_keys_) verb_filter_.add(k);
  }

  [[nodiscard]] std::string_view key() const override { return kMassExportRuleKey; }

  void analyze(std::string_view text, const ScanContext& /*context*/,
               std::vector<Finding>& out) const override {
    const Tokens t(text);
    const Grammar grammar(text, t);
    size_t next = 0;  // a verb inside an earlier request starts no other
    for (size_t v = 0; v < t.size(); ++v) {
      if (v < next || !is_verb(t.key(v))) continue;
      const auto head = grammar.head(v);
      if (!head || !asks_at(text, t, v, head->classes)) continue;
      const Ahead ahead = look_ahead(t, head->verb_end);
      if (!ahead.object) continue;
      const auto m = grammar.request(*head, ahead.count);
      if (!m || (m->count && *m->count < threshold_)) continue;
      const size_t end = t[m->object.end - 1].end;
      out.push_back(Finding{std::string(kMassExportRuleKey), "mass_export", severity_,
                            byte_span(t[v].begin, end), excerpt(text, t, *m)});
      next = m->object.end;
    }
    find_sql_dumps(text, out);
  }

  // The SQL pattern, compiled on its first use (Regex::builtin).
  void compile_sql() {
    const BuiltinPattern p = mass_export_sql_pattern();
    sql_.emplace(Regex::builtin(p.pattern, p.name, p.caseless));
  }

 private:
  // "export … contacts", "give … 5000 customer emails": the verb and the object as written, both
  // words of the rule's vocabulary, so the excerpt never carries a name or an address.
  static std::string excerpt(std::string_view text, const Tokens& t, const Match& m) {
    const auto words = [&](size_t begin, size_t end) {
      return normalised(text.substr(t[begin].begin, t[end - 1].end - t[begin].begin));
    };
    std::string out = words(m.head.verb, m.head.verb_end) + " … ";
    if (m.count) out += std::to_string(*m.count) + " ";
    return out + words(m.object.begin, m.object.end);
  }

  // The first words of the verb tables, sorted: the one look-up every word of a text costs.
  static std::vector<Key> verb_keys() {
    std::vector<Key> keys;
    for (std::string_view table :
         {kExtractVerbs, kTransferVerbs, kMailVerbs, kWishVerbs, kMakerVerbs}) {
      for (const std::string& phrase : core::split(table, '|')) {
        keys.push_back(key_of(std::string_view(phrase).substr(0, phrase.find(' '))));
      }
    }
    std::sort(keys.begin(), keys.end());
    keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
    return keys;
  }

  [[nodiscard]] bool is_verb(Key k) const {
    return verb_filter_.may_contain(k) &&
           std::binary_search(verb_keys_.begin(), verb_keys_.end(), k);
  }

  // "SELECT * FROM contacts": a query over a table of people, unless it filters on a value
  // (WHERE id = 42, WHERE email = '...': one record or a few) or limits itself below the
  // threshold (LIMIT 10).
  void find_sql_dumps(std::string_view text, std::vector<Finding>& out) const {
    if (!sql_) return;
    sql_->for_each_match(text, [&](size_t begin, size_t end) {
      const size_t stop = text.find_first_of(";\n", end);
      const std::string rest = core::to_lower_ascii(
          text.substr(end, stop == std::string_view::npos ? text.size() - end : stop - end));
      const size_t where = rest.find("where");
      if (where != std::string::npos && rest.find('=', where) != std::string::npos) return;
      if (const size_t at = rest.find("limit "); at != std::string::npos) {
        const int64_t limit = std::atoll(rest.c_str() + at + 6);
        if (limit > 0 && limit < threshold_) return;
      }
      const std::string_view table = text.substr(begin, end - begin);
      out.push_back(
          Finding{std::string(kMassExportRuleKey), "mass_export", severity_, byte_span(begin, end),
                  "select … from " + core::to_lower_ascii(table.substr(table.rfind(' ') + 1))});
    });
  }

  int64_t threshold_;
  Severity severity_;
  std::optional<Regex> sql_;
  std::vector<Key> verb_keys_;
  KeyFilter verb_filter_;
};

}  // namespace

core::Result<std::unique_ptr<Rule>> make_mass_export_rule(const RuleConfig& config) {
  (void)lexicon();  // parse the vocabulary now, not during the first scan
  auto rule = std::make_unique<MassExportRule>(config.mass_export.threshold,
                                               config.severity.value_or(Severity::kHigh));
  rule->compile_sql();
  return std::unique_ptr<Rule>(std::move(rule));
}

BuiltinPattern mass_export_sql_pattern() {
  return {kSqlDump, /*caseless=*/true, "no_mass_export_requests.sql"};
}

}  // namespace novacrm::compliance
