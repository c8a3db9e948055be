#include "compliance/engine.hpp"

#include <algorithm>

#include "core/text.hpp"

namespace novacrm::compliance {

namespace {

constexpr std::array<int, 5> kRiskBySeverity = {5, 20, 45, 75, 95};
constexpr int kRiskPerExtraFinding = 2;

size_t index_of(Severity s) { return static_cast<size_t>(s); }

}  // namespace

ActionMap default_actions() {
  return {Action::kAllow, Action::kWarn, Action::kWarn, Action::kBlock, Action::kEscalate};
}

Engine::Engine(std::vector<std::unique_ptr<Rule>> rules, ActionMap actions)
    : rules_(std::move(rules)), actions_(actions) {}

core::Result<Engine> Engine::with_builtin_rules() {
  std::vector<std::unique_ptr<Rule>> rules;
  for (const std::string& key : builtin_rules().keys()) {
    auto rule = builtin_rules().create(key);
    if (!rule) return rule.error();
    rules.push_back(std::move(rule).value());
  }
  return Engine(std::move(rules), default_actions());
}

core::Result<Decision> Engine::analyze(std::string_view text, const ScanContext& context) const {
  if (!core::is_valid_utf8(text)) return core::bad_input("input", "is not valid UTF-8");
  Decision d;
  for (const auto& rule : rules_) rule->analyze(text, context, d.findings);
  std::stable_sort(d.findings.begin(), d.findings.end(),
                   [](const Finding& a, const Finding& b) { return a.span.begin < b.span.begin; });
  int top = 0;
  for (size_t i = 0; i < d.findings.size(); ++i) {
    const Finding& f = d.findings[i];
    const Action a = actions_[index_of(f.severity)];
    if (!d.driver || a > d.action) {
      d.action = std::max(d.action, a);
      d.driver = i;
    }
    top = std::max(top, kRiskBySeverity[index_of(f.severity)]);
  }
  if (!d.findings.empty()) {
    const int extra = static_cast<int>(d.findings.size() - 1) * kRiskPerExtraFinding;
    d.risk = std::min(100, top + extra);
  }
  return d;
}

}  // namespace novacrm::compliance
