// AuditLog::verify: one pass over the records that checks the hash chain record by record, folds
// the record hashes into a compact range and compares its root at every checkpoint's size, checks
// every checkpoint's signature with the key it names (retired keys included) and its origin, and
// reports checkpoints beyond the end of the log as truncation. Failures come sorted by sequence
// number, the first bad one first.
#include <SQLiteCpp/SQLiteCpp.h>
#include <sqlite3.h>

#include <algorithm>
#include <array>
#include <future>
#include <optional>

#include "audit/checkpoint.hpp"
#include "audit/log.hpp"
#include "audit/log_internal.hpp"
#include "audit/record_scan.hpp"
#include "audit/tree.hpp"
#include "core/hash.hpp"
#include "store/guarded.hpp"

namespace novacrm::audit {

namespace {

// One row of audit_records as verify reads it: views into the statement's current row, valid
// until it steps again. Nothing is copied; columns are read with SQLite's C API (SQLiteCpp's
// Column objects cost a reference count each, ten per row).
struct RowView {
  int64_t seq = 0;
  std::string_view id, time, action, subject, org, decision, record, prev_hash, hash;
};

std::string_view text_of(sqlite3_stmt* q, int column) {
  const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(q, column));
  const auto size = static_cast<size_t>(sqlite3_column_bytes(q, column));
  return text == nullptr ? std::string_view() : std::string_view(text, size);
}

RowView view_row(sqlite3_stmt* q) {
  RowView r;
  r.seq = sqlite3_column_int64(q, 0);
  r.id = text_of(q, 1);
  r.time = text_of(q, 2);
  r.action = text_of(q, 3);
  r.subject = text_of(q, 4);
  r.org = text_of(q, 5);
  r.decision = text_of(q, 6);
  r.record = text_of(q, 7);
  r.prev_hash = text_of(q, 8);
  r.hash = text_of(q, 9);
  return r;
}

// A statement prepared on a raw connection handle, finalized on scope exit; errors throw
// SQLite::Exception as SQLiteCpp's own calls do.
class RawStatement {
 public:
  RawStatement(sqlite3* db, const char* sql) : db_(db) {
    check(sqlite3_prepare_v2(db, sql, -1, &q_, nullptr));
  }
  ~RawStatement() { sqlite3_finalize(q_); }
  RawStatement(const RawStatement&) = delete;
  RawStatement& operator=(const RawStatement&) = delete;
  void bind(int index, int64_t value) { check(sqlite3_bind_int64(q_, index, value)); }
  // True with a row, false when done.
  bool step() {
    const int rc = sqlite3_step(q_);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    throw SQLite::Exception(db_, rc);
  }
  [[nodiscard]] sqlite3_stmt* get() const { return q_; }

