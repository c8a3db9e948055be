// The check use case: gather the inputs (stdin, files, directories walked recursively), run the
// engine on each, and return one result per input. Needs no workspace. Issue 4 adds the audit
// record here, so both front ends get it.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "compliance/engine.hpp"
#include "core/result.hpp"
#include "report/scan_report.hpp"

namespace novacrm::app {

struct CheckOptions {
  std::vector<std::string> paths;        // empty or "-": standard input
  uint64_t max_file_size = 64ULL << 20;  // 0: no limit
  compliance::ScanContext context;
};

// `notice` receives one line per skipped file (binary, unreadable, too large, not UTF-8) met
// while walking a directory. A path named directly that cannot be scanned fails with kBadInput.
core::Result<report::ScanReport> run_check(const compliance::Engine& engine,
                                           const CheckOptions& options,
                                           const std::function<void(const std::string&)>& notice);

}  // namespace novacrm::app
