#include "audit/log.hpp"

#include <sodium.h>

#include <array>

#include "core/clock.hpp"
#include "store/guarded.hpp"

namespace novacrm::audit {

namespace {

std::string random_hex(size_t bytes) {
  std::array<unsigned char, 32> buf{};
  randombytes_buf(buf.data(), bytes);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (size_t i = 0; i < bytes; ++i) {
    out.push_back(kHex[buf[i] >> 4]);
    out.push_back(kHex[buf[i] & 0xF]);
  }
  return out;
}

std::optional<std::string> decision_column(const AuditRecord& r) {
  if (!r.decision) return std::nullopt;
  return std::string(compliance::to_string(r.decision->action));
}

// The WHERE clause and its values for a query.
std::pair<std::string, std::vector<std::string>> where_of(const AuditQuery& q) {
  std::string sql = " WHERE 1=1";
  std::vector<std::string> values;
  const auto add = [&](const std::optional<std::string>& v, const char* clause) {
    if (!v) return;
    sql += clause;
    values.push_back(*v);
  };
  add(q.action, " AND action = ?");
  add(q.decision, " AND decision = ?");
  add(q.subject, " AND subject = ?");
  add(q.since, " AND time >= ?");
  add(q.until, " AND time < ?");
  add(q.rule,
      " AND EXISTS (SELECT 1 FROM json_each(record, '$.decision.findings') AS f"
      " WHERE json_extract(f.value, '$.rule') = ?)");
  return {sql, values};
}

}  // namespace

std::string new_request_id() {
  if (sodium_init() < 0) return "0000000000000000";
  return random_hex(8);
}

core::Result<std::vector<AuditRecord>> AuditLog::append(const std::vector<Event>& events) {
  if (sodium_init() < 0) return core::internal_error("libsodium failed to initialise");
  std::vector<AuditRecord> out;
  core::Status s = db_.write_transaction([&]() -> core::Status {
    {
      out.clear();
      SQLite::Statement last(db_.handle(),
                             "SELECT seq, hash FROM audit_records ORDER BY seq DESC LIMIT 1");
      int64_t seq = 0;
      std::string prev = kGenesisHash;
      if (last.executeStep()) {
        seq = last.getColumn(0).getInt64();
        prev = last.getColumn(1).getString();
      }
      SQLite::Statement insert(db_.handle(),
                               "INSERT INTO audit_records (seq, id, time, action, subject, org, "
                               "decision, record, prev_hash, hash) VALUES (?,?,?,?,?,?,?,?,?,?)");
      for (const Event& e : events) {
        AuditRecord r;
        r.seq = ++seq;
        r.id = random_hex(8);
        r.time = core::now_rfc3339();
        r.actor = e.actor;
        r.action = e.action;
        r.request_id = e.request_id.empty() ? new_request_id() : e.request_id;
        r.policy = e.policy;
        r.decision = e.decision;
        r.input = e.input;
        r.details = e.details;
        r.prev_hash = prev;
        r.hash = compute_hash(r);
        insert.reset();
        insert.clearBindings();
        insert.bind(1, r.seq);
        insert.bind(2, r.id);
        insert.bind(3, r.time);
        insert.bind(4, r.action);
        insert.bind(5, r.actor.subject);
        insert.bind(6, r.actor.org);
        if (auto d = decision_column(r)) {
          insert.bind(7, *d);
        } else {
          insert.bind(7);
        }
        insert.bind(8, record_json(r));
        insert.bind(9, r.prev_hash);
        insert.bind(10, r.hash);
        insert.exec();
        prev = r.hash;
        out.push_back(std::move(r));
      }
      return {};
    }
  });
  if (!s) return s.error();
  return out;
}

core::Result<std::optional<AuditRecord>> AuditLog::find(const std::string& id_or_seq) {
  return store::guarded<std::optional<AuditRecord>>(
      db_, "reading the audit trail", [&]() -> core::Result<std::optional<AuditRecord>> {
        SQLite::Statement q(db_.handle(),
                            "SELECT record FROM audit_records WHERE id = ? OR "
                            "(CAST(seq AS TEXT) = ?) LIMIT 1");
        q.bind(1, id_or_seq);
        q.bind(2, id_or_seq);
        if (!q.executeStep()) return std::optional<AuditRecord>();
        auto r = parse_record(q.getColumn(0).getString());
        if (!r) return r.error();
        return std::optional<AuditRecord>(std::move(r).value());
      });
}

core::Result<AuditPage> AuditLog::list(const AuditQuery& query) {
  return store::guarded<AuditPage>(
      db_, "listing the audit trail", [&]() -> core::Result<AuditPage> {
        const auto [where, values] = where_of(query);
        AuditPage page;
        page.limit = query.limit;
        page.offset = query.offset;
        SQLite::Statement count(db_.handle(), "SELECT count(*) FROM audit_records" + where);
        for (size_t i = 0; i < values.size(); ++i) count.bind(static_cast<int>(i + 1), values[i]);
        count.executeStep();
        page.total = count.getColumn(0).getInt64();
        SQLite::Statement q(db_.handle(), "SELECT record FROM audit_records" + where +
                                              " ORDER BY seq LIMIT ? OFFSET ?");
        int i = 1;
        for (const std::string& v : values) q.bind(i++, v);
        q.bind(i++, query.limit);
        q.bind(i, query.offset);
        while (q.executeStep()) {
          auto r = parse_record(q.getColumn(0).getString());
          if (!r) return r.error();
          page.items.push_back(std::move(r).value());
        }
        return page;
      });
}

core::Result<VerifyReport> AuditLog::verify() {
  return store::guarded<VerifyReport>(
      db_, "verifying the audit trail", [&]() -> core::Result<VerifyReport> {
        VerifyReport report;
        SQLite::Statement q(
            db_.handle(),
            "SELECT seq, id, time, action, subject, org, decision, record, prev_hash, "
            "hash FROM audit_records ORDER BY seq");
        int64_t expected_seq = 1;
        std::string prev = kGenesisHash;
        while (q.executeStep()) {
          ++report.records;
          const int64_t seq = q.getColumn(0).getInt64();
          std::vector<std::string> problems;
          if (seq != expected_seq) {
            problems.push_back("sequence gap: expected " + std::to_string(expected_seq) +
                               " (a record was removed or inserted)");
          }
          expected_seq = seq + 1;
          const std::string stored_hash = q.getColumn(9).getString();
          auto r = parse_record(q.getColumn(7).getString());
          if (!r) {
            problems.push_back("record is not valid JSON or misses fields");
          } else {
            if (compute_hash(*r) != r->hash || r->hash != stored_hash) {
              problems.push_back("hash mismatch: the record's content was changed");
            }
            if (r->prev_hash != prev || q.getColumn(8).getString() != r->prev_hash) {
              problems.push_back("previous hash does not link to record " +
                                 std::to_string(seq - 1) +
                                 " (records removed, reordered or forged)");
            }
            if (r->seq != seq || r->id != q.getColumn(1).getString() ||
                r->time != q.getColumn(2).getString() || r->action != q.getColumn(3).getString() ||
                r->actor.subject != q.getColumn(4).getString() ||
                r->actor.org != q.getColumn(5).getString() ||
                decision_column(*r).value_or("") != q.getColumn(6).getString()) {
              problems.push_back("indexed columns differ from the hashed record");
            }
          }
          prev = stored_hash;
          for (std::string& p : problems) report.failures.push_back({seq, std::move(p)});
          if (problems.empty()) ++report.valid;
        }
        return report;
      });
}

}  // namespace novacrm::audit
