// The outcome of a check over several inputs, and its renderings: one file per output format
// (text.cpp, json.cpp; SARIF and JUnit follow in issue 3). Renderers print only masked excerpts.
#pragma once

#include <string>
#include <vector>

#include "compliance/finding.hpp"

namespace novacrm::report {

struct ScannedInput {
  std::string path;  // "-" for standard input
  compliance::Decision decision;
};

struct ScanReport {
  std::vector<ScannedInput> inputs;
  compliance::Action action = compliance::Action::kAllow;  // the strongest over all inputs
  int risk = 0;                                            // the highest over all inputs
  size_t skipped = 0;  // files met while walking a directory that could not be scanned
};

// path:line:col: action rule/entity (severity) excerpt, one line per finding, then a summary.
std::string render_text(const ScanReport& report);

// {"action", "risk", "skipped", "inputs": [{"path", "action", "risk", "findings": [...]}]}
std::string render_json(const ScanReport& report);

}  // namespace novacrm::report
