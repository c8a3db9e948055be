// `guarded` turns a SQLite exception into a Result at a repository's edge (the store and every
// module that keeps tables in it).
#pragma once

#include <SQLiteCpp/SQLiteCpp.h>

#include <string>

#include "core/result.hpp"
#include "store/database.hpp"

namespace novacrm::store {

template <typename T, typename F>
core::Result<T> guarded(Database& db, const std::string& what, F&& body) {
  try {
    return body();
  } catch (const SQLite::Exception& e) {
    return to_error(e, what, db.path());
  }
}

}  // namespace novacrm::store
