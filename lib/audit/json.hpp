// The audit trail's JSON shapes, the same for the CLI (--format json) and the HTTP API: a record
// (schemas/audit-record.schema.json), a page of records, a checkpoint, a verification report.
#pragma once

#include <nlohmann/json.hpp>

#include "audit/log.hpp"

namespace novacrm::audit {

nlohmann::json to_json(const AuditRecord& record);
// {"items": [...], "total": N, "limit": L, "offset": O}
nlohmann::json to_json(const AuditPage& page);
// {"size", "root", "time", "key_id", "note"}
nlohmann::json to_json(const StoredCheckpoint& checkpoint);
// {"records", "valid", "ok", "failures": [{"seq", "what"}]}
nlohmann::json to_json(const VerifyReport& report);

}  // namespace novacrm::audit
