// JSON report for scripts. Findings carry their masked excerpt only.
#include <nlohmann/json.hpp>

#include "report/scan_report.hpp"

namespace novacrm::report {

std::string render_json(const ScanReport& report) {
  using nlohmann::json;
  json inputs = json::array();
  for (const ScannedInput& in : report.inputs) {
    json findings = json::array();
    for (const compliance::Finding& f : in.decision.findings) {
      findings.push_back({{"rule", f.rule},
                          {"entity", f.entity},
                          {"severity", compliance::to_string(f.severity)},
                          {"line", f.span.line},
                          {"column", f.span.column},
                          {"offset", f.span.begin},
                          {"length", f.span.end - f.span.begin},
                          {"excerpt", f.excerpt}});
    }
    inputs.push_back({{"path", in.path},
                      {"action", compliance::to_string(in.decision.action)},
                      {"risk", in.decision.risk},
                      {"findings", findings}});
  }
  const json doc = {{"action", compliance::to_string(report.action)},
                    {"risk", report.risk},
                    {"skipped", report.skipped},
                    {"inputs", inputs}};
  return doc.dump(2) + "\n";
}

}  // namespace novacrm::report
