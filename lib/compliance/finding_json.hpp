// The JSON form of a finding, the same in check reports and audit records:
// {"rule", "entity", "severity", "line", "column", "offset", "length", "excerpt"}.
#pragma once

#include <nlohmann/json.hpp>

#include "compliance/finding.hpp"

namespace novacrm::compliance {

nlohmann::json to_json(const Finding& f);

}  // namespace novacrm::compliance
