#include "audit/log.hpp"

#include <sodium.h>
#include <string_view>

#include <array>

#include "audit/log_internal.hpp"
#include "core/clock.hpp"
#include "store/guarded.hpp"

namespace novacrm::audit {

namespace {

std::string random_hex(size_t bytes) {
  std::array<unsigned char, 32> buf{};
  randombytes_buf(buf.data(), bytes);
  static constexpr std::string_view kHex = "0123456789abcdef";
  std::string out;
  for (size_t i = 0; i < bytes; ++i) {
    out.push_back(kHex[buf[i] >> 4]);
    out.push_back(kHex[buf[i] & 0xF]);
  }
  return out;
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

// A `since`/`until` bound in the stored form (core::parse_time_bound), or why it is not a time.
core::Status normalise_bound(const char* name, std::optional<std::string>& bound) {
  if (!bound) return {};
  auto t = core::parse_time_bound(*bound);
  if (!t) {
    return core::bad_input(name,
                           "not a time: give an RFC 3339 time such as 2026-12-07T10:00:00Z or "
                           "2026-12-07T11:00:00+01:00, or a date such as 2026-12-07");
  }
  bound = std::move(*t);
  return {};
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
      int64_t seq = 0;
      std::string prev = kGenesisHash;
      {
        auto last = db_.cached("SELECT seq, hash FROM audit_records ORDER BY seq DESC LIMIT 1");
        if (last->executeStep()) {
          seq = last->getColumn(0).getInt64();
          prev = last->getColumn(1).getString();
        }
      }
      auto insert_lease = db_.cached(
          "INSERT INTO audit_records (seq, id, time, action, subject, org, decision, record, "
          "prev_hash, hash) VALUES (?,?,?,?,?,?,?,?,?,?)");
      SQLite::Statement& insert = *insert_lease;
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
      if (interval_ > 0 && signer_ && !events.empty()) {
        auto latest = db_.cached("SELECT coalesce(max(size), 0) FROM audit_checkpoints");
        latest->executeStep();
        const int64_t last_checkpoint = latest->getColumn(0).getInt64();
        latest->tryReset();
        if (seq - last_checkpoint >= interval_) {
          auto cp = checkpoint_locked(seq);
          if (!cp) return cp.error();
        }
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

core::Result<AuditPage> AuditLog::list(const AuditQuery& raw) {
  AuditQuery query = raw;
  if (core::Status s = normalise_bound("since", query.since); !s) return s.error();
  if (core::Status s = normalise_bound("until", query.until); !s) return s.error();
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

core::Result<AuditStats> AuditLog::stats() {
  return store::guarded<AuditStats>(
      db_, "counting the audit trail", [&]() -> core::Result<AuditStats> {
        AuditStats st;
        const auto counts = [&](const char* sql,
                                std::vector<std::pair<std::string, int64_t>>& out) {
          SQLite::Statement q(db_.handle(), sql);
          while (q.executeStep())
            out.emplace_back(q.getColumn(0).getString(), q.getColumn(1).getInt64());
        };
        SQLite::Statement total(db_.handle(), "SELECT count(*) FROM audit_records");
        total.executeStep();
        st.records = total.getColumn(0).getInt64();
        counts("SELECT action, count(*) FROM audit_records GROUP BY action ORDER BY action",
               st.by_action);
        counts(
            "SELECT substr(time, 1, 10) AS day, count(*) FROM audit_records GROUP BY day "
            "ORDER BY day",
            st.by_day);
        counts(
            "SELECT rule, count(DISTINCT seq) FROM (SELECT r.seq AS seq, "
            "json_extract(f.value, '$.rule') AS rule FROM audit_records AS r, "
            "json_each(r.record, '$.decision.findings') AS f) GROUP BY rule ORDER BY rule",
            st.by_rule);
        return st;
      });
}

core::Result<std::pair<int64_t, int64_t>> AuditLog::seq_range(int64_t after,
                                                              std::optional<std::string> since,
                                                              std::optional<std::string> until) {
  if (core::Status s = normalise_bound("since", since); !s) return s.error();
  if (core::Status s = normalise_bound("until", until); !s) return s.error();
  return store::guarded<std::pair<int64_t, int64_t>>(
      db_, "reading the audit trail", [&]() -> core::Result<std::pair<int64_t, int64_t>> {
        SQLite::Statement first(db_.handle(),
                                "SELECT coalesce(min(seq), 0) FROM audit_records WHERE seq > ? "
                                "AND (? IS NULL OR time >= ?)");
        first.bind(1, after);
        if (since) {
          first.bind(2, *since);
          first.bind(3, *since);
        }
        first.executeStep();
        SQLite::Statement last(db_.handle(),
                               "SELECT coalesce(max(seq), 0) FROM audit_records WHERE "
                               "(? IS NULL OR time < ?)");
        if (until) {
          last.bind(1, *until);
          last.bind(2, *until);
        }
        last.executeStep();
        const int64_t lo = first.getColumn(0).getInt64();
        const int64_t hi = last.getColumn(0).getInt64();
        if (lo == 0 || hi < lo) return std::make_pair(after + 1, after);
        return std::make_pair(lo, hi);
      });
}

core::Status AuditLog::for_each_record(
    int64_t first, int64_t last, const std::function<core::Status(const std::string&)>& each) {
  return store::guarded<void>(db_, "reading the audit trail", [&]() -> core::Status {
    SQLite::Statement q(
        db_.handle(), "SELECT record FROM audit_records WHERE seq >= ? AND seq <= ? ORDER BY seq");
    q.bind(1, first);
    q.bind(2, last);
    while (q.executeStep()) {
      if (core::Status s = each(q.getColumn(0).getString()); !s) return s;
    }
    return {};
  });
}

}  // namespace novacrm::audit
