// The workspace's active policy: `policy apply FILE` validates FILE and makes it active, keeping
// every applied version with its hash (table policy_versions, append-only), and records the change
// in the audit trail in the same transaction. check, redact and policy explain use the active
// policy unless --policy names a file; a workspace that never applied one uses the built-in policy.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "app/workspace.hpp"
#include "audit/record.hpp"
#include "compliance/policy.hpp"
#include "core/result.hpp"

namespace novacrm::app {

struct PolicyVersion {
  int64_t version = 0;
  std::string policy_id;
  std::string sha256;
  std::string applied_at;
  std::string applied_by;
};

struct ApplyResult {
  PolicyVersion applied;
  std::optional<PolicyVersion> previous;
  bool unchanged = false;  // FILE is byte for byte the active policy: nothing recorded
};

// Validates the file (kBadInput with the file's line and column, as `policy validate`), then
// stores it as the next version and appends a "policy.apply" audit record, both or neither.
core::Result<ApplyResult> apply_policy(Workspace& ws, const std::string& file,
                                       const audit::Actor& actor);

// The latest applied version's policy (source "workspace policy vN"), or nullopt.
core::Result<std::optional<compliance::Policy>> active_policy(Workspace& ws);

// The active policy's audit.checkpoint_interval (nullopt: none applied, the built-in default
// holds). Read on every workspace open, without parsing the policy.
core::Result<std::optional<int64_t>> active_checkpoint_interval(store::Database& db);

// Every applied version, oldest first.
core::Result<std::vector<PolicyVersion>> policy_history(Workspace& ws);

}  // namespace novacrm::app