 private:
  void check(int rc) const {
    if (rc != SQLITE_OK) throw SQLite::Exception(db_, rc);
  }
  sqlite3* db_;
  sqlite3_stmt* q_ = nullptr;
};

// What verify keeps of a checked row for the in-order fold.
struct Checked {
  int64_t seq = 0;
  Hash leaf{};
  std::vector<std::string> problems;
};

// One row's problems. The record is read with the strict scanner, not parsed into a DOM, and its
// hash recomputed over the stored bytes without the "hash" member: record_json is the canonical
// JSON with "hash" spliced in, so those bytes are exactly what the writer hashed. Bytes that
// differ from them in any way (even only in whitespace or escapes) no longer match the hash.
// `prev` is the previous row's hash column (the genesis hash for the first row).
void record_problems(const RowView& row, int64_t expected_seq, std::string_view prev,
                     Checked& out) {
  std::vector<std::string>& problems = out.problems;
  out.seq = row.seq;
  out.leaf = record_leaf(row.hash).value_or(Hash{});
  if (row.seq != expected_seq) {
    problems.push_back("sequence gap: expected " + std::to_string(expected_seq) +
                       " (a record was removed or inserted)");
  }
  auto r = scan::scan_record(row.record);
  if (!r) {
    problems.emplace_back("record is not valid JSON or misses fields");
    return;
  }
  if (core::digest_hex(core::sha256({r->hashed_head, r->hashed_tail})) != r->hash ||
      r->hash != row.hash) {
    problems.emplace_back("hash mismatch: the record's content was changed");
  }
  if (r->prev_hash != prev || row.prev_hash != r->prev_hash) {
    problems.push_back("previous hash does not link to record " + std::to_string(row.seq - 1) +
                       " (records removed, reordered or forged)");
  }
  if (r->seq != row.seq || r->id != row.id || r->time != row.time || r->action != row.action ||
      r->subject != row.subject || r->org != row.org || r->decision.value_or("") != row.decision) {
    problems.emplace_back("indexed columns differ from the hashed record");
  }
}

// Records with seq in [lo, hi], checked on `db` (a connection of this thread's own): the row
// before lo is looked up first, so the chain is checked across chunks exactly as within one.
std::vector<Checked> check_chunk(SQLite::Database& db, int64_t lo, int64_t hi) {
  int64_t prev_seq = 0;
  std::string prev_hash(kGenesisHash);
  RawStatement before(
      db.getHandle(),
      "SELECT seq, hash FROM audit_records WHERE seq < ? ORDER BY seq DESC LIMIT 1");
  before.bind(1, lo);
  if (before.step()) {
    prev_seq = sqlite3_column_int64(before.get(), 0);
    prev_hash = text_of(before.get(), 1);
  }
  RawStatement q(db.getHandle(),
                 "SELECT seq, id, time, action, subject, org, decision, record, prev_hash, hash "
                 "FROM audit_records WHERE seq BETWEEN ? AND ? ORDER BY seq");
  q.bind(1, lo);
  q.bind(2, hi);
  std::vector<Checked> out;
  out.reserve(static_cast<size_t>(hi - lo + 1));
  while (q.step()) {
    const RowView row = view_row(q.get());
    record_problems(row, prev_seq + 1, prev_hash, out.emplace_back());
    prev_seq = row.seq;
    prev_hash.assign(row.hash);
  }
  return out;
}

struct CheckpointRow {
  int ordinal = 0;  // 1 for the smallest size
  StoredCheckpoint cp;
  std::string root_hex;
};

std::string name_of(const CheckpointRow& c) {
  return "checkpoint " + std::to_string(c.ordinal) + " (size " + std::to_string(c.cp.size) + ")";
}

}  // namespace

