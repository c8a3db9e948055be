#include "core/workspace_paths.hpp"

#include <cstdlib>

namespace novacrm::core {

namespace {

std::optional<std::string> env(const char* name) {
  const char* v = std::getenv(name);
  if (v == nullptr || *v == '\0') return std::nullopt;
  return std::string(v);
}

}  // namespace

WorkspacePaths workspace_at(const std::filesystem::path& home) {
  return WorkspacePaths{home, home / "novacrm.db", home / "hmac.key"};
}

Result<WorkspacePaths> resolve_workspace(const std::optional<std::string>& home_flag) {
  if (home_flag && !home_flag->empty()) return workspace_at(*home_flag);
  if (auto h = env("NOVACRM_HOME")) return workspace_at(*h);
  if (auto x = env("XDG_DATA_HOME")) return workspace_at(std::filesystem::path(*x) / "novacrm");
  if (auto h = env("HOME"))
    return workspace_at(std::filesystem::path(*h) / ".local" / "share" / "novacrm");
  return workspace_unavailable("--home",
                               "no workspace location: set --home, NOVACRM_HOME or XDG_DATA_HOME");
}

std::optional<std::filesystem::path> resolve_cache_dir() {
  if (auto c = env("NOVACRM_CACHE_DIR")) return std::filesystem::path(*c);
  if (auto x = env("XDG_CACHE_HOME")) return std::filesystem::path(*x) / "novacrm";
  if (auto h = env("HOME")) return std::filesystem::path(*h) / ".cache" / "novacrm";
  return std::nullopt;
}

}  // namespace novacrm::core
