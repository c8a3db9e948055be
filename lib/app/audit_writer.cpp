#include "app/audit_writer.hpp"

#include <SQLiteCpp/SQLiteCpp.h>
#include <sqlite3.h>

#include <vector>

#include "app/policy_store.hpp"
#include "obs/logging.hpp"

namespace novacrm::app {

namespace {
// Events per transaction at most: bounds how long one commit holds the database lock.
constexpr size_t kMaxBatch = 512;
// WAL pages after a commit that call for a checkpoint (SQLite's own default threshold).
constexpr int kCheckpointPages = 1000;
}  // namespace

core::Result<std::unique_ptr<AuditWriter>> AuditWriter::open(const core::WorkspacePaths& paths) {
  auto ws = Workspace::open(paths);
  if (!ws) return ws.error();
  auto checkpoint_db = store::Database::open(paths.database, store::OpenMode::kExisting);
  if (!checkpoint_db) return checkpoint_db.error();
  return std::unique_ptr<AuditWriter>(
      new AuditWriter(std::move(ws).value(), std::move(checkpoint_db).value()));
}

AuditWriter::AuditWriter(std::unique_ptr<Workspace> ws, store::Database checkpoint_db)
    : ws_(std::move(ws)), checkpoint_db_(std::move(checkpoint_db)) {
  // Replaces SQLite's automatic checkpoint on this connection (sqlite3_wal_autocheckpoint).
  sqlite3_wal_hook(ws_->database().handle().getHandle(), &AuditWriter::on_wal_commit, this);
  checkpointer_ = std::thread([this] { run_checkpoints(); });
  thread_ = std::thread([this] { run(); });
}

AuditWriter::~AuditWriter() {
  {
    const std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_one();
  thread_.join();
  checkpoint_wake_.notify_one();
  checkpointer_.join();
}

int AuditWriter::on_wal_commit(void* self, sqlite3* /*db*/, const char* /*name*/, int pages) {
  if (pages >= kCheckpointPages) {
    auto* writer = static_cast<AuditWriter*>(self);
    {
      const std::lock_guard lock(writer->mutex_);
      writer->checkpoint_due_ = true;
    }
    writer->checkpoint_wake_.notify_one();
  }
  return SQLITE_OK;
}

void AuditWriter::run_checkpoints() {
  for (;;) {
    {
      std::unique_lock lock(mutex_);
      checkpoint_wake_.wait(lock,
                            [this] { return checkpoint_due_ || (stopping_ && queue_.empty()); });
      if (!checkpoint_due_) return;
      checkpoint_due_ = false;
    }
    try {
      checkpoint_db_.handle().exec("PRAGMA wal_checkpoint(PASSIVE)");
      const std::lock_guard lock(mutex_);
      ++wal_checkpoints_;
    } catch (const std::exception& e) {  // busy or I/O: the next threshold crossing tries again
      obs::log(obs::LogLevel::kWarn, std::string("audit.wal_checkpoint failed: ") + e.what());
    }
  }
}

core::Result<audit::AuditRecord> AuditWriter::append(audit::Event event) {
  std::future<core::Result<audit::AuditRecord>> done;
  {
    const std::lock_guard lock(mutex_);
    if (stopping_) return core::internal_error("the audit writer is shutting down");
    queue_.push_back(Pending{std::move(event), {}});
    done = queue_.back().done.get_future();
  }
  wake_.notify_one();
  return done.get();
}

uint64_t AuditWriter::appended() const {
  const std::lock_guard lock(mutex_);
  return appended_;
}

uint64_t AuditWriter::wal_checkpoints() const {
  const std::lock_guard lock(mutex_);
  return wal_checkpoints_;
}

uint64_t AuditWriter::batches() const {
  const std::lock_guard lock(mutex_);
  return batches_;
}

void AuditWriter::run() {
  for (;;) {
    std::vector<Pending> batch;
    {
      std::unique_lock lock(mutex_);
      wake_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
      if (queue_.empty()) return;  // stopping, nothing left
      while (!queue_.empty() && batch.size() < kMaxBatch) {
        batch.push_back(std::move(queue_.front()));
        queue_.pop_front();
      }
    }
    std::vector<audit::Event> events;
    events.reserve(batch.size());
    for (Pending& p : batch) events.push_back(std::move(p.event));
    core::Result<std::vector<audit::AuditRecord>> records = core::internal_error("not appended");
    try {
      // A `policy apply` run while the writer lives changes the checkpoint cadence from the next
      // batch on (one indexed read per batch).
      if (auto interval = active_checkpoint_interval(ws_->database()); interval && *interval) {
        ws_->audit().set_checkpoint_interval(**interval);
      }
      records = ws_->audit().append(events);
    } catch (const std::exception& e) {  // a record that cannot be written fails its batch only
      records = core::internal_error(std::string("audit append failed: ") + e.what());
    }
    if (records && records->size() != batch.size()) {
      records = core::internal_error("audit append returned a different number of records");
    }
    if (records) {
      const std::lock_guard lock(mutex_);
      appended_ += records->size();
      ++batches_;
    }
    for (size_t i = 0; i < batch.size(); ++i) {
      if (records) {
        batch[i].done.set_value(std::move((*records)[i]));
      } else {
        batch[i].done.set_value(records.error());
      }
    }
  }
}

}  // namespace novacrm::app
