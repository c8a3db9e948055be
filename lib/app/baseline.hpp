// Baselines: the findings a team has accepted, so a CI can adopt `novacrm check` on an existing
// repository and fail only on new findings (`check --write-baseline F`, then `--baseline F`).
// A finding's fingerprint is SHA-256 over a version tag, the input's path, the rule, the entity
// and the matched value; the file holds fingerprints and locations, never a value. A hash of a
// low-entropy value (a phone number) can be guessed by brute force, so a baseline is as
// sensitive as the files it describes, and no more (docs/adr/0007).
#pragma once

#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "compliance/finding.hpp"
#include "core/result.hpp"

namespace novacrm::app {

std::string fingerprint(std::string_view path, const compliance::Finding& finding,
                        std::string_view value);

struct BaselineEntry {
  std::string fingerprint;
  std::string path;
  std::string rule;
  std::string entity;
  size_t line = 0;
};

// kBadInput naming the file (and what is wrong) for a missing or malformed baseline.
core::Result<std::set<std::string>> load_baseline(const std::string& file);

// Writes {"version": 1, "tool": "novacrm", "findings": [...]} atomically (sorted, one entry per
// fingerprint).
core::Status write_baseline(const std::string& file, std::vector<BaselineEntry> entries);

}  // namespace novacrm::app
