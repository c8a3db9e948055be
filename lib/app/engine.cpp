#include "app/engine.hpp"

#include "app/policy_store.hpp"
#include "compliance/rules/builtin.hpp"

namespace novacrm::app {

core::Result<compliance::Policy> select_policy(const std::optional<std::string>& policy_file,
                                               Workspace* workspace) {
  if (policy_file) return compliance::load_policy_file(*policy_file);
  if (workspace != nullptr) {
    auto active = active_policy(*workspace);
    if (!active) return active.error();
    if (*active) return std::move(**active);
  }
  return compliance::builtin_policy();
}

core::Result<compliance::Engine> make_engine(compliance::Policy policy, Workspace* workspace,
                                             const std::string& org) {
  for (compliance::RuleConfig& rule : policy.rules) {
    if (rule.key != compliance::kCrmContactRuleKey || !rule.enabled || workspace == nullptr) {
      continue;
    }
    core::Status s = workspace->crm().for_each_contact(org, [&](const crm::Contact& c) {
      if (c.erased_at) return;
      compliance::ContactTerms t;
      t.full_name = c.first_name.value_or("") + " " + c.last_name.value_or("");
      t.email = c.email.value_or("");
      t.phone = c.phone.value_or("");
      rule.contacts.push_back(std::move(t));
    });
    if (!s) return s.error();
  }
  return compliance::Engine::from_policy(policy);
}

}  // namespace novacrm::app
