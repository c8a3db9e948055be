// The permission matrix. Changing a cell here means changing docs/security/rbac.md in the same
// commit (rbac_doc_test fails otherwise) and saying why in an ADR.
#include "auth/rbac.hpp"

#include <string>

namespace novacrm::auth {

namespace {

constexpr uint8_t bit(Role role) { return static_cast<uint8_t>(1U << static_cast<unsigned>(role)); }

// Who may run a row, from the least trusted role up.
constexpr uint8_t kViewerUp =
    bit(Role::kViewer) | bit(Role::kAnalyst) | bit(Role::kManager) | bit(Role::kAdmin);
constexpr uint8_t kAnalystUp = bit(Role::kAnalyst) | bit(Role::kManager) | bit(Role::kAdmin);
constexpr uint8_t kManagerUp = bit(Role::kManager) | bit(Role::kAdmin);
constexpr uint8_t kAdminOnly = bit(Role::kAdmin);

using P = Permission;

// Rows in the order of the Permission enum (a unit test checks), so a lookup is an index.
constexpr std::array kMatrix = {
    // Contacts: everyone reads masked; analysts edit and may reveal; managers remove and move data
    // in bulk (delete, import, export in clear, GDPR erase).
    PermissionRule{P::kContactsAdd, "contacts add", kAnalystUp},
    PermissionRule{P::kContactsList, "contacts list", kViewerUp},
    PermissionRule{P::kContactsListReveal, "contacts list --reveal", kAnalystUp},
    PermissionRule{P::kContactsShow, "contacts show", kViewerUp},
    PermissionRule{P::kContactsShowReveal, "contacts show --reveal", kAnalystUp},
    PermissionRule{P::kContactsUpdate, "contacts update", kAnalystUp},
    PermissionRule{P::kContactsDelete, "contacts delete", kManagerUp},
    PermissionRule{P::kContactsImport, "contacts import", kManagerUp},
    PermissionRule{P::kContactsExport, "contacts export", kManagerUp},
    PermissionRule{P::kContactsErase, "contacts erase", kManagerUp},
    // Clients hold no personal data; same shape as contacts.
    PermissionRule{P::kClientsAdd, "clients add", kAnalystUp},
    PermissionRule{P::kClientsList, "clients list", kViewerUp},
    PermissionRule{P::kClientsShow, "clients show", kViewerUp},
    PermissionRule{P::kClientsUpdate, "clients update", kAnalystUp},
    PermissionRule{P::kClientsDelete, "clients delete", kManagerUp},
    // Audited checks write to the audit trail: analysts and up. (--no-audit needs no token.)
    PermissionRule{P::kCheck, "check", kAnalystUp},
    PermissionRule{P::kRedact, "redact", kAnalystUp},
    // Reading the policy and asking why a text gets its decision is for everyone; changing it is
    // an admin's "policy change".
    PermissionRule{P::kPolicyValidate, "policy validate", kViewerUp},
    PermissionRule{P::kPolicyShow, "policy show", kViewerUp},
    PermissionRule{P::kPolicyExplain, "policy explain", kViewerUp},
    PermissionRule{P::kPolicyApply, "policy apply", kAdminOnly},
    // Which policies were active when, with their hashes: as readable as the policy itself.
    PermissionRule{P::kPolicyHistory, "policy history", kViewerUp},
    // The audit trail names who asked what: managers (compliance) read, export and prove it;
    // stats are aggregate counts of decisions, readable by all.
    PermissionRule{P::kAuditList, "audit list", kManagerUp},
    PermissionRule{P::kAuditShow, "audit show", kManagerUp},
    PermissionRule{P::kAuditExport, "audit export", kManagerUp},
    PermissionRule{P::kAuditVerify, "audit verify", kManagerUp},
    PermissionRule{P::kAuditProve, "audit prove", kManagerUp},
    PermissionRule{P::kAuditCheckpoint, "audit checkpoint", kManagerUp},
    PermissionRule{P::kAuditStats, "audit stats", kViewerUp},
    // Tokens and keys are the admin's, except verifying a token one holds and reading public keys.
    PermissionRule{P::kTokenIssue, "token issue", kAdminOnly},
    PermissionRule{P::kTokenList, "token list", kAdminOnly},
    PermissionRule{P::kTokenVerify, "token verify", kViewerUp},
    PermissionRule{P::kTokenRevoke, "token revoke", kAdminOnly},
    PermissionRule{P::kKeysShow, "keys show", kViewerUp},
    PermissionRule{P::kKeysRotate, "keys rotate", kAdminOnly},
    // serve exposes the workspace on the network; each request is then checked per route.
    PermissionRule{P::kServe, "serve", kAdminOnly},
};

static_assert(kMatrix.size() == static_cast<size_t>(P::kServe) + 1, "one row per Permission");

constexpr bool rows_in_enum_order() {
  for (size_t i = 0; i < kMatrix.size(); ++i) {
    if (static_cast<size_t>(kMatrix[i].permission) != i) return false;
  }
  return true;
}
static_assert(rows_in_enum_order(), "matrix rows must follow the Permission enum");

const PermissionRule& row(Permission permission) {
  return kMatrix[static_cast<size_t>(permission)];
}

// "manager or admin", "analyst, manager or admin".
std::string list_roles(uint8_t roles) {
  std::string out;
  int remaining = 0;
  for (const Role r : kAllRoles) remaining += (roles & bit(r)) != 0 ? 1 : 0;
  for (const Role r : kAllRoles) {
    if ((roles & bit(r)) == 0) continue;
    out += role_name(r);
    --remaining;
    if (remaining > 1) out += ", ";
    if (remaining == 1) out += " or ";
  }
  return out;
}

}  // namespace

std::string_view role_name(Role role) {
  switch (role) {
    case Role::kViewer:
      return "viewer";
    case Role::kAnalyst:
      return "analyst";
    case Role::kManager:
      return "manager";
    case Role::kAdmin:
      return "admin";
  }
  return "unknown";
}

core::Result<Role> parse_role(std::string_view name) {
  for (const Role r : kAllRoles) {
    if (name == role_name(r)) return r;
  }
  // A role name is not a secret, but it may be anything a user typed: keep it short.
  const std::string shown =
      name.size() > 32 ? std::string(name.substr(0, 32)) + "..." : std::string(name);
  return core::bad_input("role",
                         "\"" + shown + "\" is not a role (admin, manager, analyst or viewer)");
}

std::span<const PermissionRule> permission_matrix() { return kMatrix; }

bool allowed(Role role, Permission permission) { return (row(permission).roles & bit(role)) != 0; }

std::string_view command_name(Permission permission) { return row(permission).command; }

std::optional<Permission> find_permission(std::string_view command) {
  for (const PermissionRule& r : kMatrix) {
    if (r.command == command) return r.permission;
  }
  return std::nullopt;
}

Role minimum_role(Permission permission) {
  for (const Role r : kAllRoles) {
    if (allowed(r, permission)) return r;
  }
  return Role::kAdmin;
}

core::Status authorize(Role role, Permission permission) {
  if (allowed(role, permission)) return {};
  const PermissionRule& r = row(permission);
  return core::Error{core::ErrorCode::kPermissionDenied,
                     "role " + std::string(role_name(role)) + " may not run " +
                         std::string(r.command) + " (" + list_roles(r.roles) + " may)",
                     {}};
}

}  // namespace novacrm::auth
