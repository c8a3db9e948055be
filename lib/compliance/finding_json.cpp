#include "compliance/finding_json.hpp"

namespace novacrm::compliance {

nlohmann::json to_json(const Finding& f) {
  return {{"rule", f.rule},
          {"entity", f.entity},
          {"severity", to_string(f.severity)},
          {"line", f.span.line},
          {"column", f.span.column},
          {"offset", f.span.begin},
          {"length", f.span.end - f.span.begin},
          {"excerpt", f.excerpt}};
}

nlohmann::json to_json(const Decision& d) {
  nlohmann::json findings = nlohmann::json::array();
  for (const Finding& f : d.findings) findings.push_back(to_json(f));
  nlohmann::json out = {{"action", to_string(d.action)},
                        {"risk", d.risk},
                        {"suppressed", d.suppressed},
                        {"findings", findings}};
  if (d.driver) out["driver"] = *d.driver;
  return out;
}

}  // namespace novacrm::compliance
