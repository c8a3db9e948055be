// Factories of the built-in rules, one per file in rules/. The registry (rule.cpp) lists them.
#pragma once

#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "compliance/detector_rule.hpp"
#include "compliance/regex.hpp"
#include "compliance/rule.hpp"

namespace novacrm::compliance {

inline constexpr const char* kPiiRuleKey = "no_pii_in_prompts";

core::Result<std::unique_ptr<Rule>> make_pii_rule(const RuleConfig& config);
// The rule's detector table (patterns for benchmarks and tests of the matching machinery).
std::span<const Detector> pii_detectors();

inline constexpr const char* kSecretsRuleKey = "no_secrets_in_prompts";

core::Result<std::unique_ptr<Rule>> make_secrets_rule(const RuleConfig& config);
std::span<const Detector> secrets_detectors();

inline constexpr const char* kMassExportRuleKey = "no_mass_export_requests";

// English and French requests to export, dump, download or list all of (or a number at or
// above the threshold of) contacts, clients, customers, emails or the database.
core::Result<std::unique_ptr<Rule>> make_mass_export_rule(const RuleConfig& config);

inline constexpr const char* kScopeRuleKey = "scope_check";

// Topics, client names and data domains the caller's org and role (ScanContext) may not ask
// about. kBadInput naming the domain for an unknown domain name.
core::Result<std::unique_ptr<Rule>> make_scope_rule(const RuleConfig& config);

inline constexpr const char* kCrmContactRuleKey = "no_crm_contact_data";

// Names, emails and phones of the workspace's contacts (config.contacts), matched as a
// dictionary, case- and accent-insensitively.
core::Result<std::unique_ptr<Rule>> make_crm_contact_rule(const RuleConfig& config);

// A pattern a built-in rule compiles with Regex::builtin.
struct BuiltinPattern {
  std::string_view pattern;
  bool caseless = false;
  std::string name;  // "rule.entity", as errors name it
};
std::vector<BuiltinPattern> crm_contact_patterns();
BuiltinPattern mass_export_sql_pattern();
// All of them: the detector tables, the contact rule's and the SQL pattern (the snapshot
// generator compiles each; SnapshotTest checks that a run compiles none from source).
std::vector<BuiltinPattern> builtin_patterns();

}  // namespace novacrm::compliance
