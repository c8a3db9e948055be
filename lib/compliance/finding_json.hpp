// The JSON form of a finding (the same in check reports and audit records) and of a decision:
// {"rule", "entity", "severity", "line", "column", "offset", "length", "excerpt"}.
#pragma once

#include <nlohmann/json.hpp>

#include "compliance/finding.hpp"

namespace novacrm::compliance {

nlohmann::json to_json(const Finding& f);

// A decision as check reports (per input) and the HTTP check route give it:
// {"action", "risk", "suppressed", "findings": [...], "driver"?}.
nlohmann::json to_json(const Decision& d);

}  // namespace novacrm::compliance
