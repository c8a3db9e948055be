#include "app/workspace.hpp"

#include <spdlog/spdlog.h>
#include <sys/stat.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

namespace novacrm::app {

namespace fs = std::filesystem;
using core::Error;
using core::ErrorCode;
using core::Result;

Workspace::Workspace(core::WorkspacePaths paths, store::Database db)
    : paths_(std::move(paths)),
      db_(std::move(db)),
      contacts_(db_),
      clients_(db_),
      crm_(contacts_, clients_) {}

Result<std::unique_ptr<Workspace>> Workspace::open(const core::WorkspacePaths& paths) {
  std::error_code ec;
  if (!fs::is_directory(paths.home, ec)) {
    return Error{ErrorCode::kWorkspaceUnavailable,
                 "no workspace here (run 'novacrm init' to create one)", paths.home.string()};
  }
  auto db = store::Database::open(paths.database, store::OpenMode::kExisting);
  if (!db) return db.error();
  if (db->version() != db->version_before()) {
    spdlog::info("workspace.migrate from={} to={}", db->version_before(), db->version());
  }
  spdlog::debug("workspace.open schema={}", db->version());
  return std::unique_ptr<Workspace>(new Workspace(paths, std::move(db).value()));
}

Result<InitReport> init_workspace(const core::WorkspacePaths& paths) {
  InitReport report;
  std::error_code ec;
  if (!fs::exists(paths.home, ec)) {
    fs::create_directories(paths.home, ec);
    if (ec) {
      return Error{ErrorCode::kWorkspaceUnavailable,
                   "cannot create the workspace directory: " + ec.message(), paths.home.string()};
    }
    ::chmod(paths.home.c_str(), 0700);
    report.created = true;
  } else if (!fs::is_directory(paths.home, ec)) {
    return Error{ErrorCode::kWorkspaceUnavailable, "exists and is not a directory",
                 paths.home.string()};
  }
  const bool had_db = fs::exists(paths.database, ec);
  // The database, its WAL and shared-memory files hold contact PII: owner-only from creation.
  const mode_t old_umask = ::umask(077);
  auto db = store::Database::open(paths.database, store::OpenMode::kCreate);
  ::umask(old_umask);
  if (!db) return db.error();
  if (!had_db) {
    report.additions.push_back("database (schema v" + std::to_string(db->version()) + ")");
  } else if (db->version() != db->version_before()) {
    report.additions.push_back("schema migrations v" + std::to_string(db->version_before() + 1) +
                               " to v" + std::to_string(db->version()));
  }
  return report;
}

}  // namespace novacrm::app
