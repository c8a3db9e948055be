#include "compliance/detect/fold.hpp"

#include <array>

namespace novacrm::compliance::detect {

namespace {

// U+00C0..U+017F to their base letters ("" keeps the character as it is).
constexpr std::array<const char*, 64> kLatin1 = {
    "a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i",  "i",   // C0
    "d", "n", "o", "o", "o", "o", "o",  "",  "o", "u", "u", "u", "u", "y", "th", "ss",  // D0
    "a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i",  "i",   // E0
    "d", "n", "o", "o", "o", "o", "o",  "",  "o", "u", "u", "u", "u", "y", "th", "y",   // F0
};

const char* latin_extended_a(uint32_t cp) {
  struct Range {
    uint32_t last;
    const char* base;
  };
  static constexpr std::array<Range, 22> kRanges = {{
      {0x105, "a"}, {0x10D, "c"},  {0x111, "d"}, {0x11B, "e"}, {0x123, "g"}, {0x127, "h"},
      {0x131, "i"}, {0x133, "ij"}, {0x135, "j"}, {0x138, "k"}, {0x142, "l"}, {0x14B, "n"},
      {0x151, "o"}, {0x153, "oe"}, {0x159, "r"}, {0x161, "s"}, {0x167, "t"}, {0x173, "u"},
      {0x175, "w"}, {0x178, "y"},  {0x17E, "z"}, {0x17F, "s"},
  }};
  for (const Range& r : kRanges) {
    if (cp <= r.last) return r.base;
  }
  return "";
}

// Decodes one code point of valid UTF-8 at `i`; returns its length.
size_t decode(std::string_view s, size_t i, uint32_t& cp) {
  const auto b = static_cast<unsigned char>(s[i]);
  if (b < 0x80) {
    cp = b;
    return 1;
  }
  const size_t len = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : 2;
  cp = b & (0xFFU >> (len + 1));
  for (size_t k = 1; k < len && i + k < s.size(); ++k) {
    cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3FU);
  }
  return len;
}

}  // namespace

size_t Folded::end_of(size_t fend, std::string_view original) const {
  if (fend == 0) return 0;
  // The end of the character that produced the last folded byte.
  size_t at = origin[fend - 1];
  uint32_t cp = 0;
  return at + decode(original, at, cp);
}

Folded fold(std::string_view utf8) {
  Folded out;
  out.text.reserve(utf8.size());
  out.origin.reserve(utf8.size() + 1);
  const auto emit = [&out](std::string_view piece, size_t from) {
    for (char c : piece) {
      out.text.push_back(c);
      out.origin.push_back(static_cast<uint32_t>(from));
    }
  };
  for (size_t i = 0; i < utf8.size();) {
    uint32_t cp = 0;
    const size_t len = decode(utf8, i, cp);
    if (cp < 0x80) {
      const char c = static_cast<char>(cp >= 'A' && cp <= 'Z' ? cp + ('a' - 'A') : cp);
      emit(std::string_view(&c, 1), i);
    } else if (cp >= 0xC0 && cp <= 0xFF && *kLatin1[cp - 0xC0] != '\0') {
      emit(kLatin1[cp - 0xC0], i);
    } else if (cp >= 0x100 && cp <= 0x17F && *latin_extended_a(cp) != '\0') {
      emit(latin_extended_a(cp), i);
    } else if (cp == 0x2019 || cp == 0x2018) {
      emit("'", i);
    } else {
      emit(utf8.substr(i, len), i);
    }
    i += len;
  }
  out.origin.push_back(static_cast<uint32_t>(utf8.size()));
  return out;
}

std::string fold_text(std::string_view utf8) { return fold(utf8).text; }

}  // namespace novacrm::compliance::detect
