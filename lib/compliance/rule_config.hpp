// What a policy says about one rule: on or off, a severity override, controlled exceptions
// (allowlisted values and patterns) and the rule's own parameters. Rule factories receive it;
// the policy loader (policy.cpp) fills it from YAML. Plain data, no YAML types.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "compliance/finding.hpp"

namespace novacrm::compliance {

// no_mass_export_requests: a request naming a number of records at or above `threshold`
// ("give me 5000 customer emails") is a mass export, as are "all/every/whole" requests.
struct MassExportParams {
  int64_t threshold = 100;
  bool operator==(const MassExportParams&) const = default;
};

// scope_check: what callers of one org and role may not ask about. "*" matches any org or role.
// Topics and client names are phrases matched case- and accent-insensitively on word
// boundaries; domains name built-in vocabularies (see rules/scope.cpp for the list).
struct ScopeRestriction {
  std::string org = "*";
  std::string role = "*";
  std::vector<std::string> topics;
  std::vector<std::string> clients;
  std::vector<std::string> domains;
  bool operator==(const ScopeRestriction&) const = default;
};

struct ScopeParams {
  std::vector<ScopeRestriction> restrictions;
  bool operator==(const ScopeParams&) const = default;
};

// One contact of the workspace as no_crm_contact_data matches it (clear values: the rule keeps
// them in memory only, never in findings).
struct ContactTerms {
  std::string full_name;  // "first last"
  std::string email;
  std::string phone;  // E.164
  bool operator==(const ContactTerms&) const = default;
};

struct RuleConfig {
  std::string key;
  bool enabled = true;
  std::optional<Severity> severity;         // when set, every finding of the rule gets it
  std::vector<std::string> allow_values;    // a finding whose value equals one is dropped
  std::vector<std::string> allow_patterns;  // PCRE2; a finding whose value matches is dropped
  MassExportParams mass_export;
  ScopeParams scope;
  std::vector<ContactTerms> contacts;  // no_crm_contact_data: filled from the workspace
  bool operator==(const RuleConfig&) const = default;
};

}  // namespace novacrm::compliance
