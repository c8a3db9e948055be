// Text report for people: one line per finding, located as path:line:col so editors and CI logs
// link to it. Never prints a raw match, only the finding's masked excerpt.
#include <sstream>

#include "report/scan_report.hpp"

namespace novacrm::report {

std::string render_text(const ScanReport& report) {
  std::ostringstream out;
  size_t findings = 0;
  for (const ScannedInput& in : report.inputs) {
    const std::string name = in.path == "-" ? "<stdin>" : in.path;
    for (const compliance::Finding& f : in.decision.findings) {
      out << name << ':' << f.span.line << ':' << f.span.column << ": " << f.rule << '/' << f.entity
          << " (" << compliance::to_string(f.severity) << ") " << f.excerpt << '\n';
      ++findings;
    }
  }
  out << report.inputs.size() << " input(s) scanned, " << findings << " finding(s)";
  if (report.skipped > 0) out << ", " << report.skipped << " file(s) skipped";
  out << "; decision: " << compliance::to_string(report.action) << " (risk " << report.risk
      << ")\n";
  return out.str();
}

}  // namespace novacrm::report
