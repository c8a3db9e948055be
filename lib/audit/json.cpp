#include "audit/json.hpp"

#include "audit/tree.hpp"

namespace novacrm::audit {

using nlohmann::json;

json to_json(const AuditRecord& record) { return json::parse(record_json(record)); }

json to_json(const AuditPage& page) {
  json items = json::array();
  for (const AuditRecord& r : page.items) items.push_back(to_json(r));
  return {{"items", items}, {"total", page.total}, {"limit", page.limit}, {"offset", page.offset}};
}

json to_json(const StoredCheckpoint& checkpoint) {
  return {{"size", checkpoint.size},
          {"root", to_hex(checkpoint.root)},
          {"time", checkpoint.time},
          {"key_id", checkpoint.key_id},
          {"note", checkpoint.note}};
}

json to_json(const VerifyReport& report) {
  json failures = json::array();
  for (const VerifyFailure& f : report.failures)
    failures.push_back({{"seq", f.seq}, {"what", f.what}});
  return {{"records", report.records},
          {"valid", report.valid},
          {"ok", report.failures.empty()},
          {"failures", failures}};
}

}  // namespace novacrm::audit
