// A compiled PCRE2 pattern (8-bit, UTF, JIT when available). Compiled once, matched from many
// threads: each match call uses its own match data.
#pragma once

#include <cstddef>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <string_view>

#include "core/result.hpp"

namespace novacrm::compliance {

// Byte offsets [first, last] (both included) where a match may start.
struct StartRange {
  size_t first = 0;
  size_t last = 0;
};

class Regex {
 public:
  // kBadInput naming `name` with PCRE2's message and the offset of the error in the pattern.
  static core::Result<Regex> compile(std::string_view pattern, const std::string& name,
                                     bool caseless = false);

  // A pattern written in the code (a rule's detector table): compiled on first use, so a run
  // pays only for the patterns its text reaches. A built-in pattern that does not compile is a
  // bug: the first use aborts with its name; the unit tests call check() on every one.
  static Regex builtin(std::string_view pattern, std::string name, bool caseless = false);

  // Compiles the pattern if it was not yet compiled, reporting an error as compile() would.
  [[nodiscard]] core::Status check() const;

  // How many built-in patterns this process compiled from source rather than decoding them
  // from the compiled-in snapshot (snapshot.hpp): 0 when the snapshot covers every one used.
  static size_t builtin_compiles();

  // Calls `on_match(begin, end)` for every non-overlapping match in `text`, left to right; when
  // the pattern's first capture group took part, its span is reported instead of the whole match.
  void for_each_match(std::string_view text,
                      const std::function<void(size_t begin, size_t end)>& on_match) const;

  // Whether the pattern matches anywhere in `text` (which must be valid UTF-8).
  [[nodiscard]] bool search(std::string_view text) const;

  // The same calls as for_each_match, trying only start positions inside `starts` (sorted,
  // disjoint), provided every match for_each_match would report starts inside one of them.
  // Lookarounds still see the whole text. This is how a prefilter's hits become exact matches.
  void for_each_match_starting_in(
      std::string_view text, std::span<const StartRange> starts,
      const std::function<void(size_t begin, size_t end)>& on_match) const;

 private:
  struct Code;
  explicit Regex(std::shared_ptr<Code> code) : code_(std::move(code)) {}
  std::shared_ptr<Code> code_;
};

// False only when no match of `pattern` can contain a line feed: no \s, \n, \v, \D, \W, \H, \R,
// \X, \C, \p, \P, numeric or control escape, \Q...\E, negated class without \n or \s, class
// spanning U+000A, or '.' in a pattern that sets (?s). Conservative: unsure means true.
bool may_match_line_break(std::string_view pattern);

// For the snapshot generator: the PCRE2 options Regex::builtin compiles with, and the pattern
// compiled with them and serialized by pcre2_serialize_encode (kBadInput naming `name` when it
// does not compile).
uint32_t builtin_compile_options(bool caseless);
core::Result<std::string> serialize_compiled(std::string_view pattern, uint32_t options,
                                             const std::string& name);

}  // namespace novacrm::compliance
