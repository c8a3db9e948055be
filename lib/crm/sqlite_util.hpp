// Helpers shared by the SQLite repositories: optional columns, and `guarded`, which turns a
// SQLite exception into a Result at the repository edge.
#pragma once

#include <SQLiteCpp/SQLiteCpp.h>

#include <optional>
#include <string>

#include "core/result.hpp"
#include "store/database.hpp"
#include "store/guarded.hpp"

namespace novacrm::crm {

inline std::optional<std::string> optional_text(const SQLite::Column& c) {
  if (c.isNull()) return std::nullopt;
  return c.getString();
}

inline void bind_optional(SQLite::Statement& q, int index, const std::optional<std::string>& v) {
  if (v) {
    q.bind(index, *v);
  } else {
    q.bind(index);
  }
}

using store::guarded;

}  // namespace novacrm::crm
