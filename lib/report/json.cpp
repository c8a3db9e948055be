// JSON report for scripts (schemas/check-report.schema.json). Findings carry their masked
// excerpt only. Written as it goes, one finding at a time: no document of the whole report is
// ever built (a 1 GB file's report is larger than the memory a scan may use).
#include <nlohmann/json.hpp>
#include <sstream>

#include "compliance/finding_json.hpp"
#include "report/scan_report.hpp"

namespace novacrm::report {

namespace {

using nlohmann::json;

// Paths and excerpts come from the file system and user input: replace what JSON cannot carry.
std::string dump(const json& j) { return j.dump(-1, ' ', false, json::error_handler_t::replace); }

// One input's object, its findings streamed last.
void write_input(std::ostream& out, const ScannedInput& in) {
  json head = {{"path", in.path},
               {"action", compliance::to_string(in.decision.action)},
               {"risk", in.decision.risk},
               {"suppressed", in.decision.suppressed}};
  if (in.decision.driver) head["driver"] = *in.decision.driver;
  if (in.redacted) head["redacted"] = *in.redacted;
  if (!in.audit_id.empty()) head["audit_id"] = in.audit_id;
  std::string text = dump(head);
  text.pop_back();  // the closing brace: the findings follow
  out << "    " << text << ",\n      \"findings\": [";
  bool first = true;
  for_each_finding(in, [&](const compliance::Finding& f) {
    out << (first ? "\n        " : ",\n        ") << dump(compliance::to_json(f));
    first = false;
  });
  out << (first ? "]}" : "\n      ]}");
}

}  // namespace

void write_json(std::ostream& out, const ScanReport& report) {
  out << "{\n  \"action\": " << dump(compliance::to_string(report.action))
      << ",\n  \"risk\": " << report.risk << ",\n  \"skipped\": " << report.skipped
      << ",\n  \"policy\": " << dump({{"id", report.policy_id}, {"sha256", report.policy_sha256}})
      << ",\n  \"inputs\": [";
  bool first = true;
  for (const ScannedInput& in : report.inputs) {
    out << (first ? "\n" : ",\n");
    write_input(out, in);
    first = false;
  }
  out << (first ? "]\n}\n" : "\n  ]\n}\n");
}

std::string render_json(const ScanReport& report) {
  std::ostringstream out;
  write_json(out, report);
  return out.str();
}

}  // namespace novacrm::report
