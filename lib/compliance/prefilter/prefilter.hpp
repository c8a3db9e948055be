// The Hyperscan prefilter of a detector table (ADR 0006): every pattern of a rule compiled into
// one Hyperscan database, scanned once per text, telling per pattern at which end offsets it may
// match. PCRE2 keeps the last word: it runs only around those offsets, so findings are exactly
// what PCRE2 alone finds. Patterns Hyperscan cannot match exactly (lookarounds) are compiled in
// its prefilter mode, whose hits are a superset; a pattern it refuses is reported as unscanned
// and the caller runs PCRE2 over the whole text for it. Never keeps or logs the text it scans.
#pragma once

#include <climits>
#include <cstddef>
#include <filesystem>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "compliance/regex.hpp"

struct hs_database;
struct hs_scratch;

namespace novacrm::compliance {

// What the prefilter knows of one pattern; stored with the database in the cache (but for
// line_bounded, derived from the pattern on load).
struct PatternFacts {
  bool scanned = false;  // false: Hyperscan refused the pattern
  // Hyperscan scans for the pattern's first expression_length bytes: the whole pattern, or a
  // prefix (see prefilter_prefix_length). Its hits are ends of that expression.
  unsigned expression_length = 0;
  unsigned max_width = 0;     // longest match of that expression in bytes; kUnboundedWidth if none
  bool line_bounded = false;  // no match of that expression contains a line feed
};
inline constexpr unsigned kUnboundedWidth = UINT_MAX;

// Where one pattern may match in a text.
struct PatternHits {
  std::vector<size_t> ends;  // sorted, distinct end offsets of the scanned expression
  // More hits than worth keeping (a digit pattern over a long run of digits): the pattern must
  // run over the whole text, as without the prefilter. Keeps memory bounded by the text's size.
  bool everywhere = false;
};

class Prefilter {
 public:
  // Never fails: the database comes from `cache_dir` when a valid one is there, else it is
  // compiled (and stored there, best effort). Without any usable database every pattern is
  // unscanned. `cache_dir` empty: compile every time.
  static std::unique_ptr<Prefilter> build(std::span<const std::string> patterns,
                                          const std::optional<std::filesystem::path>& cache_dir);
  ~Prefilter();
  Prefilter(const Prefilter&) = delete;
  Prefilter& operator=(const Prefilter&) = delete;

  [[nodiscard]] const PatternFacts& facts(size_t pattern) const { return facts_[pattern]; }
  [[nodiscard]] bool from_cache() const { return from_cache_; }

  // hits[i]: where pattern i may match (nothing for an unscanned pattern). `text` must be valid
  // UTF-8. Thread-safe. False when the text could not be scanned (no database, over 4 GiB, no
  // memory): then no pattern may be skipped.
  bool scan(std::string_view text, std::vector<PatternHits>& hits) const;

 private:
  Prefilter() = default;
  hs_scratch* take_scratch() const;
  void give_back(hs_scratch* scratch) const;

  std::vector<PatternFacts> facts_;
  hs_database* db_ = nullptr;
  hs_scratch* prototype_ = nullptr;  // cloned for each concurrent scan
  mutable std::mutex mu_;
  mutable std::vector<hs_scratch*>
      idle_;  // scratch spaces not in use, one per past concurrent scan
  bool from_cache_ = false;
};

// Where the pattern may be cut for Hyperscan: before its first top-level gap, a repeated
// negated class or dot such as `[^\n]{0,40}?`, when what precedes consumes input; else its
// length. Such gaps, under UTF-8 and caseless matching, turn into automata that scan at tens
// of MB/s, while the prefix (usually keywords) scans at GB/s. Sound: every match of the whole
// pattern starts with a match of the prefix, so it starts within the prefix's width before one
// of the prefix's end offsets. Top-level alternation, (?x), verbs and \Q: never cut.
size_t prefilter_prefix_length(std::string_view pattern);

// Lower-case ASCII literals such that every match of `pattern` contains at least one of them,
// compared without regard to ASCII case; empty when it cannot tell (then the pattern must run).
// A branch ending in (*SKIP)(*F) is left out: it never reports a match. Sound by construction:
// only mandatory, unquantified literal characters outside groups, and groups of plain literal
// alternatives, are taken. Search them in fold_for_literals(text).
std::vector<std::string> required_literals(std::string_view pattern);

// `text` with ASCII letters lower-cased and the two characters that PCRE2's caseless UTF
// matching also takes for ASCII letters (U+212A KELVIN SIGN for k, U+017F LONG S for s) replaced
// by them: a required literal is in this text whenever a caseless match could contain it.
std::string fold_for_literals(std::string_view text);

// Where a match whose scanned expression ends at one of `ends` (sorted, distinct) may start:
// within `max_width` bytes before that end and, when the expression cannot match a line feed,
// on the line of its last byte.
// Sorted, merged ranges for Regex::for_each_match_starting_in.
std::vector<StartRange> start_ranges(std::string_view text, std::span<const size_t> ends,
                                     unsigned max_width, bool line_bounded);

}  // namespace novacrm::compliance
