// The outcome of a check over several inputs, and its renderings: one file per output format
// (text.cpp, json.cpp, sarif.cpp, junit.cpp). Renderers print only masked excerpts.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "compliance/finding.hpp"
#include "report/finding_spool.hpp"

namespace novacrm::report {

struct ScannedInput {
  std::string path;  // "-" for standard input
  // decision.findings, or for a file scanned in windows `spool` (decision.findings then empty;
  // decision.driver indexes the spool). Read them with for_each_finding.
  compliance::Decision decision;
  std::shared_ptr<const FindingSpool> spool;
  std::optional<std::string> redacted;  // the text with every finding masked (check --redact)
  std::string audit_id;                 // the audit record of this input, when audited
};

// Every finding of `in`, in order, wherever they are kept.
void for_each_finding(const ScannedInput& in,
                      const std::function<void(const compliance::Finding&)>& fn);
size_t finding_count(const ScannedInput& in);

struct ScanReport {
  std::vector<ScannedInput> inputs;
  compliance::Action action = compliance::Action::kAllow;  // the strongest over all inputs
  int risk = 0;                                            // the highest over all inputs
  size_t skipped = 0;  // files met while walking a directory that could not be scanned
  std::string policy_id;
  std::string policy_sha256;
  std::string tool_version;  // e.g. "0.3.0", for SARIF's tool.driver.version
};

// Each renderer writes to a stream as it goes (a report can be larger than memory should hold);
// render_* return the same bytes as a string.

// path:line:col: action rule/entity (severity) excerpt, one line per finding, then a summary.
// `colour` adds ANSI colours (a TTY without NO_COLOR).
void write_text(std::ostream& out, const ScanReport& report, bool colour = false);
std::string render_text(const ScanReport& report, bool colour = false);

// {"action", "risk", "skipped", "policy", "inputs": [{"path", "action", "risk", "findings":
// [...]}]}
void write_json(std::ostream& out, const ScanReport& report);
std::string render_json(const ScanReport& report);

// SARIF 2.1.0 (OASIS): one run, tool.driver "novacrm" with one reportingDescriptor per rule that
// produced a finding, one result per finding (level from the severity, physicalLocation with
// region startLine/startColumn/byteOffset/byteLength, message text with the masked excerpt).
// Paths are relative URIs as given ("-" becomes "stdin").
void write_sarif(std::ostream& out, const ScanReport& report);
std::string render_sarif(const ScanReport& report);

// JUnit XML: one <testsuite name="novacrm check"> with one <testcase> per input; an input whose
// decision is at or above `fail_on` (never: none) gets a <failure> listing its findings.
void write_junit(std::ostream& out, const ScanReport& report, compliance::Action fail_on,
                 bool fail_never);
std::string render_junit(const ScanReport& report, compliance::Action fail_on, bool fail_never);

}  // namespace novacrm::report
