#include "compliance/rule.hpp"

#include "compliance/rules/builtin.hpp"

namespace novacrm::compliance {

void RuleRegistry::add(std::string key, RuleFactory factory) {
  factories_[std::move(key)] = std::move(factory);
}

core::Result<std::unique_ptr<Rule>> RuleRegistry::create(const RuleConfig& config) const {
  const std::string& key = config.key;
  const auto it = factories_.find(key);
  if (it == factories_.end()) {
    std::string known;
    for (const auto& [k, f] : factories_) known += (known.empty() ? "" : ", ") + k;
    return core::bad_input("rule " + key, "no such rule (known: " + known + ")");
  }
  return it->second(config);
}

std::vector<std::string> RuleRegistry::keys() const {
  std::vector<std::string> out;
  for (const auto& [k, f] : factories_) out.push_back(k);
  return out;
}

const RuleRegistry& builtin_rules() {
  static const RuleRegistry kRegistry = [] {
    RuleRegistry r;
    r.add(kPiiRuleKey, make_pii_rule);
    r.add(kSecretsRuleKey, make_secrets_rule);
    r.add(kCrmContactRuleKey, make_crm_contact_rule);
    r.add(kMassExportRuleKey, make_mass_export_rule);
    r.add(kScopeRuleKey, make_scope_rule);
    return r;
  }();
  return kRegistry;
}

std::vector<BuiltinPattern> builtin_patterns() {
  std::vector<BuiltinPattern> out;
  for (const auto& [key, table] :
       {std::pair{kPiiRuleKey, pii_detectors()}, std::pair{kSecretsRuleKey, secrets_detectors()}}) {
    for (const Detector& d : table) {
      out.push_back({d.pattern, false, std::string(key) + "." + d.entity});
    }
  }
  for (BuiltinPattern& p : crm_contact_patterns()) out.push_back(std::move(p));
  out.push_back(mass_export_sql_pattern());
  return out;
}

}  // namespace novacrm::compliance
