// The workspace's SQLite connection: opened with WAL, foreign keys, secure_delete and a busy
// timeout, migrated forward on open. Holds no business rules (those live in lib/crm and above).
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>

#include "core/result.hpp"

namespace SQLite {
class Database;
class Exception;
class Statement;
}  // namespace SQLite

namespace novacrm::store {

enum class OpenMode {
  kExisting,  // the database must exist (every command but init)
  kCreate,    // create it when missing (init)
};

// Milliseconds a writer waits for another process's lock before giving up with
// kWorkspaceUnavailable. NOVACRM_BUSY_TIMEOUT_MS overrides the default of 5000.
int busy_timeout_ms();

// A statement borrowed from the connection's cache (Database::cached): reset, with its bindings
// cleared, when the lease ends, so it holds no read snapshot open between uses.
class CachedStatement {
 public:
  CachedStatement(const CachedStatement&) = delete;
  CachedStatement& operator=(const CachedStatement&) = delete;
  ~CachedStatement();
  SQLite::Statement& operator*() { return *stmt_; }
  SQLite::Statement* operator->() { return stmt_; }

 private:
  friend class Database;
  CachedStatement(SQLite::Statement* stmt, bool* in_use, std::unique_ptr<SQLite::Statement> own);
  SQLite::Statement* stmt_;
  bool* in_use_;                            // the cache entry's flag (null for an own statement)
  std::unique_ptr<SQLite::Statement> own_;  // prepared for this lease: the cached one was busy
};

class Database {
 public:
  static core::Result<Database> open(const std::filesystem::path& path, OpenMode mode);

  Database(Database&& other) noexcept;
  Database& operator=(Database&& other) noexcept;
  ~Database();

  SQLite::Database& handle() { return *db_; }
  // `sql` prepared once per connection and reused: for statements a long-running front end
  // (serve) runs on every request. Not thread-safe (neither is the connection).
  CachedStatement cached(const std::string& sql);
  [[nodiscard]] const std::filesystem::path& path() const { return path_; }

  // Schema version before this open ran its migrations, and after.
  [[nodiscard]] int64_t version_before() const { return version_before_; }
  [[nodiscard]] int64_t version() const { return version_; }

  // Runs `body` inside BEGIN IMMEDIATE ... COMMIT; rolls back when it fails or throws. Called
  // inside another write_transaction, `body` runs in the outer transaction.
  core::Status write_transaction(const std::function<core::Status()>& body);

  // Folds the WAL back into the database file and truncates it to zero bytes, so pages that
  // held erased data no longer exist anywhere on disk.
  core::Status checkpoint_truncate();

 private:
  Database(std::unique_ptr<SQLite::Database> db, std::filesystem::path path);
  core::Status migrate();

  struct StatementCache;
  std::unique_ptr<SQLite::Database> db_;
  std::unique_ptr<StatementCache> statements_;  // after db_: finalized before it closes
  std::filesystem::path path_;
  int64_t version_before_ = 0;
  int64_t version_ = 0;
};

// Maps a SQLite exception to the documented error kinds: busy/locked, read-only, cannot-open
// and permission errors are kWorkspaceUnavailable; anything else is kInternal. `what` says what
// the tool was doing ("listing contacts").
core::Error to_error(const SQLite::Exception& e, const std::string& what,
                     const std::filesystem::path& db);

}  // namespace novacrm::store
