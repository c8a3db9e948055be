#include "compliance/rules/mass_export_context.hpp"

#include <algorithm>
#include <array>
#include <span>

#include "compliance/rules/mass_export_grammar.hpp"

namespace novacrm::compliance::mass_export {

namespace {

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

}  // namespace

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

}  // namespace novacrm::compliance::mass_export
