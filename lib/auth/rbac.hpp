// Roles and the permission matrix: for every command and subcommand (and the `--reveal` variants
// of contacts list/show), which of the four roles may run it. One table in rbac.cpp, enforced the
// same way by the CLI and every HTTP route (through lib/app), documented in docs/security/rbac.md
// (a unit test keeps the two equal) and defended in docs/adr/0009.
//
// Deciding here never has side effects and never looks at a token: callers validate the token
// first (claims.hpp) and pass its role.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

#include "core/result.hpp"

namespace novacrm::auth {

// Ordered from least to most trusted; the matrix is monotone in this order (a unit test checks).
enum class Role : uint8_t { kViewer, kAnalyst, kManager, kAdmin };

constexpr std::array<Role, 4> kAllRoles = {Role::kViewer, Role::kAnalyst, Role::kManager,
                                           Role::kAdmin};

// "viewer", "analyst", "manager", "admin": the spelling in tokens, flags and JSON.
std::string_view role_name(Role role);

// Exact lower-case names only; kBadInput "role: "x" is not a role (admin, manager, analyst or
// viewer)" otherwise.
core::Result<Role> parse_role(std::string_view name);

// One value per row of the matrix.
enum class Permission : uint8_t {
  kContactsAdd,
  kContactsList,
  kContactsListReveal,
  kContactsShow,
  kContactsShowReveal,
  kContactsUpdate,
  kContactsDelete,
  kContactsImport,
  kContactsExport,
  kContactsErase,
  kClientsAdd,
  kClientsList,
  kClientsShow,
  kClientsUpdate,
  kClientsDelete,
  kCheck,
  kRedact,
  kPolicyValidate,
  kPolicyShow,
  kPolicyExplain,
  kPolicyApply,
  kPolicyHistory,
  kAuditList,
  kAuditShow,
  kAuditExport,
  kAuditVerify,
  kAuditProve,
  kAuditCheckpoint,
  kAuditStats,
  kTokenIssue,
  kTokenList,
  kTokenVerify,
  kTokenRevoke,
  kKeysShow,
  kKeysRotate,
  kServe,
};

// A row of the matrix. `command` is how people write it: "contacts list", "contacts list --reveal".
struct PermissionRule {
  Permission permission;
  std::string_view command;
  uint8_t roles;  // bit (1 << Role) set for each role allowed
};

// The whole matrix in declaration order, one row per Permission: for table-driven tests over the
// CLI and HTTP and for generating the documentation.
std::span<const PermissionRule> permission_matrix();

bool allowed(Role role, Permission permission);

// "contacts list --reveal" for kContactsListReveal.
std::string_view command_name(Permission permission);

// The Permission whose command is `command` exactly, if any.
std::optional<Permission> find_permission(std::string_view command);

// The least trusted role allowed to run `permission` (every row allows admin).
Role minimum_role(Permission permission);

// Success, or kPermissionDenied "role viewer may not run contacts delete (manager or admin may)".
core::Status authorize(Role role, Permission permission);

}  // namespace novacrm::auth
