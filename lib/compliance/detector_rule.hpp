// A rule made of a table of detectors (ADR 0005): each row is a PCRE2 pattern that finds
// candidates, an optional validator that drops look-alikes, a severity and the masking of the
// excerpt. Rows run in table order; a later candidate overlapping an accepted one is dropped.
// no_pii_in_prompts and no_secrets_in_prompts are such tables.
//
// Matching (ADR 0006): one Hyperscan pass over the text finds where each row's pattern may
// match, and its PCRE2 runs only there; the findings are the same as running every PCRE2 over
// the whole text, which remains available (MatchingOptions::prefilter = false).
#pragma once

#include <cstddef>
#include <filesystem>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "compliance/rule.hpp"

namespace novacrm::compliance {

struct Detector {
  const char* entity;
  const char* pattern;
  Severity severity;
  bool (*validate)(std::string_view);     // nullptr: the pattern is enough
  std::string (*mask)(std::string_view);  // the excerpt a finding shows instead of the value
};

struct MatchingOptions {
  bool prefilter =
      true;  // false: every row's PCRE2 over the whole text (no Hyperscan, no literals)
  // Where compiled Hyperscan databases are cached; nullopt: compile on every start.
  std::optional<std::filesystem::path> cache_dir;
  // The Hyperscan database is loaded once the rule has analysed this much text: loading it
  // (~3 ms) costs more than PCRE2 alone on one short prompt, and far less than it saves on more.
  size_t prefilter_after_bytes = size_t{64} * 1024;

  // prefilter unless NOVACRM_NO_PREFILTER=1; cache_dir from core::resolve_cache_dir().
  static MatchingOptions from_environment();
};

// Compiles every row's pattern once (kBadInput naming "<key>.<entity>" for a bad one).
core::Result<std::unique_ptr<Rule>> make_detector_rule(
    const char* key, std::span<const Detector> detectors,
    const MatchingOptions& options = MatchingOptions::from_environment());

}  // namespace novacrm::compliance
