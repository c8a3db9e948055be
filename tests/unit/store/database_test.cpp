#include "store/database.hpp"

#include <SQLiteCpp/SQLiteCpp.h>
#include <gtest/gtest.h>

#include "../testing/temp_dir.hpp"
#include "store/migrations.hpp"

namespace novacrm::store {
namespace {

TEST(Database, CreateRunsEveryMigrationAndRecordsIt) {
  testing::TempDir dir;
  auto db = Database::open(dir.path() / "n.db", OpenMode::kCreate);
  ASSERT_TRUE(db.ok()) << db.error().describe();
  EXPECT_EQ(db->version_before(), 0);
  EXPECT_EQ(db->version(), latest_schema_version());
  EXPECT_EQ(db->handle().execAndGet("SELECT COUNT(*) FROM schema_migrations").getInt(),
            latest_schema_version());
  EXPECT_EQ(db->handle().execAndGet("PRAGMA journal_mode").getString(), "wal");
  EXPECT_EQ(db->handle().execAndGet("PRAGMA foreign_keys").getInt(), 1);
  EXPECT_EQ(db->handle().execAndGet("PRAGMA secure_delete").getInt(), 1);
}

TEST(Database, ReopeningAnUpToDateDatabaseChangesNothing) {
  testing::TempDir dir;
  { ASSERT_TRUE(Database::open(dir.path() / "n.db", OpenMode::kCreate).ok()); }
  auto again = Database::open(dir.path() / "n.db", OpenMode::kExisting);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->version_before(), again->version());
}

TEST(Database, NestedWriteTransactionsCommitOrRollBackTogether) {
  testing::TempDir dir;
  auto db = Database::open(dir.path() / "n.db", OpenMode::kCreate);
  ASSERT_TRUE(db.ok());
  db->handle().exec("CREATE TABLE t (v INTEGER)");
  const auto insert = [&](int v) {
    return db->write_transaction([&]() -> core::Status {
      db->handle().exec("INSERT INTO t VALUES (" + std::to_string(v) + ")");
      return {};
    });
  };
  // The inner transaction fails: the outer one's earlier write is rolled back with it.
  core::Status failed = db->write_transaction([&]() -> core::Status {
    if (core::Status s = insert(1); !s) return s;
    return db->write_transaction([&]() -> core::Status {
      db->handle().exec("INSERT INTO no_such_table VALUES (2)");
      return {};
    });
  });
  EXPECT_FALSE(failed.ok());
  EXPECT_EQ(db->handle().execAndGet("SELECT COUNT(*) FROM t").getInt(), 0);
  // Both succeed: both rows land, in one commit.
  core::Status ok = db->write_transaction([&]() -> core::Status {
    if (core::Status s = insert(1); !s) return s;
    return insert(2);
  });
  EXPECT_TRUE(ok.ok());
  EXPECT_EQ(db->handle().execAndGet("SELECT COUNT(*) FROM t").getInt(), 2);
}

TEST(Database, CachedStatementsAreReusedResetAndSafeToNest) {
  testing::TempDir dir;
  auto db = Database::open(dir.path() / "n.db", OpenMode::kCreate);
  ASSERT_TRUE(db.ok());
  db->handle().exec("CREATE TABLE t (v INTEGER); INSERT INTO t VALUES (1), (2), (3)");
  const std::string sql = "SELECT v FROM t WHERE v >= ? ORDER BY v";
  const SQLite::Statement* first = nullptr;
  {
    auto q = db->cached(sql);
    first = &*q;
    q->bind(1, 2);
    ASSERT_TRUE(q->executeStep());
    EXPECT_EQ(q->getColumn(0).getInt(), 2);
    // The same text while the first lease is still stepping: another statement, own cursor.
    auto nested = db->cached(sql);
    EXPECT_NE(&*nested, first);
    nested->bind(1, 3);
    ASSERT_TRUE(nested->executeStep());
    EXPECT_EQ(nested->getColumn(0).getInt(), 3);
    ASSERT_TRUE(q->executeStep());
    EXPECT_EQ(q->getColumn(0).getInt(), 3);
  }
  // Returned reset with no bindings (a NULL bound: no row), and the same prepared statement.
  auto again = db->cached(sql);
  EXPECT_EQ(&*again, first);
  EXPECT_FALSE(again->executeStep());
}

TEST(Database, ALeasedReadDoesNotOutliveItsScopeOrBlockWriters) {
  testing::TempDir dir;
  auto db = Database::open(dir.path() / "n.db", OpenMode::kCreate);
  ASSERT_TRUE(db.ok());
  db->handle().exec("CREATE TABLE t (v INTEGER); INSERT INTO t VALUES (1), (2)");
  {
    auto q = db->cached("SELECT v FROM t");
    ASSERT_TRUE(q->executeStep());  // left mid-result: the lease's end resets it
  }
  auto other = Database::open(dir.path() / "n.db", OpenMode::kExisting);
  ASSERT_TRUE(other.ok());
  EXPECT_TRUE(other->write_transaction([&]() -> core::Status {
    other->handle().exec("INSERT INTO t VALUES (3)");
    return {};
  }));
  // This connection's next read sees the other's commit: no snapshot was kept open.
  auto count = db->cached("SELECT count(*) FROM t");
  ASSERT_TRUE(count->executeStep());
  EXPECT_EQ(count->getColumn(0).getInt(), 3);
}

TEST(Database, MissingDatabaseIsWorkspaceUnavailable) {
  testing::TempDir dir;
  auto db = Database::open(dir.path() / "absent.db", OpenMode::kExisting);
  ASSERT_FALSE(db.ok());
  EXPECT_EQ(db.error().code, core::ErrorCode::kWorkspaceUnavailable);
}

TEST(Database, RefusesASchemaNewerThanTheBinary) {
  testing::TempDir dir;
  {
    auto db = Database::open(dir.path() / "n.db", OpenMode::kCreate);
    ASSERT_TRUE(db.ok());
    db->handle().exec("INSERT INTO schema_migrations VALUES (999, 'from the future', 'x')");
  }
  auto db = Database::open(dir.path() / "n.db", OpenMode::kExisting);
  ASSERT_FALSE(db.ok());
  EXPECT_EQ(db.error().code, core::ErrorCode::kWorkspaceUnavailable);
  EXPECT_NE(db.error().message.find("newer"), std::string::npos);
}

TEST(Database, FailedTransactionBodyRollsBack) {
  testing::TempDir dir;
  auto db = Database::open(dir.path() / "n.db", OpenMode::kCreate);
  ASSERT_TRUE(db.ok());
  auto s = db->write_transaction([&]() -> core::Status {
    db->handle().exec("INSERT INTO orgs VALUES ('other', 'now')");
    return core::bad_input("x", "stop");
  });
  EXPECT_FALSE(s.ok());
  EXPECT_EQ(db->handle().execAndGet("SELECT COUNT(*) FROM orgs").getInt(), 1);
  auto thrown = db->write_transaction([&]() -> core::Status {
    db->handle().exec("INSERT INTO orgs VALUES ('default', 'dup')");  // primary key violation
    return {};
  });
  ASSERT_FALSE(thrown.ok());
  EXPECT_EQ(thrown.error().code, core::ErrorCode::kInternal);
}

TEST(Database, LockHeldPastTheBusyTimeoutIsWorkspaceUnavailable) {
  testing::TempDir dir;
  setenv("NOVACRM_BUSY_TIMEOUT_MS", "50", 1);
  auto a = Database::open(dir.path() / "n.db", OpenMode::kCreate);
  auto b = Database::open(dir.path() / "n.db", OpenMode::kExisting);
  ASSERT_TRUE(a.ok() && b.ok());
  a->handle().exec("BEGIN IMMEDIATE");
  auto s = b->write_transaction([] { return core::Status{}; });
  a->handle().exec("ROLLBACK");
  unsetenv("NOVACRM_BUSY_TIMEOUT_MS");
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().code, core::ErrorCode::kWorkspaceUnavailable);
  EXPECT_NE(s.error().message.find("locked"), std::string::npos);
}

}  // namespace
}  // namespace novacrm::store
