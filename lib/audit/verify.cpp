// AuditLog::verify: one pass over the records that checks the hash chain record by record, folds
// the record hashes into a compact range and compares its root at every checkpoint's size, checks
// every checkpoint's signature with the key it names (retired keys included) and its origin, and
// reports checkpoints beyond the end of the log as truncation. Failures come sorted by sequence
// number, the first bad one first.
#include <SQLiteCpp/SQLiteCpp.h>

#include <algorithm>
#include <array>
#include <future>

#include "audit/checkpoint.hpp"
#include "audit/log.hpp"
#include "audit/log_internal.hpp"
#include "audit/record_scan.hpp"
#include "audit/tree.hpp"
#include "core/hash.hpp"
#include "store/guarded.hpp"

namespace novacrm::audit {

namespace {

std::string_view text_of(const SQLite::Column& c) {
  const char* text = c.getText();
  return {text, static_cast<size_t>(c.getBytes())};
}

// One row of audit_records as verify reads it; batches of rows are reused, so their strings keep
// their capacity and filling a batch allocates nothing once warm.
struct Row {
  int64_t seq = 0;
  std::string id, time, action, subject, org, decision, record, prev_hash, hash;
  // Filled in by check_batch:
  std::vector<std::string> problems;
  Hash leaf{};
};

void read_row(SQLite::Statement& q, Row& r) {
  r.seq = q.getColumn(0).getInt64();
  r.id.assign(text_of(q.getColumn(1)));
  r.time.assign(text_of(q.getColumn(2)));
  r.action.assign(text_of(q.getColumn(3)));
  r.subject.assign(text_of(q.getColumn(4)));
  r.org.assign(text_of(q.getColumn(5)));
  r.decision.assign(text_of(q.getColumn(6)));
  r.record.assign(text_of(q.getColumn(7)));
  r.prev_hash.assign(text_of(q.getColumn(8)));
  r.hash.assign(text_of(q.getColumn(9)));
}

// One row's problems. The record is read with the strict scanner, not parsed into a DOM, and its
// hash recomputed over the stored bytes without the "hash" member: record_json is the canonical
// JSON with "hash" spliced in, so those bytes are exactly what the writer hashed. Bytes that
// differ from them in any way (even only in whitespace or escapes) no longer match the hash.
// `prev` is the previous row's hash column (the genesis hash for the first row).
void record_problems(Row& row, int64_t expected_seq, std::string_view prev) {
  std::vector<std::string>& problems = row.problems;
  problems.clear();
  row.leaf = record_leaf(row.hash).value_or(Hash{});
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

// Checks rows [0, n) of a batch; `prev_seq` and `prev_hash` are those of the row before the
// batch (0 and the genesis hash before the first).
void check_batch(std::vector<Row>& rows, size_t n, int64_t prev_seq, const std::string& prev_hash) {
  for (size_t i = 0; i < n; ++i) {
    if (i == 0) {
      record_problems(rows[0], prev_seq + 1, prev_hash);
    } else {
      record_problems(rows[i], rows[i - 1].seq + 1, rows[i - 1].hash);
    }
  }
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

core::Result<VerifyReport> AuditLog::verify() {
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

        SQLite::Statement q(
            db_.handle(),
            "SELECT seq, id, time, action, subject, org, decision, record, prev_hash, "
            "hash FROM audit_records ORDER BY seq");
        CompactRange range;
        size_t next_cp = 0;
        while (next_cp < checkpoints.size() && checkpoints[next_cp].cp.size == 0) {
          check_checkpoint(checkpoints[next_cp++], range.root());
        }
        // Two threads: this one steps SQLite and copies a batch of rows while a second one
        // scans and hashes the batch before (docs/adr/0010); the results are folded in order.
        constexpr size_t kBatch = 2048;
        std::array<std::vector<Row>, 2> batches{std::vector<Row>(kBatch), std::vector<Row>(kBatch)};
        std::array<size_t, 2> filled{0, 0};
        std::future<void> pending;
        size_t cur = 0;
        bool stepped_past_end = false;
        int64_t last_seq = 0;
        std::string last_hash = kGenesisHash;
        const auto fold = [&](size_t b) {
          for (size_t i = 0; i < filled[b]; ++i) {
            Row& row = batches[b][i];
            ++report.records;
            range.append(row.leaf);
            for (std::string& p : row.problems) report.failures.push_back({row.seq, std::move(p)});
            if (row.problems.empty()) ++report.valid;
            while (next_cp < checkpoints.size() && checkpoints[next_cp].cp.size == range.size()) {
              check_checkpoint(checkpoints[next_cp++], range.root());
            }
          }
        };
        while (true) {
          std::vector<Row>& batch = batches[cur];
          size_t n = 0;
          while (!stepped_past_end && n < kBatch) {
            if (!q.executeStep()) {
              stepped_past_end = true;  // stepping a finished statement again is API misuse
              break;
            }
            read_row(q, batch[n++]);
          }
          filled[cur] = n;
          if (pending.valid()) {
            pending.get();
            fold(cur ^ 1U);
          }
          if (n == 0) break;
          pending =
              std::async(std::launch::async, check_batch, std::ref(batch), n, last_seq, last_hash);
          last_seq = batch[n - 1].seq;
          last_hash = batch[n - 1].hash;
          cur ^= 1U;
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
