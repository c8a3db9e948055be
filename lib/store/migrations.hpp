// The forward-only schema migrations, in order. Version N is migrations()[N-1]. A migration is
// never edited once released: a change to the schema is a new entry at the end.
#pragma once

#include <string_view>
#include <vector>

namespace novacrm::store {

struct Migration {
  int version;
  std::string_view name;
  std::string_view sql;
};

const std::vector<Migration>& migrations();

inline int latest_schema_version() { return static_cast<int>(migrations().size()); }

}  // namespace novacrm::store
