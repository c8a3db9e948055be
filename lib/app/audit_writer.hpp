// Group commit for a long-running front end (serve): requests hand their audit events to one
// writer thread, which appends every event waiting at that moment in one transaction (one fsync
// for many requests) and then wakes each caller with its record. A caller returns only once its
// record is durable, so an acknowledged request is never lost; the order of the chain is the
// order the writer took the events in.
#pragma once

#include <condition_variable>
#include <deque>
#include <future>
#include <memory>
#include <mutex>
#include <thread>

#include "app/workspace.hpp"
#include "audit/log.hpp"
#include "core/result.hpp"

struct sqlite3;

namespace novacrm::app {

class AuditWriter {
 public:
  // Opens the writer's own connection to the workspace and starts its thread.
  static core::Result<std::unique_ptr<AuditWriter>> open(const core::WorkspacePaths& paths);
  AuditWriter(const AuditWriter&) = delete;
  AuditWriter& operator=(const AuditWriter&) = delete;
  // Appends what is still queued, then stops the thread.
  ~AuditWriter();

  // Blocks until the event is committed; its record (id, seq, hashes) or why it could not be.
  core::Result<audit::AuditRecord> append(audit::Event event);

  // Records appended and transactions committed so far (for metrics).
  [[nodiscard]] uint64_t appended() const;
  [[nodiscard]] uint64_t batches() const;
  // WAL checkpoints the background thread has run.
  [[nodiscard]] uint64_t wal_checkpoints() const;

 private:
  struct Pending {
    audit::Event event;
    std::promise<core::Result<audit::AuditRecord>> done;
  };
  AuditWriter(std::unique_ptr<Workspace> ws, store::Database checkpoint_db);
  void run();
  void run_checkpoints();
  static int on_wal_commit(void* self, sqlite3* db, const char* name, int pages);

  std::unique_ptr<Workspace> ws_;
  mutable std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<Pending> queue_;
  bool stopping_ = false;
  uint64_t appended_ = 0;
  uint64_t batches_ = 0;
  // Folding the WAL back into the database is done by a second thread on its own connection
  // (PASSIVE: it never blocks the writer), not by the commit that crosses SQLite's threshold:
  // that commit would otherwise wait for the copy and fsync, and every request queued on it.
  store::Database checkpoint_db_;
  std::condition_variable checkpoint_wake_;
  bool checkpoint_due_ = false;
  uint64_t wal_checkpoints_ = 0;
  std::thread checkpointer_;
  std::thread thread_;
};

}  // namespace novacrm::app
