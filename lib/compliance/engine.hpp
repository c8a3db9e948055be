// Engine::analyze: runs every enabled rule of a policy over a text, drops the findings its
// controlled exceptions silence (allowlists, inline `novacrm:allow` markers, a caller's
// baseline) and aggregates the rest into a decision (risk 0-100 and an action from the policy's
// severity-to-action mapping). Thread-safe once built. Needs no database: workspace data
// reaches rules as data in the policy's RuleConfig (STYLE.md).
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "compliance/finding.hpp"
#include "compliance/policy.hpp"
#include "compliance/regex.hpp"
#include "compliance/rule.hpp"

namespace novacrm::compliance {

// A finding silenced by a controlled exception, and which one.
struct Suppression {
  Finding finding;
  std::string reason;  // "allowlisted value", "allowlist pattern 2", "inline marker", "baseline"
};

// Decides, with the finding's raw value, whether a caller-side exception (a baseline) silences
// it. The value must not be kept or printed.
using SuppressFn = std::function<bool(const Finding& finding, std::string_view value)>;

class Engine {
 public:
  // Creates the policy's enabled rules (kBadInput from a rule's factory for bad parameters).
  static core::Result<Engine> from_policy(const Policy& policy,
                                          const RuleRegistry& registry = builtin_rules());
  // The built-in default policy.
  static core::Result<Engine> with_builtin_rules();

  // kBadInput when `text` is not valid UTF-8 (named "input"). `suppress` may be null.
  [[nodiscard]] core::Result<Decision> analyze(std::string_view text, const ScanContext& context,
                                               const SuppressFn* suppress = nullptr) const;

  // analyze, also returning what the exceptions silenced (policy explain).
  [[nodiscard]] core::Result<Decision> analyze(std::string_view text, const ScanContext& context,
                                               const SuppressFn* suppress,
                                               std::vector<Suppression>* suppressed) const;

  // Sorts d.findings by offset and sets action, driver and risk from them (analyze does this;
  // a caller that merges the findings of several parts of one input calls it again).
  void decide(Decision& d) const;

  // decide's arithmetic, one finding at a time, for findings not kept in d.findings (a file
  // scanned in windows): add() them in offset order, then apply() sets action, driver (the
  // index in that order) and risk.
  class Tally {
   public:
    explicit Tally(const Engine& engine) : actions_(engine.actions_) {}
    void add(const Finding& f);
    void apply(Decision& d) const;
    [[nodiscard]] size_t count() const { return count_; }

   private:
    ActionMap actions_;
    Action action_ = Action::kAllow;
    std::optional<size_t> driver_;
    int top_ = 0;
    size_t count_ = 0;
  };

  [[nodiscard]] const std::string& policy_id() const { return policy_id_; }
  [[nodiscard]] const std::string& policy_sha256() const { return policy_sha256_; }
  [[nodiscard]] const ActionMap& actions() const { return actions_; }
  // Every enabled rule's patterns, as (rule key, pattern).
  [[nodiscard]] std::vector<std::pair<std::string, std::string>> patterns() const;

 private:
  struct Entry {
    std::unique_ptr<Rule> rule;
    std::optional<Severity> severity;
    std::vector<std::string> allow_values;  // lower-cased
    std::vector<Regex> allow_patterns;
  };
  Engine() = default;
  [[nodiscard]] static std::string exception_for(const Entry& entry, const Finding& f,
                                                 std::string_view text, bool markers);

  std::vector<Entry> rules_;
  ActionMap actions_ = default_actions();
  bool inline_marker_ = true;
  std::string policy_id_;
  std::string policy_sha256_;
};

// Risk weight per severity {5, 20, 45, 75, 95} and per extra finding (2): the decision's risk is
// the top weight plus 2 per other finding, at most 100.
int risk_weight(Severity s);
inline constexpr int kRiskPerExtraFinding = 2;

}  // namespace novacrm::compliance
