// Where a workspace lives and what it holds, and where the cache lives. Workspace resolution
// order (DESIGN.md): --home, then NOVACRM_HOME, then $XDG_DATA_HOME/novacrm, then
// ~/.local/share/novacrm.
#pragma once

#include <filesystem>
#include <optional>
#include <string>

#include "core/result.hpp"

namespace novacrm::core {

struct WorkspacePaths {
  std::filesystem::path home;      // the workspace directory
  std::filesystem::path database;  // home / "novacrm.db"
  std::filesystem::path hmac_key;  // home / "hmac.key": 32 random bytes, 0600 (pseudonyms)
};

// `home_flag` is the value of --home when given. Fails only when nothing at all can be resolved
// (no flag, no NOVACRM_HOME, no XDG_DATA_HOME and no HOME).
Result<WorkspacePaths> resolve_workspace(const std::optional<std::string>& home_flag);

WorkspacePaths workspace_at(const std::filesystem::path& home);

// Where novacrm may cache derived data (compiled pattern databases): NOVACRM_CACHE_DIR, then
// $XDG_CACHE_HOME/novacrm, then ~/.cache/novacrm; nullopt when none is set. Never a workspace:
// deleting it only costs time.
std::optional<std::filesystem::path> resolve_cache_dir();

}  // namespace novacrm::core
