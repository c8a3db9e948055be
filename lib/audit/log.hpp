// The audit log in the workspace database: appends records to the hash chain (one transaction
// per batch, BEGIN IMMEDIATE, so concurrent processes serialise and the chain stays linear),
// reads them back with filters, and verifies the chain.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

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
  std::optional<std::string> since;  // RFC 3339, inclusive
  std::optional<std::string> until;  // RFC 3339, exclusive
  int64_t limit = 50;
  int64_t offset = 0;
};

struct AuditPage {
  std::vector<AuditRecord> items;
  int64_t total = 0;
  int64_t limit = 0;
  int64_t offset = 0;
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

// A fresh request id (16 hex digits), for callers that have none.
std::string new_request_id();

class AuditLog {
 public:
  explicit AuditLog(store::Database& db) : db_(db) {}

  core::Result<std::vector<AuditRecord>> append(const std::vector<Event>& events);
  // By id or by sequence number.
  core::Result<std::optional<AuditRecord>> find(const std::string& id_or_seq);
  core::Result<AuditPage> list(const AuditQuery& query);
  core::Result<VerifyReport> verify();

 private:
  store::Database& db_;
};

}  // namespace novacrm::audit
