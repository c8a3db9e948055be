// JUnit XML report for CI test dashboards: one <testcase> per input, failed when its decision
// reaches --fail-on. Always well-formed XML whatever the paths hold; never carries a raw match,
// only the findings' masked excerpts.
#include <sstream>
#include <string_view>

#include "core/text.hpp"
#include "report/scan_report.hpp"

namespace novacrm::report {

namespace {

constexpr std::string_view kReplacement = "\xEF\xBF\xBD";  // U+FFFD

// Length of the UTF-8 sequence that `lead` starts (1 for a byte that cannot start one).
size_t sequence_length(unsigned char lead) {
  if (lead >= 0xF0) return 4;
  if (lead >= 0xE0) return 3;
  if (lead >= 0xC0) return 2;
  return 1;
}

// What stands for ASCII byte `b` in XML text (in_attribute false) or in a double-quoted attribute
// value; empty when the byte stands for itself. C0 controls other than tab, LF and CR cannot be
// carried by XML 1.0 at all and become U+FFFD; tab and LF in attributes become character
// references so attribute normalisation keeps them.
std::string_view reference_for(unsigned char b, bool in_attribute) {
  switch (b) {
    case '&':
      return "&amp;";
    case '<':
      return "&lt;";
    case '>':
      return "&gt;";
    case '"':
      return "&quot;";
    case '\'':
      return "&apos;";
    case '\t':
      return in_attribute ? "&#9;" : "";
    case '\n':
      return in_attribute ? "&#10;" : "";
    case '\r':
      return "&#13;";
    default:
      return b < 0x20 ? kReplacement : "";
  }
}

// Escapes `s` for XML 1.0. Bytes that are not UTF-8 and the non-characters U+FFFE and U+FFFF,
// which XML cannot carry either, become U+FFFD.
std::string xml_escape(std::string_view s, bool in_attribute) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size();) {
    const auto b = static_cast<unsigned char>(s[i]);
    if (b < 0x80) {
      const std::string_view reference = reference_for(b, in_attribute);
      if (reference.empty()) {
        out += s[i];
      } else {
        out += reference;
      }
      ++i;
      continue;
    }
    const size_t n = sequence_length(b);
    const std::string_view seq = s.substr(i, n);
    const bool valid = n > 1 && seq.size() == n && core::is_valid_utf8(seq);
    const bool non_character = seq == "\xEF\xBF\xBE" || seq == "\xEF\xBF\xBF";
    out += valid && !non_character ? seq : kReplacement;
    i += valid ? n : 1;
  }
  return out;
}

// ` name="value"`, the value escaped.
std::string attr(std::string_view name, std::string_view value) {
  return ' ' + std::string(name) + "=\"" + xml_escape(value, true) + '"';
}

std::string text(std::string_view s) { return xml_escape(s, false); }

std::string display_name(const ScannedInput& in) { return in.path == "-" ? "<stdin>" : in.path; }

// The findings of one input, one line each as the text report prints them, XML-escaped.
void write_finding_lines(std::ostream& out, const ScannedInput& in) {
  const std::string name = display_name(in);
  for_each_finding(in, [&](const compliance::Finding& f) {
    out << text(name + ':' + std::to_string(f.span.line) + ':' + std::to_string(f.span.column) +
                ": " + f.rule + '/' + f.entity + " (" +
                std::string(compliance::to_string(f.severity)) + ") " + f.excerpt + '\n');
  });
}

bool fails(const ScannedInput& in, compliance::Action fail_on, bool fail_never) {
  return !fail_never && in.decision.action >= fail_on;
}

void write_testcase(std::ostream& out, const ScannedInput& in, bool failed) {
  out << "    <testcase" << attr("classname", "novacrm.check") << attr("name", display_name(in));
  if (!failed && finding_count(in) == 0) {
    out << "/>\n";
    return;
  }
  out << ">\n";
  const std::string_view action = compliance::to_string(in.decision.action);
  if (failed) {
    const std::string message =
        "decision " + std::string(action) + " (risk " + std::to_string(in.decision.risk) + ')';
    out << "      <failure" << attr("message", message) << attr("type", action) << '>';
    write_finding_lines(out, in);
    out << "</failure>\n";
  } else {
    // Findings below the threshold stay visible in the CI log without failing the case.
    out << "      <system-out>";
    write_finding_lines(out, in);
    out << "</system-out>\n";
  }
  out << "    </testcase>\n";
}

void write_property(std::ostream& out, std::string_view name, std::string_view value) {
  out << "      <property" << attr("name", name) << attr("value", value) << "/>\n";
}

}  // namespace

void write_junit(std::ostream& out, const ScanReport& report, compliance::Action fail_on,
                 bool fail_never) {
  size_t failures = 0;
  for (const ScannedInput& in : report.inputs) {
    if (fails(in, fail_on, fail_never)) ++failures;
  }
  const std::string tests = std::to_string(report.inputs.size());
  const std::string failed = std::to_string(failures);
  out << R"(<?xml version="1.0" encoding="UTF-8"?>)" << '\n'
      << "<testsuites" << attr("name", "novacrm") << attr("tests", tests)
      << attr("failures", failed) << attr("errors", "0") << ">\n"
      << "  <testsuite" << attr("name", "novacrm check") << attr("tests", tests)
      << attr("failures", failed) << attr("errors", "0") << attr("skipped", "0") << ">\n"
      << "    <properties>\n";
  write_property(out, "policy.id", report.policy_id);
  write_property(out, "policy.sha256", report.policy_sha256);
  write_property(out, "decision", compliance::to_string(report.action));
  write_property(out, "risk", std::to_string(report.risk));
  write_property(out, "files.skipped", std::to_string(report.skipped));
  out << "    </properties>\n";
  for (const ScannedInput& in : report.inputs) {
    write_testcase(out, in, fails(in, fail_on, fail_never));
  }
  out << "  </testsuite>\n</testsuites>\n";
}

std::string render_junit(const ScanReport& report, compliance::Action fail_on, bool fail_never) {
  std::ostringstream out;
  write_junit(out, report, fail_on, fail_never);
  return out.str();
}

}  // namespace novacrm::report
