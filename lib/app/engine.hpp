// The engine a check or a redaction runs with, the same for both front ends: the policy from
// --policy FILE, else the workspace's active policy (policy apply), else the built-in default; with
// a workspace, no_crm_contact_data receives the workspace's contacts of the caller's org as data
// (lib/compliance never opens a database).
#pragma once

#include <optional>
#include <string>

#include "app/workspace.hpp"
#include "compliance/engine.hpp"
#include "core/result.hpp"

namespace novacrm::app {

// `workspace` may be null (no workspace: the file or the built-in policy).
core::Result<compliance::Policy> select_policy(const std::optional<std::string>& policy_file,
                                               Workspace* workspace);

// `workspace` may be null (no workspace: the CRM dictionary rule finds nothing).
core::Result<compliance::Engine> make_engine(compliance::Policy policy, Workspace* workspace,
                                             const std::string& org);

}  // namespace novacrm::app
