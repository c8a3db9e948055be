// A rule made of a table of detectors (ADR 0005): each row is a PCRE2 pattern that finds
// candidates, an optional validator that drops look-alikes, a severity and the masking of the
// excerpt. Rows run in table order; a later candidate overlapping an accepted one is dropped.
// no_pii_in_prompts and no_secrets_in_prompts are such tables.
#pragma once

#include <memory>
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

// Compiles every row's pattern once (kBadInput naming "<key>.<entity>" for a bad one).
core::Result<std::unique_ptr<Rule>> make_detector_rule(const char* key,
                                                       std::span<const Detector> detectors);

}  // namespace novacrm::compliance
