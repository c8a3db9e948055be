// The engine a check or a redaction runs with, the same for both front ends: the policy from
// --policy FILE, else the workspace's active policy (policy apply), else the built-in default; with
// a workspace, no_crm_contact_data receives the workspace's contacts of the caller's org as data
// (lib/compliance never opens a database).
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <utility>

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

// Engines built once and shared by the requests of a long-running front end (serve). An engine
// depends on the workspace's active policy, on the org's contacts (no_crm_contact_data) and on
// whether inline markers count (check: yes; redact: never); an entry is rebuilt when its policy
// version or its org's contacts changed, which one cheap query per use tells.
class EngineCache {
 public:
  core::Result<std::shared_ptr<const compliance::Engine>> get(Workspace& ws, const std::string& org,
                                                              bool inline_markers);

 private:
  struct Entry {
    std::string stamp;
    std::shared_ptr<const compliance::Engine> engine;
  };
  std::mutex mutex_;
  std::map<std::pair<std::string, bool>, Entry> entries_;
};

}  // namespace novacrm::app
