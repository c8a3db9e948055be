#include "store/database.hpp"

#include <SQLiteCpp/SQLiteCpp.h>
#include <sqlite3.h>

#include <cstdlib>
#include <unordered_map>

#include "core/clock.hpp"
#include "store/migrations.hpp"

namespace novacrm::store {

namespace fs = std::filesystem;
using core::Error;
using core::ErrorCode;
using core::Result;
using core::Status;

int busy_timeout_ms() {
  if (const char* v = std::getenv("NOVACRM_BUSY_TIMEOUT_MS"); v != nullptr && *v != '\0') {
    char* end = nullptr;
    const long ms = std::strtol(v, &end, 10);
    if (end != nullptr && *end == '\0' && ms >= 0 && ms <= 600000) return static_cast<int>(ms);
  }
  return 5000;
}

Error to_error(const SQLite::Exception& e, const std::string& what, const fs::path& db) {
  switch (e.getErrorCode()) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return Error{ErrorCode::kWorkspaceUnavailable,
                   "database is locked by another process (waited " +
                       std::to_string(busy_timeout_ms()) + " ms while " + what + ")",
                   db.string()};
    case SQLITE_READONLY:
    case SQLITE_CANTOPEN:
    case SQLITE_PERM:
    case SQLITE_IOERR:
    case SQLITE_FULL:
    case SQLITE_NOTADB:
    case SQLITE_CORRUPT:
      return Error{ErrorCode::kWorkspaceUnavailable,
                   std::string("workspace unavailable while ") + what + ": " + e.getErrorStr(),
                   db.string()};
    default:
      return Error{ErrorCode::kInternal,
                   std::string("database error while ") + what + ": " + e.getErrorStr(),
                   db.string()};
  }
}

struct Database::StatementCache {
  struct Entry {
    std::unique_ptr<SQLite::Statement> stmt;
    bool in_use = false;
  };
  std::unordered_map<std::string, Entry> entries;  // nodes are stable: leases point into them
};

CachedStatement::CachedStatement(SQLite::Statement* stmt, bool* in_use,
                                 std::unique_ptr<SQLite::Statement> own)
    : stmt_(stmt), in_use_(in_use), own_(std::move(own)) {}

CachedStatement::~CachedStatement() {
  stmt_->tryReset();
  try {
    stmt_->clearBindings();  // sqlite3_clear_bindings cannot fail; the wrapper could throw
  } catch (const SQLite::Exception&) {  // NOLINT(bugprone-empty-catch)
  }
  if (in_use_ != nullptr) *in_use_ = false;
}

CachedStatement Database::cached(const std::string& sql) {
  StatementCache::Entry& e = statements_->entries[sql];
  if (e.in_use) {  // nested use of the same statement: a fresh one for this lease
    auto own = std::make_unique<SQLite::Statement>(*db_, sql);
    SQLite::Statement* raw = own.get();
    return {raw, nullptr, std::move(own)};
  }
  if (!e.stmt) e.stmt = std::make_unique<SQLite::Statement>(*db_, sql);
  e.in_use = true;
  return {e.stmt.get(), &e.in_use, nullptr};
}

Database::Database(std::unique_ptr<SQLite::Database> db, fs::path path)
    : db_(std::move(db)), statements_(std::make_unique<StatementCache>()), path_(std::move(path)) {}
Database::Database(Database&&) noexcept = default;
Database& Database::operator=(Database&& other) noexcept {
  statements_.reset();  // finalized while their connection is still open
  db_ = std::move(other.db_);
  statements_ = std::move(other.statements_);
  path_ = std::move(other.path_);
  version_before_ = other.version_before_;
  version_ = other.version_;
  return *this;
}
Database::~Database() { statements_.reset(); }

