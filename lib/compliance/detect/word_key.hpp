// Word keys for vocabulary look-ups: the first 16 bytes of a folded word as two integers, so a
// table look-up compares integers, and a 4096-bit filter that rules out most words with one load
// before a binary search. Shared by the phrase-matching rules (mass_export.cpp, scope.cpp).
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>

namespace novacrm::compliance::detect {

struct WordKey {
  uint64_t high = 0;
  uint64_t low = 0;
  // Not a defaulted <=>: clang-tidy 14 reads its synthesized code as a 0-for-nullptr.
  bool operator==(const WordKey& o) const { return high == o.high && low == o.low; }
  bool operator<(const WordKey& o) const { return high != o.high ? high < o.high : low < o.low; }
};

// The key of the first 16 bytes of `word` (longer words share the key of their prefix).
inline WordKey word_key(std::string_view word) {
  WordKey k;
  for (size_t i = 0; i < word.size() && i < 16; ++i) {
    uint64_t& half = i < 8 ? k.high : k.low;
    half |= uint64_t{static_cast<unsigned char>(word[i])} << (8 * (7 - i % 8));
  }
  return k;
}

class WordKeyFilter {
 public:
  void add(WordKey k) { bits_[slot(k) / 64] |= uint64_t{1} << (slot(k) % 64); }
  [[nodiscard]] bool may_contain(WordKey k) const {
    return ((bits_[slot(k) / 64] >> (slot(k) % 64)) & 1U) != 0;
  }

 private:
  static size_t slot(WordKey k) { return ((k.high ^ (k.low * 31)) * 0x9E3779B97F4A7C15ULL) >> 52; }
  std::array<uint64_t, 64> bits_{};
};

}  // namespace novacrm::compliance::detect
