// Folding for dictionary matching: ASCII lower case, Latin accents removed (é -> e, ß -> ss,
// Œ -> oe), typographic apostrophes made plain, so "Hélène Dupré" and "helene DUPRE" compare
// equal. Keeps a map back to the original bytes, so a match in folded text has a span in the
// original.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace novacrm::compliance::detect {

struct Folded {
  std::string text;
  // origin[i]: offset in the original of the character that produced folded byte i;
  // origin[text.size()] is the original's size.
  std::vector<uint32_t> origin;
  // The original span [begin, end) of folded bytes [fbegin, fend).
  [[nodiscard]] size_t begin_of(size_t fbegin) const { return origin[fbegin]; }
  [[nodiscard]] size_t end_of(size_t fend, std::string_view original) const;
};

// `utf8` must be valid UTF-8.
Folded fold(std::string_view utf8);
// The folded text alone.
std::string fold_text(std::string_view utf8);

}  // namespace novacrm::compliance::detect
