// A compiled PCRE2 pattern (8-bit, UTF, JIT when available). Compiled once, matched from many
// threads: each match call uses its own match data.
#pragma once

#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "core/result.hpp"

namespace novacrm::compliance {

class Regex {
 public:
  // kBadInput naming `name` with PCRE2's message and the offset of the error in the pattern.
  static core::Result<Regex> compile(std::string_view pattern, const std::string& name,
                                     bool caseless = false);

  // Calls `on_match(begin, end)` for every non-overlapping match in `text`, left to right; when
  // the pattern's first capture group took part, its span is reported instead of the whole match.
  void for_each_match(std::string_view text,
                      const std::function<void(size_t begin, size_t end)>& on_match) const;

  // Whether the pattern matches anywhere in `text` (which must be valid UTF-8).
  [[nodiscard]] bool search(std::string_view text) const;

 private:
  struct Code;
  explicit Regex(std::shared_ptr<Code> code) : code_(std::move(code)) {}
  std::shared_ptr<Code> code_;
};

}  // namespace novacrm::compliance
