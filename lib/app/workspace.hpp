// Opening and creating a workspace: the one place that wires the store to the CRM services.
// Later issues add the audit log, keys and the permission guard here, so that both front ends
// (cmd/ and lib/http) get them the same way.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "audit/log.hpp"
#include "auth/claims.hpp"
#include "core/result.hpp"
#include "core/workspace_paths.hpp"
#include "crm/service.hpp"
#include "crm/sqlite_repository.hpp"
#include "store/database.hpp"

namespace novacrm::app {

class Workspace {
 public:
  // Opens an existing workspace (kWorkspaceUnavailable when missing, locked, unwritable or newer
  // than this binary), running pending migrations.
  static core::Result<std::unique_ptr<Workspace>> open(const core::WorkspacePaths& paths);

  crm::CrmService& crm() { return crm_; }
  audit::AuditLog& audit() { return audit_; }
  store::Database& database() { return db_; }
  [[nodiscard]] const core::WorkspacePaths& paths() const { return paths_; }
  // The secret that keys pseudonyms (redact --mode pseudonym); created by init.
  [[nodiscard]] core::Result<std::string> hmac_key() const;
  // Tokens this connection has already verified (auth::VerifiedTokens).
  auth::VerifiedTokens& verified_tokens() { return verified_tokens_; }
  // Who the audit records of this run name: the token's subject, role and org once the guard let
  // the caller in (guard.hpp); local_actor() until then (init).
  [[nodiscard]] const audit::Actor& actor() const { return actor_; }
  void set_actor(audit::Actor actor) { actor_ = std::move(actor); }

 private:
  Workspace(core::WorkspacePaths paths, store::Database db);

  core::WorkspacePaths paths_;
  store::Database db_;
  crm::SqliteContactRepository contacts_;
  crm::SqliteClientRepository clients_;
  crm::CrmService crm_;
  audit::AuditLog audit_;
  audit::Actor actor_;
  auth::VerifiedTokens verified_tokens_;
  mutable std::string hmac_key_;  // once read
};

// The workspace owner: the local OS user with role admin. Acts for `init` (which issues the
// bootstrap admin token); every other command acts as its token's subject.
audit::Actor local_actor();

inline constexpr size_t kHmacKeyBytes = 32;

struct InitReport {
  bool created = false;                    // the workspace did not exist before
  bool new_database = false;               // this run created the database (its trail starts empty)
  std::vector<std::string> additions;      // what this run added, for people ("database schema v1")
  std::optional<std::string> admin_token;  // the bootstrap admin token, when this run issued it
};

// Creates the workspace directory (0700) and database, or upgrades an existing one; says what it
// added. Running it on an up-to-date workspace changes nothing.
core::Result<InitReport> init_workspace(const core::WorkspacePaths& paths);

}  // namespace novacrm::app
