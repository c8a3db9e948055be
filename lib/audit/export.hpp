// `audit export`: a range of the trail written for cron jobs and offline verification
// (docs/adr/0008). The file is written under a temporary name in the same directory, fsynced,
// renamed and the directory fsynced; the cursor file moves (atomically, the same way) only after
// that, so a killed run leaves no partial export and no moved cursor. Every export signs a
// checkpoint at its last record. json and ndjson are bundles that `verify_bundle` checks with only
// the public key; csv is a flat table for spreadsheets and carries no proof material.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

#include "audit/log.hpp"
#include "core/result.hpp"

namespace novacrm::audit {

inline constexpr std::string_view kBundleFormat = "novacrm-audit-bundle/1";

enum class ExportFormat { kNdjson, kJson, kCsv };

struct ExportOptions {
  std::filesystem::path out;
  ExportFormat format = ExportFormat::kNdjson;
  std::optional<std::string> since;  // RFC 3339, inclusive
  std::optional<std::string> until;  // RFC 3339, exclusive
  std::optional<std::filesystem::path> cursor_file;
};

struct ExportSummary {
  int64_t first = 0;  // first exported sequence number
  int64_t last = 0;   // last one; last < first when nothing was new
  StoredCheckpoint checkpoint;
};

// The last exported sequence number in a cursor file (0 when the file does not exist).
core::Result<int64_t> read_cursor(const std::filesystem::path& path);

core::Result<ExportSummary> export_trail(AuditLog& log, const ExportOptions& options);

}  // namespace novacrm::audit
