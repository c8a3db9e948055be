// An audit record and its canonical form. The hash of a record is SHA-256 over its canonical
// JSON (every field but `hash`, keys sorted by bytes, no whitespace, integers only, strings
// escaped as JSON requires and otherwise left as UTF-8), which includes the previous record's
// hash: changing, removing or reordering any record breaks every later hash. Inputs are stored
// masked ([EMAIL]) only: Input can only be made by capture_input, which masks.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "compliance/finding.hpp"
#include "core/result.hpp"

namespace novacrm::audit {

struct Actor {
  std::string subject;  // "local:alice" until tokens exist (issue 5)
  std::string role;
  std::string org = "default";
};

// A scanned text as the audit trail keeps it.
class Input {
 public:
  [[nodiscard]] const std::string& masked() const { return masked_; }
  [[nodiscard]] uint64_t size() const { return size_; }
  [[nodiscard]] bool truncated() const { return truncated_; }
  [[nodiscard]] const std::string& hmac() const { return hmac_; }

 private:
  friend core::Result<Input> capture_input(std::string_view raw,
                                           const std::vector<compliance::Finding>& findings,
                                           std::string_view hmac_key);
  friend struct RecordCodec;
  std::string masked_;
  uint64_t size_ = 0;
  bool truncated_ = false;
  std::string hmac_;  // hex HMAC-SHA-256 of the raw input under the workspace key
};

// At most this many bytes of the masked input are stored (the size says how long it was).
inline constexpr size_t kMaxStoredInput = 64U << 10;

// Masks every finding of `raw` (pass the silenced ones too: an allowlisted or marked value is
// still personal data) and keys a hash of the raw text for correlation without disclosure.
core::Result<Input> capture_input(std::string_view raw,
                                  const std::vector<compliance::Finding>& findings,
                                  std::string_view hmac_key);

struct PolicyRef {
  std::string id;
  std::string sha256;
};

struct DecisionSummary {
  compliance::Action action = compliance::Action::kAllow;
  int risk = 0;
  std::vector<compliance::Finding> findings;  // masked excerpts only
};

struct AuditRecord {
  int64_t seq = 0;
  std::string id;
  std::string time;
  Actor actor;
  std::string action;  // "check", "redact", "contacts.export", ...
  std::string request_id;
  std::optional<PolicyRef> policy;
  std::optional<DecisionSummary> decision;
  std::optional<Input> input;
  std::string details;  // canonical JSON object of action-specific facts (counts, ids), or "{}"
  std::string prev_hash;
  std::string hash;
};

// The canonical JSON the hash covers (no `hash` field).
std::string canonical_json(const AuditRecord& r);
// canonical_json plus "hash": the stored and exported form.
std::string record_json(const AuditRecord& r);
std::string compute_hash(const AuditRecord& r);
// Parses record_json's output (kIntegrity naming the record when it is malformed).
core::Result<AuditRecord> parse_record(std::string_view text);

inline const std::string kGenesisHash(64, '0');

}  // namespace novacrm::audit
