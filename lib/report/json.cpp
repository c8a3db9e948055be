// JSON report for scripts (schemas/check-report.schema.json). Findings carry their masked
// excerpt only.
#include <nlohmann/json.hpp>

#include "compliance/finding_json.hpp"
#include "report/scan_report.hpp"

namespace novacrm::report {

std::string render_json(const ScanReport& report) {
  using nlohmann::json;
  json inputs = json::array();
  for (const ScannedInput& in : report.inputs) {
    json input = compliance::to_json(in.decision);
    input["path"] = in.path;
    if (in.redacted) input["redacted"] = *in.redacted;
    if (!in.audit_id.empty()) input["audit_id"] = in.audit_id;
    inputs.push_back(std::move(input));
  }
  const json doc = {{"action", compliance::to_string(report.action)},
                    {"risk", report.risk},
                    {"skipped", report.skipped},
                    {"policy", {{"id", report.policy_id}, {"sha256", report.policy_sha256}}},
                    {"inputs", inputs}};
  // Paths come from the file system and need not be UTF-8: replace what JSON cannot carry.
  return doc.dump(2, ' ', false, json::error_handler_t::replace) + "\n";
}

}  // namespace novacrm::report
