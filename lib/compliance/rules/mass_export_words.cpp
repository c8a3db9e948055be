#include "compliance/rules/mass_export_words.hpp"

#include <algorithm>
#include <array>
#include <utility>

#include "core/text.hpp"

namespace novacrm::compliance::mass_export {

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

Tokens::Tokens(std::string_view text) : folded_(std::min<size_t>(text.size(), UINT32_MAX), ' ') {
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

PhraseTable::PhraseTable(std::string_view spec) {
  // Sized first: every '?' doubles its phrase; growing the vectors touched twice the memory.
  size_t phrases = 0;
  size_t keys = 0;
  for (size_t from = 0; from <= spec.size();) {
    const size_t bar = std::min(spec.find('|', from), spec.size());
    const std::string_view phrase = spec.substr(from, bar - from);
    size_t variants = 1;
    for (size_t q = phrase.find('?'); q != std::string_view::npos; q = phrase.find('?', q + 1)) {
      variants *= 2;
    }
    phrases += variants;
    keys += variants * (static_cast<size_t>(std::count(phrase.begin(), phrase.end(), ' ')) + 1);
    from = bar + 1;
  }
  entries_.reserve(phrases);
  keys_.reserve(keys);
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

void PhraseTable::add(const std::vector<std::string_view>& words, size_t k,
                      std::vector<Key>& done) {
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

const Lexicon& lexicon() {
  static const Lexicon kLexicon;
  return kLexicon;
}

namespace {

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

}  // namespace

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

}  // namespace novacrm::compliance::mass_export
