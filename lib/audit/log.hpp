// The audit log in the workspace database: appends records to the hash chain (one transaction
// per batch, BEGIN IMMEDIATE, so concurrent processes serialise and the chain stays linear),
// reads them back with filters, makes signed Merkle checkpoints (on demand and every N records,
// inside the append's transaction) and verifies chain, roots and signatures. Never sees a key
// file: the app layer hands it a signer and a public-key lookup.
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "audit/merkle.hpp"
#include "audit/record.hpp"
#include "core/result.hpp"
#include "store/database.hpp"

namespace novacrm::audit {

// What a use case records; the log adds seq, id, time and the hashes.
struct Event {
  Actor actor;
  std::string action;
  std::string request_id;
  std::optional<PolicyRef> policy;
  std::optional<DecisionSummary> decision;
  std::optional<Input> input;
  std::string details = "{}";  // a JSON object without PII: counts, ids, formats
};

struct AuditQuery {
  std::optional<std::string> action;
  std::optional<std::string> decision;  // allow|warn|block|escalate
  std::optional<std::string> rule;      // records with a finding of this rule
  std::optional<std::string> subject;
  std::optional<std::string> since;  // RFC 3339 or a date (core::parse_time_bound), inclusive
  std::optional<std::string> until;  // likewise, exclusive
  int64_t limit = 50;
  int64_t offset = 0;
};

struct AuditPage {
  std::vector<AuditRecord> items;
  int64_t total = 0;
  int64_t limit = 0;
  int64_t offset = 0;
};

// The active audit key, for signing checkpoints. The note's key name is the log's origin.
struct Signer {
  std::string key_id;  // PASERK k4.pid
  std::array<uint8_t, 64> secret{};
};
using SignerSource = std::function<core::Result<Signer>()>;
// The public key of a key id (any key that ever signed: retired ones too). kIntegrity or
// kBadInput when it is unknown.
using PublicKeySource = std::function<core::Result<std::array<uint8_t, 32>>(const std::string&)>;

struct StoredCheckpoint {
  uint64_t size = 0;
  Hash root{};
  std::string time;
  std::string key_id;
  std::string note;  // the signed note
};

struct VerifyFailure {
  int64_t seq = 0;
  std::string what;  // "hash mismatch", "previous hash does not link", ...
};

struct VerifyReport {
  int64_t records = 0;
  int64_t valid = 0;
  std::vector<VerifyFailure> failures;  // in sequence order: the first bad one first
};

// Counts for `audit stats`, each list sorted by its key.
struct AuditStats {
  int64_t records = 0;
  std::vector<std::pair<std::string, int64_t>> by_action;
  std::vector<std::pair<std::string, int64_t>> by_rule;  // records with a finding of the rule
  std::vector<std::pair<std::string, int64_t>> by_day;   // UTC date (YYYY-MM-DD)
};

// A fresh request id (16 hex digits), for callers that have none.
std::string new_request_id();

class AuditLog {
 public:
  explicit AuditLog(store::Database& db) : db_(db) {}

  // Checkpointing: without a signer, no automatic checkpoint is made (and checkpoint() fails).
  void set_signer(SignerSource signer) { signer_ = std::move(signer); }
  void set_public_keys(PublicKeySource keys) { public_keys_ = std::move(keys); }
  // Every `interval` records (the policy's audit.checkpoint_interval); 0 disables.
  void set_checkpoint_interval(int64_t interval) { interval_ = interval; }

  // Appends and, when the new size crosses a multiple of the interval, signs a checkpoint at the
  // new size in the same transaction: both are committed or neither.
  core::Result<std::vector<AuditRecord>> append(const std::vector<Event>& events);
  // By id or by sequence number.
  core::Result<std::optional<AuditRecord>> find(const std::string& id_or_seq);
  core::Result<AuditPage> list(const AuditQuery& raw);
  core::Result<AuditStats> stats();
  // Chain, every checkpoint's root (one pass, compact range), signature and origin, truncation.
  // Records are checked in chunks of `chunk` sequence numbers, two at a time on two threads
  // (docs/adr/0010); the report does not depend on the chunk size.
  core::Result<VerifyReport> verify(int64_t chunk = 16384);

  // "novacrm/<workspace id>": the origin line of every checkpoint and the note's key name.
  core::Result<std::string> origin();
  // A signed checkpoint of the whole log (the existing one when the size has not changed).
  core::Result<StoredCheckpoint> checkpoint();
  // A signed checkpoint of the first `size` records (kBadInput past the end of the log).
  core::Result<StoredCheckpoint> checkpoint_at(int64_t size);
  // The contiguous range of sequence numbers after `after` from the first record at or after
  // `since` to the last one before `until` (core::parse_time_bound; kBadInput naming the bound
  // that is not a time); last < first when there is none.
  core::Result<std::pair<int64_t, int64_t>> seq_range(int64_t after,
                                                      std::optional<std::string> since,
                                                      std::optional<std::string> until);
  // The stored form (record_json) of records first..last in order, one call each; stops at the
  // first error `each` returns.
  core::Status for_each_record(int64_t first, int64_t last,
                               const std::function<core::Status(const std::string&)>& each);
  // The smallest checkpoint covering `size` records (size <= its size), if any.
  core::Result<std::optional<StoredCheckpoint>> checkpoint_covering(uint64_t size);
  // Leaf hashes of records first..last (sequence numbers, inclusive).
  core::Result<std::vector<Hash>> leaves(int64_t first, int64_t last);
  // Number of records.
  core::Result<int64_t> size();
  // The public key source's answer for a key id (for proofs and bundles).
  core::Result<std::array<uint8_t, 32>> public_key(const std::string& key_id);

 private:
  // Inside a write transaction: signs and stores a checkpoint of the first `size` records.
  core::Result<StoredCheckpoint> checkpoint_locked(int64_t size);

  store::Database& db_;
  SignerSource signer_;
  PublicKeySource public_keys_;
  int64_t interval_ = 0;
};

}  // namespace novacrm::audit
