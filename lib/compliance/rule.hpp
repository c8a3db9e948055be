// A compliance rule: a strategy behind one interface, created by key from the registry. Rules
// never keep or log the text they analyse; they append findings with masked excerpts.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "compliance/finding.hpp"
#include "compliance/rule_config.hpp"
#include "core/result.hpp"

namespace novacrm::compliance {

// Who is asking, for rules parameterised per org and role (scope_check).
struct ScanContext {
  std::string org = "default";
  std::string role = "admin";
};

class Rule {
 public:
  virtual ~Rule() = default;
  [[nodiscard]] virtual std::string_view key() const = 0;
  // `text` is valid UTF-8. Must be thread-safe: one rule object serves concurrent scans.
  virtual void analyze(std::string_view text, const ScanContext& context,
                       std::vector<Finding>& out) const = 0;
  // The PCRE2 patterns the rule matches with, for `policy show --patterns` (benchmarks against
  // other scanners). Rules that are not pattern tables return none.
  [[nodiscard]] virtual std::vector<std::string> patterns() const { return {}; }
};

using RuleFactory = std::function<core::Result<std::unique_ptr<Rule>>(const RuleConfig&)>;

// Rule keys to factories. Built-in rules register themselves in rules/*.cpp through
// register_builtin_rules().
class RuleRegistry {
 public:
  void add(std::string key, RuleFactory factory);
  // kBadInput naming the key when no rule has it; the factory's own error for bad parameters.
  [[nodiscard]] core::Result<std::unique_ptr<Rule>> create(const RuleConfig& config) const;
  [[nodiscard]] std::vector<std::string> keys() const;

 private:
  std::map<std::string, RuleFactory> factories_;
};

// The registry with every built-in rule.
const RuleRegistry& builtin_rules();

}  // namespace novacrm::compliance
