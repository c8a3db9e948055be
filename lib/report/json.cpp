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
    json findings = json::array();
    for (const compliance::Finding& f : in.decision.findings)
      findings.push_back(compliance::to_json(f));
    json input = {{"path", in.path},
                  {"action", compliance::to_string(in.decision.action)},
                  {"risk", in.decision.risk},
                  {"suppressed", in.decision.suppressed},
                  {"findings", findings}};
    if (in.decision.driver) input["driver"] = *in.decision.driver;
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
