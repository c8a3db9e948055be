// The group-committing audit writer: concurrent callers each get their own durable record, the
// chain stays one valid chain, and events queued while a batch commits share the next one.
#include "app/audit_writer.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <fstream>
#include <set>
#include <thread>
#include <vector>

#include "../testing/workspace_fixture.hpp"
#include "app/policy_store.hpp"

namespace novacrm::app {
namespace {

using testing::WorkspaceFixture;

audit::Event event(int i) {
  audit::Event e;
  e.actor = audit::Actor{"writer-test", "analyst", "default"};
  e.action = "check";
  e.request_id = "req-" + std::to_string(i);
  return e;
}

class AuditWriterTest : public WorkspaceFixture {};

TEST_F(AuditWriterTest, ConcurrentAppendsFormOneValidChainAndShareCommits) {
  auto writer = AuditWriter::open(paths_);
  ASSERT_TRUE(writer) << writer.error().describe();
  constexpr int kThreads = 8;
  constexpr int kEach = 25;
  std::vector<std::vector<std::string>> ids(kThreads);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kEach; ++i) {
        auto r = (*writer)->append(event(t * kEach + i));
        ASSERT_TRUE(r) << r.error().describe();
        EXPECT_EQ(r->request_id, "req-" + std::to_string(t * kEach + i));
        ids[t].push_back(r->id);
      }
    });
  }
  for (std::thread& t : threads) t.join();
  EXPECT_EQ((*writer)->appended(), static_cast<uint64_t>(kThreads * kEach));
  EXPECT_LE((*writer)->batches(), (*writer)->appended());
  writer->reset();

  std::set<std::string> unique;
  for (const auto& v : ids) unique.insert(v.begin(), v.end());
  EXPECT_EQ(unique.size(), static_cast<size_t>(kThreads * kEach));
  auto report = ws_->audit().verify();
  ASSERT_TRUE(report) << report.error().describe();
  EXPECT_TRUE(report->failures.empty());
  EXPECT_EQ(report->records, kThreads * kEach);
  for (const auto& v : ids) {
    for (const std::string& id : v) {
      auto found = ws_->audit().find(id);
      ASSERT_TRUE(found);
      EXPECT_TRUE(found->has_value()) << id;
    }
  }
}

TEST_F(AuditWriterTest, DestroyingTheWriterCommitsWhatIsQueued) {
  auto writer = AuditWriter::open(paths_);
  ASSERT_TRUE(writer);
  auto r = (*writer)->append(event(1));
  ASSERT_TRUE(r);
  writer->reset();
  auto found = ws_->audit().find(r->id);
  ASSERT_TRUE(found);
  EXPECT_TRUE(found->has_value());
}

TEST_F(AuditWriterTest, APolicyAppliedWhileItRunsSetsTheCheckpointCadence) {
  auto writer = AuditWriter::open(paths_);
  ASSERT_TRUE(writer);
  const auto file = dir_.path() / "p.yaml";
  {
    std::ofstream out(file);
    out << "version: 1\nid: cadence\naudit: {checkpoint_interval: 4}\nrules: {}\n";
  }
  // Applied through another connection, as `novacrm policy apply` in another process would.
  auto applied = apply_policy(*ws_, file.string(), audit::Actor{"admin", "admin", "default"});
  ASSERT_TRUE(applied) << applied.error().describe();
  for (int i = 0; i < 4; ++i) ASSERT_TRUE((*writer)->append(event(i)));
  writer->reset();
  auto cp = ws_->audit().checkpoint_covering(1);
  ASSERT_TRUE(cp);
  ASSERT_TRUE(cp->has_value()) << "no automatic checkpoint at interval 4";
  // Appends were one at a time: the 4th record (policy.apply and three events) crossed it.
  EXPECT_EQ((*cp)->size, 4U);
}

TEST_F(AuditWriterTest, TheWalIsCheckpointedByTheBackgroundThread) {
  auto writer = AuditWriter::open(paths_);
  ASSERT_TRUE(writer);
  // ~2 KB records, a thousand at a time: well past SQLite's 1,000-page threshold.
  for (int round = 0; round < 3; ++round) {
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t) {
      threads.emplace_back([&, t] {
        for (int i = 0; i < 250; ++i) {
          audit::Event e = event(i);
          e.details = "{\"note\":\"" + std::string(2000, static_cast<char>('a' + t)) + "\"}";
          ASSERT_TRUE((*writer)->append(std::move(e)));
        }
      });
    }
    for (std::thread& t : threads) t.join();
  }
  for (int i = 0; i < 500 && (*writer)->wal_checkpoints() == 0; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  EXPECT_GT((*writer)->wal_checkpoints(), 0U);
  writer->reset();
  auto report = ws_->audit().verify();
  ASSERT_TRUE(report);
  EXPECT_TRUE(report->failures.empty());
  EXPECT_EQ(report->records, 3000);
}

TEST(AuditWriterOpenTest, AMissingWorkspaceIsUnavailable) {
  testing::TempDir dir;
  auto writer = AuditWriter::open(core::workspace_at(dir.path() / "none"));
  ASSERT_FALSE(writer);
  EXPECT_EQ(writer.error().code, core::ErrorCode::kWorkspaceUnavailable);
}

}  // namespace
}  // namespace novacrm::app
