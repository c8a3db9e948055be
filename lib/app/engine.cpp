#include "app/engine.hpp"

#include <SQLiteCpp/SQLiteCpp.h>

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

namespace {

// What an org's engine was built from: the active policy version and the state of its contacts.
core::Result<std::string> engine_stamp(Workspace& ws, const std::string& org) {
  try {
    auto q = ws.database().cached(
        "SELECT (SELECT coalesce(max(version), 0) FROM policy_versions), count(*), "
        "coalesce(max(id), 0), coalesce(max(updated_at), '') FROM contacts "
        "WHERE org = ?");
    q->bind(1, org);
    q->executeStep();
    return q->getColumn(0).getString() + ":" + q->getColumn(1).getString() + ":" +
           q->getColumn(2).getString() + ":" + q->getColumn(3).getString();
  } catch (const SQLite::Exception& e) {
    return core::workspace_unavailable("database", e.what());
  }
}

}  // namespace

core::Result<std::shared_ptr<const compliance::Engine>> EngineCache::get(Workspace& ws,
                                                                         const std::string& org,
                                                                         bool inline_markers) {
  auto stamp = engine_stamp(ws, org);
  if (!stamp) return stamp.error();
  {
    const std::lock_guard lock(mutex_);
    const Entry& entry = entries_[{org, inline_markers}];
    if (entry.engine && entry.stamp == *stamp) return entry.engine;
  }
  // Built outside the lock, so checks of other orgs (and of this one, on the old engine) go on;
  // two threads may build the same engine once, and the last one kept wins.
  auto policy = select_policy(std::nullopt, &ws);
  if (!policy) return policy.error();
  if (!inline_markers) policy->inline_marker = false;
  auto engine = make_engine(std::move(policy).value(), &ws, org);
  if (!engine) return engine.error();
  auto built = std::make_shared<const compliance::Engine>(std::move(engine).value());
  const std::lock_guard lock(mutex_);
  entries_[{org, inline_markers}] = Entry{std::move(stamp).value(), built};
  return built;
}

}  // namespace novacrm::app
