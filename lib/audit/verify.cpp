// AuditLog::verify: one pass over the records that checks the hash chain record by record, folds
// the record hashes into a compact range and compares its root at every checkpoint's size, checks
// every checkpoint's signature with the key it names (retired keys included) and its origin, and
// reports checkpoints beyond the end of the log as truncation. Failures come sorted by sequence
// number, the first bad one first.
#include <SQLiteCpp/SQLiteCpp.h>

#include <algorithm>

#include "audit/checkpoint.hpp"
#include "audit/log.hpp"
#include "audit/log_internal.hpp"
#include "audit/tree.hpp"
#include "store/guarded.hpp"

namespace novacrm::audit {

namespace {

std::vector<std::string> record_problems(SQLite::Statement& q, int64_t seq, int64_t expected_seq,
                                         const std::string& prev) {
  std::vector<std::string> problems;
  if (seq != expected_seq) {
    problems.push_back("sequence gap: expected " + std::to_string(expected_seq) +
                       " (a record was removed or inserted)");
  }
  const std::string stored_hash = q.getColumn(9).getString();
  auto r = parse_record(q.getColumn(7).getString());
  if (!r) {
    problems.emplace_back("record is not valid JSON or misses fields");
    return problems;
  }
  if (compute_hash(*r) != r->hash || r->hash != stored_hash) {
    problems.emplace_back("hash mismatch: the record's content was changed");
  }
  if (r->prev_hash != prev || q.getColumn(8).getString() != r->prev_hash) {
    problems.push_back("previous hash does not link to record " + std::to_string(seq - 1) +
                       " (records removed, reordered or forged)");
  }
  if (r->seq != seq || r->id != q.getColumn(1).getString() ||
      r->time != q.getColumn(2).getString() || r->action != q.getColumn(3).getString() ||
      r->actor.subject != q.getColumn(4).getString() ||
      r->actor.org != q.getColumn(5).getString() ||
      decision_column(*r).value_or("") != q.getColumn(6).getString()) {
    problems.emplace_back("indexed columns differ from the hashed record");
  }
  return problems;
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
        int64_t expected_seq = 1;
        std::string prev = kGenesisHash;
        CompactRange range;
        size_t next_cp = 0;
        while (next_cp < checkpoints.size() && checkpoints[next_cp].cp.size == 0) {
          check_checkpoint(checkpoints[next_cp++], range.root());
        }
        while (q.executeStep()) {
          ++report.records;
          const int64_t seq = q.getColumn(0).getInt64();
          std::vector<std::string> problems = record_problems(q, seq, expected_seq, prev);
          expected_seq = seq + 1;
          prev = q.getColumn(9).getString();
          range.append(record_leaf(prev).value_or(Hash{}));
          for (std::string& p : problems) report.failures.push_back({seq, std::move(p)});
          if (problems.empty()) ++report.valid;
          while (next_cp < checkpoints.size() && checkpoints[next_cp].cp.size == range.size()) {
            check_checkpoint(checkpoints[next_cp++], range.root());
          }
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
