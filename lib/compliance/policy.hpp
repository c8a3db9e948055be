// Policies: YAML documents (policies/policy_set.yaml is the default, compiled in) validated
// against schemas/policy.schema.json (also compiled in) with valijson, then checked for what a
// schema cannot say (a regex that does not compile, a rule's own parameters). Errors name the
// file with the line and column of the offending YAML node.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "compliance/finding.hpp"
#include "compliance/rule_config.hpp"
#include "core/result.hpp"

namespace novacrm::compliance {

// Action per severity, indexed by Severity.
using ActionMap = std::array<Action, 5>;
// info allow, low and medium warn, high block, critical escalate.
ActionMap default_actions();

struct Policy {
  std::string id;
  std::string description;
  std::string source;  // the file it came from, or "built-in"
  std::string sha256;  // hex SHA-256 of the file's bytes
  ActionMap actions = default_actions();
  bool inline_marker = true;  // honour `novacrm:allow` markers
  int64_t checkpoint_interval = 1000;
  std::vector<RuleConfig> rules;  // one per registered rule, in registry order
  bool operator==(const Policy&) const = default;
};

// Whether parse_policy checks the document against the schema. Only the compiled-in default
// skips it: it is checked when the binary is tested (PolicyTest.BuiltinPolicyPassesTheSchema),
// and skipping saves a third of a short `check`'s start-up.
enum class SchemaCheck { kValidate, kTrusted };

// Parses and validates `yaml`; `source` names it in errors ("FILE:LINE:COL: what").
core::Result<Policy> parse_policy(std::string_view yaml, const std::string& source,
                                  SchemaCheck check = SchemaCheck::kValidate);

// Reads and parses a policy file (kBadInput naming the file when it cannot be read).
core::Result<Policy> load_policy_file(const std::string& path);

// The default policy compiled into the binary (source "built-in"): decoded from the build-time
// snapshot (docs/adr/0014), else parsed from its YAML.
core::Result<Policy> builtin_policy();
std::string_view builtin_policy_text();
std::string_view policy_schema_text();

}  // namespace novacrm::compliance
