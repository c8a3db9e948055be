#include "app/policy_store.hpp"

#include <SQLiteCpp/SQLiteCpp.h>

#include <nlohmann/json.hpp>

#include "app/engine.hpp"
#include "core/clock.hpp"
#include "core/files.hpp"

namespace novacrm::app {

namespace {

constexpr const char* kColumns = "version, policy_id, sha256, applied_at, applied_by";

PolicyVersion version_from(SQLite::Statement& q) {
  return {q.getColumn(0).getInt64(), q.getColumn(1).getString(), q.getColumn(2).getString(),
          q.getColumn(3).getString(), q.getColumn(4).getString()};
}

std::optional<PolicyVersion> latest(SQLite::Database& db) {
  SQLite::Statement q(db, std::string("SELECT ") + kColumns +
                              " FROM policy_versions ORDER BY version DESC LIMIT 1");
  if (!q.executeStep()) return std::nullopt;
  return version_from(q);
}

std::string source_of(int64_t version) { return "workspace policy v" + std::to_string(version); }

}  // namespace

core::Result<ApplyResult> apply_policy(Workspace& ws, const std::string& file,
                                       const audit::Actor& actor) {
  auto text = core::read_file(file);
  if (!text) return core::bad_input(file, text.error().message);
  auto policy = compliance::parse_policy(*text, file);
  if (!policy) return policy.error();
  // Building the engine runs every rule's own checks of its parameters, as validate does.
  if (auto engine = make_engine(*policy, nullptr, "default"); !engine) {
    return core::bad_input(file, engine.error().describe());
  }
  ApplyResult result;
  store::Database& db = ws.database();
  core::Status s = db.write_transaction([&]() -> core::Status {
    result.previous = latest(db.handle());
    if (result.previous && result.previous->sha256 == policy->sha256) {
      result.unchanged = true;
      result.applied = *result.previous;
      return {};
    }
    PolicyVersion v{result.previous ? result.previous->version + 1 : 1, policy->id, policy->sha256,
                    core::now_rfc3339(), actor.subject};
    SQLite::Statement insert(db.handle(),
                             "INSERT INTO policy_versions (version, policy_id, sha256, text, "
                             "checkpoint_interval, applied_at, applied_by) "
                             "VALUES (?, ?, ?, ?, ?, ?, ?)");
    insert.bind(1, v.version);
    insert.bind(2, v.policy_id);
    insert.bind(3, v.sha256);
    insert.bind(4, *text);
    insert.bind(5, policy->checkpoint_interval);
    insert.bind(6, v.applied_at);
    insert.bind(7, v.applied_by);
    insert.exec();
    // From this record on, the new policy sets the checkpoint cadence.
    ws.audit().set_checkpoint_interval(policy->checkpoint_interval);
    audit::Event e;
    e.actor = actor;
    e.action = "policy.apply";
    e.policy = audit::PolicyRef{policy->id, policy->sha256};
    nlohmann::json details = {{"version", v.version}};
    details["previous_sha256"] =
        result.previous ? nlohmann::json(result.previous->sha256) : nlohmann::json(nullptr);
    e.details = details.dump();
    auto appended = ws.audit().append({e});
    if (!appended) return appended.error();
    result.applied = std::move(v);
    return {};
  });
  if (!s) return s.error();
  return result;
}

core::Result<std::optional<compliance::Policy>> active_policy(Workspace& ws) {
  std::optional<std::pair<int64_t, std::string>> row;
  try {
    SQLite::Statement q(ws.database().handle(),
                        "SELECT version, text FROM policy_versions ORDER BY version DESC LIMIT 1");
    if (q.executeStep()) row.emplace(q.getColumn(0).getInt64(), q.getColumn(1).getString());
  } catch (const SQLite::Exception& e) {
    return store::to_error(e, "reading the active policy", ws.database().path());
  }
  if (!row) return std::optional<compliance::Policy>();
  auto policy = compliance::parse_policy(row->second, source_of(row->first));
  if (!policy) return policy.error();
  return std::optional<compliance::Policy>(std::move(policy).value());
}

core::Result<std::optional<int64_t>> active_checkpoint_interval(store::Database& db) {
  try {
    auto q =
        db.cached("SELECT checkpoint_interval FROM policy_versions ORDER BY version DESC LIMIT 1");
    if (!q->executeStep()) return std::optional<int64_t>();
    return std::optional<int64_t>(q->getColumn(0).getInt64());
  } catch (const SQLite::Exception& e) {
    return store::to_error(e, "reading the active policy", db.path());
  }
}

core::Result<std::vector<PolicyVersion>> policy_history(Workspace& ws) {
  std::vector<PolicyVersion> out;
  try {
    SQLite::Statement q(ws.database().handle(), std::string("SELECT ") + kColumns +
                                                    " FROM policy_versions ORDER BY version");
    while (q.executeStep()) out.push_back(version_from(q));
  } catch (const SQLite::Exception& e) {
    return store::to_error(e, "reading the policy history", ws.database().path());
  }
  return out;
}

}  // namespace novacrm::app
