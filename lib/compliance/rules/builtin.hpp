// Factories of the built-in rules, one per file in rules/. The registry (rule.cpp) lists them.
#pragma once

#include <memory>
#include <span>

#include "compliance/detector_rule.hpp"
#include "compliance/regex.hpp"
#include "compliance/rule.hpp"

namespace novacrm::compliance {

inline constexpr const char* kPiiRuleKey = "no_pii_in_prompts";

core::Result<std::unique_ptr<Rule>> make_pii_rule();
// The rule's detector table (patterns for benchmarks and tests of the matching machinery).
std::span<const Detector> pii_detectors();

inline constexpr const char* kSecretsRuleKey = "no_secrets_in_prompts";

core::Result<std::unique_ptr<Rule>> make_secrets_rule();
std::span<const Detector> secrets_detectors();

}  // namespace novacrm::compliance
