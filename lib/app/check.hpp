// The check use case: gather the inputs (stdin, files, directories walked recursively), run the
// engine on each (in parallel over files), apply the baseline, and return one result per input
// in a stable order. Needs no workspace. Issue 4 adds the audit record here, so both front ends
// get it.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "app/baseline.hpp"
#include "audit/log.hpp"
#include "compliance/engine.hpp"
#include "compliance/redact.hpp"
#include "core/result.hpp"
#include "report/scan_report.hpp"

namespace novacrm::app {

struct CheckOptions {
  std::vector<std::string> paths;     // empty or "-": standard input
  std::vector<std::string> excludes;  // globs; a walked file or directory matching one is left out
  uint64_t max_file_size = 64ULL << 20;  // 0: no limit
  unsigned jobs = 0;                     // files scanned at once; 0: one per core
  // Files larger than `above` are scanned window by window, so memory stays bounded whatever
  // their size. Each window is analysed with `look_back` bytes before it (keyword-led patterns)
  // and `look_ahead` after it (a finding that starts near its end, a PEM block). The rules'
  // working memory grows with the text they get (the mass-export tokenizer most: ~19 bytes per
  // byte), so a 1 MiB window keeps a scan near 30 MB; an 8 MiB one needed ~150 MB.
  struct Streaming {
    uint64_t above = 16ULL << 20;
    size_t window = 1U << 20;
    size_t look_back = 4U << 10;
    size_t look_ahead = 64U << 10;
  };
  Streaming streaming;
  compliance::ScanContext context;
  std::optional<std::set<std::string>> baseline;  // accepted fingerprints
  bool collect_baseline = false;                  // fill CheckResult::baseline_entries
  std::optional<compliance::RedactMode> redact;   // fill ScannedInput::redacted
  std::string redact_key;                         // for RedactMode::kPseudonym
  // When set, one audit record per scanned input (inputs stored masked), appended in order in
  // one transaction after the scan.
  struct Audit {
    audit::AuditLog* log = nullptr;
    audit::Actor actor;
    std::string hmac_key;
    std::string action = "check";  // or "redact"
  };
  std::optional<Audit> audit;
};

struct CheckResult {
  report::ScanReport report;
  std::vector<BaselineEntry> baseline_entries;  // every finding the policy did not silence
  std::vector<std::string> audit_ids;           // one per input, when audited
};

struct CheckCallbacks {
  // One line per skipped file (binary, unreadable, too large, not UTF-8) met while walking.
  std::function<void(const std::string&)> notice;
  // Files scanned so far out of the total, from the scanning threads (serialised).
  std::function<void(size_t done, size_t total)> progress;
};

// A path named directly that cannot be scanned fails with kBadInput.
core::Result<CheckResult> run_check(const compliance::Engine& engine, const CheckOptions& options,
                                    const CheckCallbacks& callbacks);

}  // namespace novacrm::app
