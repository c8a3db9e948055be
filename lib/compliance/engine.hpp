// Engine::analyze: runs every enabled rule over a text and aggregates the findings into a
// decision (risk 0-100 and an action from the policy's severity-to-action mapping). Thread-safe
// once built. Needs no database: workspace data reaches rules as data (STYLE.md).
#pragma once

#include <array>
#include <memory>
#include <string_view>
#include <vector>

#include "compliance/finding.hpp"
#include "compliance/rule.hpp"

namespace novacrm::compliance {

// Action per severity, indexed by Severity. The default: info allow, low and medium warn, high
// block, critical escalate (policies override it; issue 3).
using ActionMap = std::array<Action, 5>;
ActionMap default_actions();

class Engine {
 public:
  Engine(std::vector<std::unique_ptr<Rule>> rules, ActionMap actions);

  // The built-in rules with the default mapping.
  static core::Result<Engine> with_builtin_rules();

  // kBadInput when `text` is not valid UTF-8 (named "input").
  [[nodiscard]] core::Result<Decision> analyze(std::string_view text,
                                               const ScanContext& context) const;

 private:
  std::vector<std::unique_ptr<Rule>> rules_;
  ActionMap actions_;
};

}  // namespace novacrm::compliance
