// Helpers the audit log's source files share (not part of the module's interface).
#pragma once

#include <optional>
#include <string>

#include "audit/record.hpp"

namespace novacrm::audit {

// The value of the indexed `decision` column for a record.
inline std::optional<std::string> decision_column(const AuditRecord& r) {
  if (!r.decision) return std::nullopt;
  return std::string(compliance::to_string(r.decision->action));
}

}  // namespace novacrm::audit
