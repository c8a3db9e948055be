// The outcome of a check over several inputs, and its renderings: one file per output format
// (text.cpp, json.cpp, sarif.cpp, junit.cpp). Renderers print only masked excerpts.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "compliance/finding.hpp"

namespace novacrm::report {

struct ScannedInput {
  std::string path;  // "-" for standard input
  compliance::Decision decision;
  std::optional<std::string> redacted;  // the text with every finding masked (check --redact)
  std::string audit_id;                 // the audit record of this input, when audited
};

struct ScanReport {
  std::vector<ScannedInput> inputs;
  compliance::Action action = compliance::Action::kAllow;  // the strongest over all inputs
  int risk = 0;                                            // the highest over all inputs
  size_t skipped = 0;  // files met while walking a directory that could not be scanned
  std::string policy_id;
  std::string policy_sha256;
  std::string tool_version;  // e.g. "0.3.0", for SARIF's tool.driver.version
};

// path:line:col: action rule/entity (severity) excerpt, one line per finding, then a summary.
// `colour` adds ANSI colours (a TTY without NO_COLOR).
std::string render_text(const ScanReport& report, bool colour = false);

// {"action", "risk", "skipped", "policy", "inputs": [{"path", "action", "risk", "findings":
// [...]}]}
std::string render_json(const ScanReport& report);

// SARIF 2.1.0 (OASIS): one run, tool.driver "novacrm" with one reportingDescriptor per rule that
// produced a finding, one result per finding (level from the severity, physicalLocation with
// region startLine/startColumn/byteOffset/byteLength, message text with the masked excerpt).
// Paths are relative URIs as given ("-" becomes "stdin").
std::string render_sarif(const ScanReport& report);

// JUnit XML: one <testsuite name="novacrm check"> with one <testcase> per input; an input whose
// decision is at or above `fail_on` (never: none) gets a <failure> listing its findings.
std::string render_junit(const ScanReport& report, compliance::Action fail_on, bool fail_never);

}  // namespace novacrm::report
