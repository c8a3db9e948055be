// The on-disk cache of compiled Hyperscan databases: compiling a rule's patterns takes seconds,
// loading a serialized database a fraction of a millisecond (DESIGN.md, "Clarifications"). One
// file per key (SHA-256 of the patterns, their flags, hs_version() and the CPU platform) under
// $XDG_CACHE_HOME/novacrm/, written atomically. A cache problem never fails a scan: a missing,
// corrupt or foreign file is a miss, an unwritable directory means compiling every run.
#pragma once

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "compliance/prefilter/prefilter.hpp"

namespace novacrm::compliance {

struct CachedDatabase {
  std::vector<PatternFacts> facts;
  // hs_serialize_database's bytes (Hyperscan checks their CRC on load), in `storage` when loaded.
  std::string_view serialized;
  std::shared_ptr<const void> storage;  // a read-only mapping of the file
};

// Hex SHA-256 of `material` (what the database depends on).
std::string database_cache_key(std::string_view material);

// The file for `key` in `dir`.
std::filesystem::path database_cache_file(const std::filesystem::path& dir, const std::string& key);

// nullopt when the file is missing, truncated, for another key or its header checksum fails.
std::optional<CachedDatabase> load_cached_database(const std::filesystem::path& file,
                                                   const std::string& key);

// Best effort: creates the directory, writes a temporary file and renames it; false on failure.
bool store_cached_database(const std::filesystem::path& file, const std::string& key,
                           const CachedDatabase& db);

}  // namespace novacrm::compliance
