// AuditLog::verify against each kind of tampering with a stored row (docs/adr/0010): the record's
// bytes, each indexed column, the chain columns, malformed JSON.
#include <SQLiteCpp/SQLiteCpp.h>
#include <gtest/gtest.h>

#include "../testing/workspace_fixture.hpp"
#include "app/workspace.hpp"

namespace novacrm::audit {
namespace {

class AuditVerifyTest : public testing::WorkspaceFixture {
 protected:
  void SetUp() override { fresh(); }

  // A new workspace with four records whose row 2 may be updated.
  void fresh() {
    open_new_workspace("ws" + std::to_string(++workspaces_));
    if (HasFatalFailure()) return;
    std::vector<Event> events(4);
    for (Event& e : events) {
      e.actor = Actor{"local:t\u00e9st", "admin", "default"};
      e.action = "test";
      e.details = R"({"note":"a \"quoted\" word\tand \u00e9"})";
    }
    ASSERT_TRUE(ws_->audit().append(events));
    ws_->database().handle().exec("DROP TRIGGER audit_records_no_update");
  }

  void update(const std::string& set) {
    ws_->database().handle().exec("UPDATE audit_records SET " + set + " WHERE seq = 2");
  }

  // The failures verify reports for record 2.
  std::vector<std::string> failures_of_2() {
    auto report = ws_->audit().verify();
    EXPECT_TRUE(report);
    std::vector<std::string> out;
    for (const auto& f : report->failures) {
      if (f.seq == 2) out.push_back(f.what);
    }
    return out;
  }

  int workspaces_ = 0;
};

TEST_F(AuditVerifyTest, AnUntouchedLogVerifies) {
  auto report = ws_->audit().verify();
  ASSERT_TRUE(report);
  EXPECT_EQ(report->records, 4);
  EXPECT_EQ(report->valid, 4);
  EXPECT_TRUE(report->failures.empty());
}

// Whitespace next to the "hash" member is cut with it (it carries nothing); anywhere else it is a
// changed byte.
TEST_F(AuditVerifyTest, ChangedBytesAreAHashMismatchEvenWhenTheyMeanTheSame) {
  for (const char* set : {"record = replace(record, 'quoted', 'quotes')",
                          "record = replace(record, ',\"time\":', ', \"time\":')",
                          "record = replace(record, 'local:t\u00e9st', 'local:t\\u00e9st')"}) {
    fresh();
    update(set);
    EXPECT_EQ(failures_of_2(),
              std::vector<std::string>{"hash mismatch: the record's content was changed"})
        << set;
  }
}

TEST_F(AuditVerifyTest, HashColumnOrMemberChanged) {
  update("hash = '" + std::string(64, 'e') + "'");
  auto f = failures_of_2();
  ASSERT_FALSE(f.empty());
  EXPECT_EQ(f[0], "hash mismatch: the record's content was changed");
}

TEST_F(AuditVerifyTest, EachIndexedColumnChanged) {
  for (const char* set : {"id = 'x'", "time = 'x'", "action = 'x'", "subject = 'x'", "org = 'x'",
                          "decision = 'block'"}) {
    fresh();
    update(set);
    EXPECT_EQ(failures_of_2(),
              std::vector<std::string>{"indexed columns differ from the hashed record"})
        << set;
  }
}

TEST_F(AuditVerifyTest, PrevHashColumnChanged) {
  update("prev_hash = '" + std::string(64, 'e') + "'");
  auto f = failures_of_2();
  ASSERT_EQ(f.size(), 1U);
  EXPECT_NE(f[0].find("previous hash does not link to record 1"), std::string::npos);
}

TEST_F(AuditVerifyTest, MalformedJson) {
  for (const char* set :
       {"record = substr(record, 1, length(record) - 1)",
        "record = replace(record, '\"seq\":2', '\"seq\":2,\"seq\":2')", "record = '[]'"}) {
    fresh();
    update(set);
    EXPECT_EQ(failures_of_2(),
              std::vector<std::string>{"record is not valid JSON or misses fields"})
        << set;
  }
}

// verify reads records in chunks on two threads; each chunk looks up the row before it. Whatever
// the chunk size, tampering at or across chunk edges is reported the same.
TEST_F(AuditVerifyTest, ChunkSizeDoesNotChangeTheReport) {
  const auto report_text = [&](int64_t chunk) {
    auto report = ws_->audit().verify(chunk);
    EXPECT_TRUE(report);
    std::string out = std::to_string(report->records) + "/" + std::to_string(report->valid);
    for (const auto& f : report->failures) out += "\n" + std::to_string(f.seq) + " " + f.what;
    return out;
  };
  const std::vector<std::string> tampering = {
      "",  // untouched
      "DELETE FROM audit_records WHERE seq = 8",
      "DELETE FROM audit_records WHERE seq IN (1, 2)",
      "UPDATE audit_records SET record = replace(record, 'test', 'tost') WHERE seq = 9",
      "UPDATE audit_records SET seq = seq + 100 WHERE seq = 17",
      // Far apart: chunks start at the next record, not every chunk-size numbers of the gap.
      "UPDATE audit_records SET seq = 1000000000000000 WHERE seq = 19",
      // Row 11 holds row 12's record: a copy across an edge.
      "UPDATE audit_records SET record = (SELECT record FROM audit_records WHERE seq = 12) "
      "WHERE seq = 11",
  };
  for (const std::string& sql : tampering) {
    fresh();
    std::vector<Event> more(16);
    for (Event& e : more) {
      e.actor = Actor{"local:t", "admin", "default"};
      e.action = "test";
    }
    ASSERT_TRUE(ws_->audit().append(more));  // 20 records
    ws_->database().handle().exec("DROP TRIGGER IF EXISTS audit_records_no_delete");
    if (!sql.empty()) ws_->database().handle().exec(sql);
    const std::string expected = report_text(16384);
    for (int64_t chunk : {1, 2, 3, 7, 8}) {
      EXPECT_EQ(report_text(chunk), expected) << sql << ", chunk " << chunk;
    }
    if (!sql.empty()) {
      EXPECT_NE(expected.find('\n'), std::string::npos) << sql;
    }
  }
}

}  // namespace
}  // namespace novacrm::audit
