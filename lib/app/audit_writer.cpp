#include "app/audit_writer.hpp"

#include "app/policy_store.hpp"

#include <vector>

namespace novacrm::app {

namespace {
// Events per transaction at most: bounds how long one commit holds the database lock.
constexpr size_t kMaxBatch = 512;
}  // namespace

core::Result<std::unique_ptr<AuditWriter>> AuditWriter::open(const core::WorkspacePaths& paths) {
  auto ws = Workspace::open(paths);
  if (!ws) return ws.error();
  return std::unique_ptr<AuditWriter>(new AuditWriter(std::move(ws).value()));
}

AuditWriter::AuditWriter(std::unique_ptr<Workspace> ws)
    : ws_(std::move(ws)), thread_([this] { run(); }) {}

AuditWriter::~AuditWriter() {
  {
    const std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_one();
  thread_.join();
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
