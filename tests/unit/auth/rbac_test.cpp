// Roles and the permission matrix: role names, the shape of the table (one row per permission,
// monotone in trust, admin allowed everywhere), the cells the contract fixes (DESIGN.md), the
// refusal message, and docs/security/rbac.md, parsed and compared cell by cell with the code.
#include "auth/rbac.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#ifndef NOVACRM_TEST_DATA_DIR
#define NOVACRM_TEST_DATA_DIR "tests/data"
#endif

namespace novacrm::auth {
namespace {

namespace fs = std::filesystem;
using core::ErrorCode;

TEST(Roles, ParseEveryRoleByItsName) {
  for (const Role r : kAllRoles) EXPECT_EQ(parse_role(role_name(r)).value(), r);
  EXPECT_EQ(parse_role("admin").value(), Role::kAdmin);
}

TEST(Roles, RefuseUnknownNamesWithTheListOfRoles) {
  for (const char* bad : {"", "Admin", "root", "admin ", "viewers"}) {
    const auto role = parse_role(bad);
    ASSERT_FALSE(role.ok()) << bad;
    EXPECT_EQ(role.error().code, ErrorCode::kBadInput);
    EXPECT_EQ(role.error().input, "role");
    EXPECT_NE(role.error().message.find("is not a role (admin, manager, analyst or viewer)"),
              std::string::npos);
  }
}

TEST(PermissionMatrix, HasOneRowPerPermissionInOrderWithUniqueCommands) {
  const auto matrix = permission_matrix();
  EXPECT_EQ(matrix.size(), 36U);
  std::set<std::string_view> commands;
  for (size_t i = 0; i < matrix.size(); ++i) {
    EXPECT_EQ(static_cast<size_t>(matrix[i].permission), i);
    EXPECT_TRUE(commands.insert(matrix[i].command).second) << matrix[i].command;
    EXPECT_EQ(find_permission(matrix[i].command), matrix[i].permission);
    EXPECT_EQ(command_name(matrix[i].permission), matrix[i].command);
  }
  EXPECT_FALSE(find_permission("contacts frobnicate").has_value());
}

TEST(PermissionMatrix, IsMonotoneInTrustAndAdminMayDoEverything) {
  for (const PermissionRule& row : permission_matrix()) {
    SCOPED_TRACE(std::string(row.command));
    EXPECT_TRUE(allowed(Role::kAdmin, row.permission));
    for (size_t i = 1; i < kAllRoles.size(); ++i) {
      if (allowed(kAllRoles[i - 1], row.permission)) {
        EXPECT_TRUE(allowed(kAllRoles[i], row.permission));
      }
    }
    EXPECT_TRUE(allowed(minimum_role(row.permission), row.permission));
  }
}

// The cells DESIGN.md and issue 5 fix; the rest is argued in ADR 0009.
TEST(PermissionMatrix, HoldsTheCellsTheContractFixes) {
  struct Cell {
    Permission permission;
    Role least;  // the least trusted role allowed
  };
  const std::vector<Cell> cells = {
      {Permission::kContactsList, Role::kViewer},
      {Permission::kContactsShow, Role::kViewer},
      {Permission::kClientsList, Role::kViewer},
      {Permission::kContactsListReveal, Role::kAnalyst},  // viewers can never reveal
      {Permission::kContactsShowReveal, Role::kAnalyst},
      {Permission::kContactsAdd, Role::kAnalyst},
      {Permission::kContactsUpdate, Role::kAnalyst},
      {Permission::kCheck, Role::kAnalyst},
      {Permission::kContactsDelete, Role::kManager},
      {Permission::kContactsImport, Role::kManager},
      {Permission::kContactsExport, Role::kManager},  // mass export: manager or admin
      {Permission::kContactsErase, Role::kManager},
      {Permission::kAuditList, Role::kManager},
      {Permission::kAuditExport, Role::kManager},
      {Permission::kTokenIssue, Role::kAdmin},
      {Permission::kTokenRevoke, Role::kAdmin},
      {Permission::kKeysRotate, Role::kAdmin},
      {Permission::kPolicyApply, Role::kAdmin},
  };
  for (const Cell& c : cells) {
    EXPECT_EQ(minimum_role(c.permission), c.least) << command_name(c.permission);
  }
}

TEST(Authorize, RefusalNamesRoleCommandAndWhoMay) {
  EXPECT_TRUE(authorize(Role::kManager, Permission::kContactsDelete).ok());
  const auto denied = authorize(Role::kViewer, Permission::kContactsDelete);
  ASSERT_FALSE(denied.ok());
  EXPECT_EQ(denied.error().code, ErrorCode::kPermissionDenied);
  EXPECT_EQ(denied.error().message,
            "role viewer may not run contacts delete (manager or admin may)");
  EXPECT_EQ(authorize(Role::kViewer, Permission::kContactsListReveal).error().message,
            "role viewer may not run contacts list --reveal (analyst, manager or admin may)");
  EXPECT_EQ(authorize(Role::kManager, Permission::kTokenIssue).error().message,
            "role manager may not run token issue (admin may)");
}

// --- docs/security/rbac.md ---

struct DocRow {
  std::string command;
  std::vector<std::string> cells;  // "yes" / "no", one per role
};

std::string trim(std::string s) {
  const auto b = s.find_first_not_of(' ');
  const auto e = s.find_last_not_of(' ');
  return b == std::string::npos ? "" : s.substr(b, e - b + 1);
}

// The rows between the matrix markers, header and separator left out.
std::vector<DocRow> read_doc_matrix() {
  std::ifstream in(fs::path(NOVACRM_TEST_DATA_DIR) / ".." / ".." / "docs" / "security" / "rbac.md");
  EXPECT_TRUE(in.good()) << "docs/security/rbac.md not found";
  std::vector<DocRow> rows;
  bool inside = false;
  for (std::string line; std::getline(in, line);) {
    if (line.starts_with("<!-- matrix:begin")) inside = true;
    if (line.starts_with("<!-- matrix:end")) inside = false;
    if (!inside || !line.starts_with("| `")) continue;
    std::vector<std::string> fields;
    std::stringstream split(line.substr(1));
    for (std::string field; std::getline(split, field, '|');) fields.push_back(trim(field));
    DocRow row;
    row.command = fields.at(0);
    if (row.command.size() >= 2) row.command = row.command.substr(1, row.command.size() - 2);
    row.cells.assign(fields.begin() + 1, fields.end());
    rows.push_back(row);
  }
  return rows;
}

TEST(PermissionMatrixDoc, EqualsTheCodeCellByCell) {
  const auto doc = read_doc_matrix();
  const auto matrix = permission_matrix();
  ASSERT_EQ(doc.size(), matrix.size()) << "rows in docs/security/rbac.md vs lib/auth/rbac.cpp";
  for (size_t i = 0; i < matrix.size(); ++i) {
    SCOPED_TRACE(std::string(matrix[i].command));
    EXPECT_EQ(doc[i].command, matrix[i].command);
    ASSERT_EQ(doc[i].cells.size(), kAllRoles.size());
    for (size_t r = 0; r < kAllRoles.size(); ++r) {
      EXPECT_EQ(doc[i].cells[r], allowed(kAllRoles[r], matrix[i].permission) ? "yes" : "no")
          << role_name(kAllRoles[r]);
    }
  }
}

}  // namespace
}  // namespace novacrm::auth
