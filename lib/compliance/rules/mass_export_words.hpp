// The text model of no_mass_export_requests (mass_export.cpp): a text folded once into words
// (lower case, no accents) with integer keys, the vocabulary's phrase tables indexed by first
// word, and the counts a request may carry ("5,000", "3 000", "1.5k", "2 millions"). Internal to
// the rule; never keeps the text beyond a call.
#pragma once

#include <algorithm>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "compliance/detect/word_key.hpp"
#include "compliance/rules/mass_export_vocabulary.hpp"

namespace novacrm::compliance::mass_export {

// --- Folding and words.

// One character of `text` at `i`, folded: ASCII letters and digits in lower case, Latin-1 letters
// without their accent, both apostrophes as '\'', both Unicode hyphens as '-', white space (with
// no-break spaces) as ' ', the letters of Latin Extended-A as 'x', anything else as itself
// (ASCII) or '?'.
struct FoldedChar {
  char c;
  size_t length;
};

FoldedChar fold_at(std::string_view text, size_t i);

inline bool is_word_char(char folded) {
  return (folded >= 'a' && folded <= 'z') || (folded >= '0' && folded <= '9');
}

inline bool is_digit(char c) { return c >= '0' && c <= '9'; }

// A folded word of up to 16 characters as two integers, so that table look-ups compare integers.
// Longer words get a key no table word has (no vocabulary word is that long).
using Key = detect::WordKey;
using KeyFilter = detect::WordKeyFilter;

inline constexpr Key kNoKey{~uint64_t{0}, ~uint64_t{0}};

inline Key key_of(std::string_view word) {
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
  explicit Tokens(std::string_view text);

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
  explicit PhraseTable(std::string_view spec);

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
  void add(const std::vector<std::string_view>& words, size_t k, std::vector<Key>& done);

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

const Lexicon& lexicon();

// --- Counts.

struct Count {
  int64_t value;
  size_t end;  // byte after the count (and its "k", "thousand", "mille", "million")
};

inline constexpr int64_t kHuge = int64_t{1}
                                 << 53;  // more digits than any count: always a mass export

// The number written at byte `i` of `text`: "5000", "5,000", "3 000", "1.5k", "2 millions".
Count parse_count(std::string_view text, size_t i);

}  // namespace novacrm::compliance::mass_export