core::Result<VerifyReport> AuditLog::verify(int64_t chunk) {
  auto log_origin = origin();
  if (!log_origin) return log_origin.error();
  return store::guarded<VerifyReport>(
      db_, "verifying the audit trail", [&]() -> core::Result<VerifyReport> {
        VerifyReport report;
        std::vector<CheckpointRow> checkpoints;
        SQLite::Statement cq(db_.handle(),
                             "SELECT size, root, time, key_id, note FROM audit_checkpoints "
                             "ORDER BY size");
        while (cq.executeStep()) {
          CheckpointRow row;
          row.ordinal = static_cast<int>(checkpoints.size()) + 1;
          row.cp.size = static_cast<uint64_t>(cq.getColumn(0).getInt64());
          row.root_hex = cq.getColumn(1).getString();
          row.cp.time = cq.getColumn(2).getString();
          row.cp.key_id = cq.getColumn(3).getString();
          row.cp.note = cq.getColumn(4).getString();
          checkpoints.push_back(std::move(row));
        }
        const auto check_checkpoint = [&](const CheckpointRow& c, const Hash& computed) {
          const auto fail = [&](const std::string& what) {
            report.failures.push_back({static_cast<int64_t>(c.cp.size), name_of(c) + ": " + what});
          };
          auto key = public_key(c.cp.key_id);
          if (!key) return fail("unknown signing key " + c.cp.key_id);
          auto signed_cp = open_checkpoint(c.cp.note, *log_origin, *key);
          if (!signed_cp) {
            return fail("signature does not verify with key " + c.cp.key_id +
                        " (checkpoint forged or re-signed)");
          }
          if (signed_cp->origin != *log_origin) return fail("origin is not this workspace's");
          if (signed_cp->size != c.cp.size || to_hex(signed_cp->root) != c.root_hex) {
            return fail("stored size or root differs from the signed note");
          }
          if (signed_cp->root != computed) {
            fail("Merkle root does not match records 1.." + std::to_string(c.cp.size) +
                 " (a record was changed, removed, inserted or reordered)");
          }
        };

        int64_t min_seq = 1;
        int64_t max_seq = 0;
        {
          SQLite::Statement bounds(db_.handle(), "SELECT min(seq), max(seq) FROM audit_records");
          if (bounds.executeStep() && !bounds.getColumn(0).isNull()) {
            min_seq = bounds.getColumn(0).getInt64();
            max_seq = bounds.getColumn(1).getInt64();
          }
        }
        CompactRange range;
        size_t next_cp = 0;
        while (next_cp < checkpoints.size() && checkpoints[next_cp].cp.size == 0) {
          check_checkpoint(checkpoints[next_cp++], range.root());
        }
        const auto fold = [&](std::vector<Checked>& rows) {
          for (Checked& row : rows) {
            ++report.records;
            range.append(row.leaf);
            for (std::string& p : row.problems) report.failures.push_back({row.seq, std::move(p)});
            if (row.problems.empty()) ++report.valid;
            while (next_cp < checkpoints.size() && checkpoints[next_cp].cp.size == range.size()) {
              check_checkpoint(checkpoints[next_cp++], range.root());
            }
          }
        };
        // Chunks of chunk_size sequence numbers, checked two at a time, each on its own read-only
        // connection (docs/adr/0010): a chunk reads its rows straight from SQLite, scans and
        // hashes them; the chunks are folded in order, so the Merkle range, the checkpoint checks
        // and the failure order are those of one pass. Records appended meanwhile lie beyond
        // max_seq and are not read. Memory: two chunks of results.
        const int64_t chunk_size = std::max<int64_t>(1, chunk);
        // One thread uses a connection at a time: SQLite's per-call connection mutex is not
        // needed (it was 5% of the run).
        const int reader_flags = SQLite::OPEN_READONLY | SQLITE_OPEN_NOMUTEX;
        std::array<SQLite::Database, 2> readers{
            SQLite::Database(db_.path().string(), reader_flags),
            SQLite::Database(db_.path().string(), reader_flags)};
        // (A memory map was tried: no faster, and it counts the whole file in the RSS.)
        for (SQLite::Database& r : readers) r.setBusyTimeout(store::busy_timeout_ms());
        std::array<std::future<std::vector<Checked>>, 2> pending;
        // The next chunk starts at the first record at or after `from`: a log whose sequence
        // numbers were forged far apart (seq 10^15) costs one probe per record, not one chunk
        // per 16,384 numbers of the gap.
        SQLite::Statement first_from(db_.handle(),
                                     "SELECT min(seq) FROM audit_records WHERE seq >= ?");
        const auto start_at = [&](int64_t from) -> std::optional<int64_t> {
          if (from > max_seq) return std::nullopt;
          first_from.reset();
          first_from.bind(1, from);
          if (!first_from.executeStep() || first_from.getColumn(0).isNull()) return std::nullopt;
          return first_from.getColumn(0).getInt64();
        };
        std::optional<int64_t> next_lo = start_at(min_seq);
        const auto launch = [&](size_t slot) {
          const int64_t lo = *next_lo;
          const int64_t hi = max_seq - lo < chunk_size ? max_seq : lo + chunk_size - 1;
          pending[slot] =
              std::async(std::launch::async, check_chunk, std::ref(readers[slot]), lo, hi);
          next_lo = hi < max_seq ? start_at(hi + 1) : std::nullopt;
        };
        size_t slot = 0;
        for (size_t s = 0; s < pending.size() && next_lo; ++s) launch(s);
        while (pending[slot].valid()) {
          std::vector<Checked> rows = pending[slot].get();
          if (next_lo) launch(slot);
          fold(rows);
          slot ^= 1U;
        }
        for (; next_cp < checkpoints.size(); ++next_cp) {
          const CheckpointRow& c = checkpoints[next_cp];
          report.failures.push_back(
              {report.records + 1, "truncated: checkpoint " + std::to_string(c.ordinal) +
                                       " commits to " + std::to_string(c.cp.size) +
                                       " records, log has " + std::to_string(report.records)});
        }
        std::stable_sort(
            report.failures.begin(), report.failures.end(),
            [](const VerifyFailure& a, const VerifyFailure& b) { return a.seq < b.seq; });
        return report;
      });
}

}  // namespace novacrm::audit