Result<Database> Database::open(const fs::path& path, OpenMode mode) {
  std::error_code ec;
  if (mode == OpenMode::kExisting && !fs::exists(path, ec)) {
    return Error{ErrorCode::kWorkspaceUnavailable,
                 "no workspace here (run 'novacrm init' to create one)",
                 path.parent_path().string()};
  }
  try {
    int flags = SQLite::OPEN_READWRITE | SQLITE_OPEN_NOFOLLOW;
    if (mode == OpenMode::kCreate) flags |= SQLite::OPEN_CREATE;
    auto db = std::make_unique<SQLite::Database>(path.string(), flags, busy_timeout_ms());
    // Pragmas: WAL for concurrent readers, FULL sync so an acknowledged write survives a crash,
    // secure_delete so deleted or erased bytes are zeroed in the file rather than left in free
    // pages.
    db->exec("PRAGMA journal_mode=WAL");
    db->exec("PRAGMA foreign_keys=ON");
    db->exec("PRAGMA synchronous=FULL");
    db->exec("PRAGMA secure_delete=ON");
    Database out(std::move(db), path);
    if (Status s = out.migrate(); !s) return s.error();
    return out;
  } catch (const SQLite::Exception& e) {
    return to_error(e, "opening the workspace database", path);
  }
}

Status Database::migrate() {
  const int latest = latest_schema_version();
  // Read the version first without a write lock, so commands on an up-to-date workspace never
  // queue behind a writer just to learn that nothing needs migrating.
  const auto current_version = [&] {
    db_->exec(
        "CREATE TABLE IF NOT EXISTS schema_migrations ("
        " version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)");
    return db_->execAndGet("SELECT COALESCE(MAX(version), 0) FROM schema_migrations").getInt64();
  };
  const auto too_new = [&](int64_t v) {
    return Error{ErrorCode::kWorkspaceUnavailable,
                 "workspace schema version " + std::to_string(v) +
                     " is newer than this novacrm supports (" + std::to_string(latest) +
                     "): upgrade novacrm",
                 path_.string()};
  };
  bool has_table = db_->tableExists("schema_migrations");
  version_before_ =
      has_table
          ? db_->execAndGet("SELECT COALESCE(MAX(version), 0) FROM schema_migrations").getInt64()
          : 0;
  version_ = version_before_;
  if (version_before_ > latest) return too_new(version_before_);
  if (version_before_ == latest) return {};
  return write_transaction([&]() -> Status {
    version_before_ = current_version();  // another process may have migrated meanwhile
    if (version_before_ > latest) return too_new(version_before_);
    for (const Migration& m : migrations()) {
      if (m.version <= version_before_) continue;
      db_->exec(std::string(m.sql));
      SQLite::Statement record(
          *db_, "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)");
      record.bind(1, m.version);
      record.bind(2, std::string(m.name));
      record.bind(3, core::now_rfc3339());
      record.exec();
    }
    version_ = latest;
    return {};
  });
}

Status Database::write_transaction(const std::function<Status()>& body) {
  // Inside another write transaction, `body` joins it: the outer one commits or rolls back
  // everything, so a change and its audit record land together or not at all.
  if (sqlite3_get_autocommit(db_->getHandle()) == 0) {
    try {
      return body();
    } catch (const SQLite::Exception& e) {
      return to_error(e, "writing", path_);
    }
  }
  try {
    db_->exec("BEGIN IMMEDIATE");
  } catch (const SQLite::Exception& e) {
    return to_error(e, "starting a write", path_);
  }
  try {
    Status s = body();
    if (!s) {
      db_->exec("ROLLBACK");
      return s;
    }
    db_->exec("COMMIT");
    return {};
  } catch (const SQLite::Exception& e) {
    try {
      db_->exec("ROLLBACK");
    } catch (const SQLite::Exception&) {  // NOLINT(bugprone-empty-catch): nothing left to undo
    }
    return to_error(e, "writing", path_);
  }
}

Status Database::checkpoint_truncate() {
  try {
    db_->exec("PRAGMA wal_checkpoint(TRUNCATE)");
    return {};
  } catch (const SQLite::Exception& e) {
    return to_error(e, "checkpointing the write-ahead log", path_);
  }
}

}  // namespace novacrm::store
