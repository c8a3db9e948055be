// Factories of the built-in rules, one per file in rules/. The registry (rule.cpp) lists them.
#pragma once

#include <memory>

#include "compliance/regex.hpp"
#include "compliance/rule.hpp"

namespace novacrm::compliance {

inline constexpr const char* kPiiRuleKey = "no_pii_in_prompts";

core::Result<std::unique_ptr<Rule>> make_pii_rule();

inline constexpr const char* kSecretsRuleKey = "no_secrets_in_prompts";

core::Result<std::unique_ptr<Rule>> make_secrets_rule();

}  // namespace novacrm::compliance
