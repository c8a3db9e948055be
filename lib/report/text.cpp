// Text report for people: one line per finding, located as path:line:col so editors and CI logs
// link to it. Never prints a raw match, only the finding's masked excerpt. Colour (ANSI SGR) is
// only ever added around fields; without it the output is plain bytes scripts may grep.
#include <sstream>
#include <string_view>

#include "report/scan_report.hpp"

namespace novacrm::report {

namespace {

constexpr std::string_view kReset = "\x1b[0m";
constexpr std::string_view kDim = "\x1b[2m";
constexpr std::string_view kRed = "\x1b[31m";
constexpr std::string_view kYellow = "\x1b[33m";
constexpr std::string_view kGreen = "\x1b[32m";
constexpr std::string_view kCyan = "\x1b[36m";

std::string_view colour_of(compliance::Severity s) {
  switch (s) {
    case compliance::Severity::kCritical:
    case compliance::Severity::kHigh:
      return kRed;
    case compliance::Severity::kMedium:
    case compliance::Severity::kLow:
      return kYellow;
    case compliance::Severity::kInfo:
      return kCyan;
  }
  return {};
}

std::string_view colour_of(compliance::Action a) {
  switch (a) {
    case compliance::Action::kEscalate:
    case compliance::Action::kBlock:
      return kRed;
    case compliance::Action::kWarn:
      return kYellow;
    case compliance::Action::kAllow:
      return kGreen;
  }
  return {};
}

// Writes `text`, wrapped in `sgr` ... reset when colour is on.
class Painter {
 public:
  Painter(std::ostream& out, bool colour) : out_(out), colour_(colour) {}

  void operator()(std::string_view sgr, std::string_view text) const {
    if (colour_ && !sgr.empty()) {
      out_ << sgr << text << kReset;
    } else {
      out_ << text;
    }
  }

 private:
  std::ostream& out_;
  bool colour_;
};

}  // namespace

void write_text(std::ostream& out, const ScanReport& report, bool colour) {
  const Painter paint(out, colour);
  size_t findings = 0;
  size_t suppressed = 0;
  for (const ScannedInput& in : report.inputs) {
    const std::string name = in.path == "-" ? "<stdin>" : in.path;
    for_each_finding(in, [&](const compliance::Finding& f) {
      paint(kDim, name + ':' + std::to_string(f.span.line) + ':' + std::to_string(f.span.column));
      out << ": " << f.rule << '/' << f.entity << " (";
      paint(colour_of(f.severity), compliance::to_string(f.severity));
      out << ") " << f.excerpt << '\n';
      ++findings;
    });
    suppressed += in.decision.suppressed;
  }
  out << report.inputs.size() << " input(s) scanned, " << findings << " finding(s)";
  if (suppressed > 0) out << ", " << suppressed << " suppressed";
  if (report.skipped > 0) out << ", " << report.skipped << " file(s) skipped";
  out << "; decision: ";
  paint(colour_of(report.action), compliance::to_string(report.action));
  out << " (risk " << report.risk << ")\n";
}

std::string render_text(const ScanReport& report, bool colour) {
  std::ostringstream out;
  write_text(out, report, colour);
  return out.str();
}

}  // namespace novacrm::report
