// AuditLog's checkpoints: signing the tree head of the first N records and storing it. The stored
// compact range is a cache that spares re-reading the whole log; it is checked against the signed
// root before use, and `audit verify` never relies on it.
#include <SQLiteCpp/SQLiteCpp.h>
#include <sodium.h>

#include "audit/checkpoint.hpp"
#include "audit/log.hpp"
#include "audit/tree.hpp"
#include "core/clock.hpp"
#include "store/guarded.hpp"

namespace novacrm::audit {

namespace {

core::Error integrity(const std::string& where, const std::string& what) {
  return core::Error{core::ErrorCode::kIntegrity, what, where};
}

StoredCheckpoint checkpoint_of(SQLite::Statement& q) {
  StoredCheckpoint cp;
  cp.size = static_cast<uint64_t>(q.getColumn(0).getInt64());
  cp.root = hash_from_hex(q.getColumn(1).getString()).value_or(Hash{});
  cp.time = q.getColumn(2).getString();
  cp.key_id = q.getColumn(3).getString();
  cp.note = q.getColumn(4).getString();
  return cp;
}

constexpr const char* kCheckpointColumns = "SELECT size, root, time, key_id, note, compact ";

}  // namespace

core::Result<std::string> AuditLog::origin() {
  return store::guarded<std::string>(
      db_, "reading the workspace id", [&]() -> core::Result<std::string> {
        SQLite::Statement q(db_.handle(), "SELECT value FROM workspace_meta WHERE key = 'id'");
        if (!q.executeStep()) {
          return integrity("workspace_meta", "the workspace has no id");
        }
        return "novacrm/" + q.getColumn(0).getString();
      });
}

core::Result<int64_t> AuditLog::size() {
  return store::guarded<int64_t>(db_, "counting audit records", [&]() -> core::Result<int64_t> {
    SQLite::Statement q(db_.handle(), "SELECT coalesce(max(seq), 0) FROM audit_records");
    q.executeStep();
    return q.getColumn(0).getInt64();
  });
}

core::Result<std::array<uint8_t, 32>> AuditLog::public_key(const std::string& key_id) {
  if (!public_keys_) return core::internal_error("no public key source configured");
  return public_keys_(key_id);
}

core::Result<std::vector<Hash>> AuditLog::leaves(int64_t first, int64_t last) {
  return store::guarded<std::vector<Hash>>(
      db_, "reading the audit trail", [&]() -> core::Result<std::vector<Hash>> {
        std::vector<Hash> out;
        SQLite::Statement q(db_.handle(),
                            "SELECT seq, hash FROM audit_records WHERE seq >= ? AND seq <= ? "
                            "ORDER BY seq");
        q.bind(1, first);
        q.bind(2, last);
        int64_t expected = first;
        while (q.executeStep()) {
          const int64_t seq = q.getColumn(0).getInt64();
          const auto leaf = record_leaf(q.getColumn(1).getString());
          if (seq != expected || !leaf) {
            return integrity("audit record " + std::to_string(expected),
                             "the audit trail is damaged here; run 'novacrm audit verify'");
          }
          out.push_back(*leaf);
          ++expected;
        }
        if (expected != last + 1) {
          return integrity("audit record " + std::to_string(expected),
                           "missing from the audit trail; run 'novacrm audit verify'");
        }
        return out;
      });
}

core::Result<StoredCheckpoint> AuditLog::checkpoint_locked(int64_t size) {
  SQLite::Statement same(db_.handle(),
                         std::string(kCheckpointColumns) + "FROM audit_checkpoints WHERE size = ?");
  same.bind(1, size);
  if (same.executeStep()) return checkpoint_of(same);
  if (!signer_) return core::internal_error("no audit signing key configured");

  // Start from the latest earlier checkpoint's compact range when it folds to its root.
  CompactRange range;
  SQLite::Statement base(db_.handle(), std::string(kCheckpointColumns) +
                                           "FROM audit_checkpoints WHERE size < ? "
                                           "ORDER BY size DESC LIMIT 1");
  base.bind(1, size);
  if (base.executeStep()) {
    const StoredCheckpoint prev = checkpoint_of(base);
    auto nodes = split_hashes(base.getColumn(5).getString());
    if (nodes) {
      auto r = CompactRange::from_nodes(prev.size, std::move(*nodes));
      if (r && r->root() == prev.root) range = std::move(r).value();
    }
  }
  auto leaves_after = leaves(static_cast<int64_t>(range.size()) + 1, size);
  if (!leaves_after) return leaves_after.error();
  for (const Hash& h : *leaves_after) range.append(h);

  auto log_origin = origin();
  if (!log_origin) return log_origin.error();
  auto signer = signer_();
  if (!signer) return signer.error();
  StoredCheckpoint cp;
  cp.size = static_cast<uint64_t>(size);
  cp.root = range.root();
  cp.time = core::now_rfc3339();
  cp.key_id = signer->key_id;
  auto note = sign_checkpoint(Checkpoint{*log_origin, cp.size, cp.root}, *log_origin,
                              std::span<const uint8_t, 64>(signer->secret));
  sodium_memzero(signer->secret.data(), signer->secret.size());
  if (!note) return note.error();
  cp.note = std::move(note).value();
  SQLite::Statement insert(db_.handle(),
                           "INSERT INTO audit_checkpoints (size, root, time, key_id, note, "
                           "compact) VALUES (?,?,?,?,?,?)");
  insert.bind(1, size);
  insert.bind(2, to_hex(cp.root));
  insert.bind(3, cp.time);
  insert.bind(4, cp.key_id);
  insert.bind(5, cp.note);
  insert.bind(6, join_hashes(range.nodes()));
  insert.exec();
  return cp;
}

core::Result<StoredCheckpoint> AuditLog::checkpoint() {
  StoredCheckpoint out;
  const core::Status s = db_.write_transaction([&]() -> core::Status {
    SQLite::Statement last(db_.handle(), "SELECT coalesce(max(seq), 0) FROM audit_records");
    last.executeStep();
    auto cp = checkpoint_locked(last.getColumn(0).getInt64());
    if (!cp) return cp.error();
    out = std::move(cp).value();
    return {};
  });
  if (!s) return s.error();
  return out;
}

core::Result<StoredCheckpoint> AuditLog::checkpoint_at(int64_t size) {
  StoredCheckpoint out;
  const core::Status s = db_.write_transaction([&]() -> core::Status {
    SQLite::Statement last(db_.handle(), "SELECT coalesce(max(seq), 0) FROM audit_records");
    last.executeStep();
    if (size < 0 || size > last.getColumn(0).getInt64()) {
      return core::bad_input(std::to_string(size), "is past the end of the audit trail");
    }
    auto cp = checkpoint_locked(size);
    if (!cp) return cp.error();
    out = std::move(cp).value();
    return {};
  });
  if (!s) return s.error();
  return out;
}

core::Result<std::optional<StoredCheckpoint>> AuditLog::checkpoint_covering(uint64_t size) {
  return store::guarded<std::optional<StoredCheckpoint>>(
      db_, "reading audit checkpoints", [&]() -> core::Result<std::optional<StoredCheckpoint>> {
        SQLite::Statement q(db_.handle(), std::string(kCheckpointColumns) +
                                              "FROM audit_checkpoints WHERE size >= ? "
                                              "ORDER BY size LIMIT 1");
        q.bind(1, static_cast<int64_t>(size));
        if (!q.executeStep()) return std::optional<StoredCheckpoint>();
        return std::optional<StoredCheckpoint>(checkpoint_of(q));
      });
}

}  // namespace novacrm::audit
