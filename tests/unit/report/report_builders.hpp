// Builders of hand-made findings and inputs for the renderers' tests.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "report/scan_report.hpp"

namespace novacrm::report::testing {

inline compliance::Finding finding(std::string rule, std::string entity,
                                   compliance::Severity severity, size_t line, size_t column,
                                   std::string excerpt) {
  compliance::Finding f;
  f.rule = std::move(rule);
  f.entity = std::move(entity);
  f.severity = severity;
  f.span = {0, 1, line, column, column};
  f.excerpt = std::move(excerpt);
  return f;
}

inline ScannedInput input(std::string path, compliance::Action action, int risk,
                          std::vector<compliance::Finding> findings) {
  ScannedInput in;
  in.path = std::move(path);
  in.decision.action = action;
  in.decision.risk = risk;
  in.decision.findings = std::move(findings);
  return in;
}

}  // namespace novacrm::report::testing
