// The audit log's checkpoints and verification over a real workspace: automatic checkpoints
// every N records inside the append, roots that match an independent recomputation, signatures
// by rotated keys, and the failures verify names.
#include <SQLiteCpp/SQLiteCpp.h>
#include <gtest/gtest.h>

#include "../testing/workspace_fixture.hpp"
#include "app/keys.hpp"
#include "app/workspace.hpp"
#include "audit/checkpoint.hpp"
#include "audit/tree.hpp"

namespace novacrm::audit {
namespace {

class AuditCheckpointTest : public testing::WorkspaceFixture {
 protected:
  void append(int n) {
    std::vector<Event> events(static_cast<size_t>(n));
    for (Event& e : events) {
      e.actor = Actor{"local:test", "admin", "default"};
      e.action = "test";
    }
    auto r = ws_->audit().append(events);
    ASSERT_TRUE(r) << r.error().describe();
  }

  int64_t checkpoints() {
    SQLite::Statement q(ws_->database().handle(), "SELECT count(*) FROM audit_checkpoints");
    q.executeStep();
    return q.getColumn(0).getInt64();
  }
};

TEST_F(AuditCheckpointTest, LeafIsTheHashOfTheRecordHashBytesWithTheLeafPrefix) {
  const std::string hex(64, 'a');
  const auto raw = hash_from_hex(hex);
  ASSERT_TRUE(raw);
  EXPECT_EQ(record_leaf(hex),
            leaf_hash(std::string_view(reinterpret_cast<const char*>(raw->data()), 32)));
  EXPECT_FALSE(record_leaf("xyz"));
  EXPECT_EQ(split_hashes(join_hashes({*raw, *raw})), (std::vector<Hash>{*raw, *raw}));
  EXPECT_EQ(split_hashes(""), std::vector<Hash>{});
  EXPECT_FALSE(split_hashes(hex + ","));
}

TEST_F(AuditCheckpointTest, AutomaticCheckpointEveryIntervalRecordsInsideTheAppend) {
  ws_->audit().set_checkpoint_interval(5);
  append(4);
  EXPECT_EQ(checkpoints(), 0);
  append(1);
  EXPECT_EQ(checkpoints(), 1);
  append(3);
  EXPECT_EQ(checkpoints(), 1);
  append(7);  // 15 records: 10 are past the last checkpoint at 5
  EXPECT_EQ(checkpoints(), 2);
  auto cp = ws_->audit().checkpoint_covering(6);
  ASSERT_TRUE(cp && *cp);
  EXPECT_EQ((*cp)->size, 15U);
}

TEST_F(AuditCheckpointTest, CheckpointRootMatchesAnIndependentRootAndItsSignatureVerifies) {
  append(13);
  auto cp = ws_->audit().checkpoint();
  ASSERT_TRUE(cp) << cp.error().describe();
  auto leaves = ws_->audit().leaves(1, 13);
  ASSERT_TRUE(leaves);
  EXPECT_EQ(cp->root, root(*leaves));
  auto origin = ws_->audit().origin();
  ASSERT_TRUE(origin);
  EXPECT_TRUE(origin->starts_with("novacrm/"));
  auto key = ws_->audit().public_key(cp->key_id);
  ASSERT_TRUE(key);
  auto opened = open_checkpoint(cp->note, *origin, *key);
  ASSERT_TRUE(opened) << opened.error().describe();
  EXPECT_EQ(opened->size, 13U);
  // Same size: the same checkpoint comes back, none is added.
  auto again = ws_->audit().checkpoint();
  ASSERT_TRUE(again);
  EXPECT_EQ(again->note, cp->note);
  EXPECT_EQ(checkpoints(), 1);
}

TEST_F(AuditCheckpointTest, VerifyPassesAcrossKeyRotationAndUsesTheCachedRangeCorrectly) {
  append(3);
  ASSERT_TRUE(ws_->audit().checkpoint());
  ASSERT_TRUE(app::rotate_key(*ws_, "audit", Actor{"local:test", "admin", "default"}));
  append(6);
  ASSERT_TRUE(ws_->audit().checkpoint());
  auto report = ws_->audit().verify();
  ASSERT_TRUE(report);
  EXPECT_TRUE(report->failures.empty()) << report->failures.front().what;
  EXPECT_EQ(report->valid, 10);
  EXPECT_EQ(report->records, 10);
}

TEST_F(AuditCheckpointTest, VerifyReportsTruncationPastTheLastRecord) {
  append(6);
  ASSERT_TRUE(ws_->audit().checkpoint());
  SQLite::Database& db = ws_->database().handle();
  db.exec("DROP TRIGGER audit_records_no_delete");
  db.exec("DELETE FROM audit_records WHERE seq > 4");
  auto report = ws_->audit().verify();
  ASSERT_TRUE(report);
  ASSERT_EQ(report->failures.size(), 1U);
  EXPECT_EQ(report->failures[0].seq, 5);
  EXPECT_EQ(report->failures[0].what, "truncated: checkpoint 1 commits to 6 records, log has 4");
}

TEST_F(AuditCheckpointTest, VerifyReportsARootMismatchWhenTheTailIsRewrittenConsistently) {
  append(4);
  ASSERT_TRUE(ws_->audit().checkpoint());
  SQLite::Database& db = ws_->database().handle();
  db.exec("DROP TRIGGER audit_records_no_delete");
  db.exec("DELETE FROM audit_records WHERE seq = 4");
  append(1);  // a new, well-chained record 4
  auto report = ws_->audit().verify();
  ASSERT_TRUE(report);
  ASSERT_FALSE(report->failures.empty());
  EXPECT_EQ(report->failures[0].seq, 4);
  EXPECT_NE(report->failures[0].what.find("Merkle root does not match records 1..4"),
            std::string::npos);
}

}  // namespace
}  // namespace novacrm::audit
