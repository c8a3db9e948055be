#include "compliance/detector_rule.hpp"

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <map>
#include <mutex>
#include <utility>
#include <vector>

#include "compliance/prefilter/prefilter.hpp"
#include "compliance/regex.hpp"
#include "compliance/snapshot.hpp"
#include "core/workspace_paths.hpp"

namespace novacrm::compliance {

namespace {

struct Row {
  const Detector* detector;
  Regex regex;
  // Every match contains one of these (required_literals); empty: no such guarantee.
  std::vector<std::string> literals;
};

// Whether [begin, end) overlaps one of the disjoint ranges in `taken`: only the range starting
// last before `end` can (disjoint ranges sorted by begin are sorted by end too).
bool overlaps_taken(const std::map<size_t, size_t>& taken, size_t begin, size_t end) {
  auto it = taken.lower_bound(end);
  if (it == taken.begin()) return false;
  --it;
  return it->second > begin;
}

class DetectorRule final : public Rule {
 public:
  DetectorRule(const char* key, std::vector<Row> rows, std::vector<std::string> patterns,
               MatchingOptions options)
      : key_(key),
        rows_(std::move(rows)),
        patterns_(std::move(patterns)),
        options_(std::move(options)) {}

  [[nodiscard]] std::string_view key() const override { return key_; }

  [[nodiscard]] std::vector<std::string> patterns() const override { return patterns_; }

  void analyze(std::string_view text, const ScanContext& /*context*/,
               std::vector<Finding>& out) const override {
    const Prefilter* prefilter = prefilter_for(text);
    std::vector<PatternHits> hits;
    const bool prefiltered = prefilter != nullptr && prefilter->scan(text, hits);
    // Without Hyperscan (a short text), a row whose required literals are all absent cannot
    // match: its pattern is neither compiled nor run. Most secret kinds have such a prefix.
    std::string folded;
    if (!prefiltered && options_.prefilter) folded = fold_for_literals(text);
    const auto absent = [&](const Row& row) {
      if (!options_.prefilter || row.literals.empty()) return false;
      return std::none_of(row.literals.begin(), row.literals.end(), [&](const std::string& l) {
        return folded.find(l) != std::string::npos;
      });
    };
    // Accepted findings' byte ranges, disjoint, by begin: the overlap test is one lookup.
    std::map<size_t, size_t> taken;
    for (size_t i = 0; i < rows_.size(); ++i) {
      const Detector* detector = rows_[i].detector;
      const auto on_match = [&](size_t begin, size_t end) {
        const std::string_view value = text.substr(begin, end - begin);
        if (detector->validate != nullptr && !detector->validate(value)) return;
        if (overlaps_taken(taken, begin, end)) return;
        const Span span = byte_span(begin, end);  // the engine locates findings in one pass
        taken.emplace(begin, end);
        out.push_back(Finding{std::string(key_), detector->entity, detector->severity, span,
                              detector->mask(value)});
      };
      const Regex& regex = rows_[i].regex;
      if (!prefiltered) {
        if (!absent(rows_[i])) regex.for_each_match(text, on_match);
      } else if (!prefilter->facts(i).scanned || hits[i].everywhere) {
        regex.for_each_match(text, on_match);
      } else if (!hits[i].ends.empty()) {
        const PatternFacts& facts = prefilter->facts(i);
        const auto ranges = start_ranges(text, hits[i].ends, facts.max_width, facts.line_bounded);
        regex.for_each_match_starting_in(text, ranges, on_match);
      }
    }
  }

 private:
  // The prefilter, loaded (or compiled) once options_.prefilter_after_bytes of text have been
  // analysed; nullptr before, or when disabled.
  const Prefilter* prefilter_for(std::string_view text) const {
    if (!options_.prefilter) return nullptr;
    const size_t seen = bytes_seen_.fetch_add(text.size()) + text.size();
    if (seen < options_.prefilter_after_bytes) return nullptr;
    std::call_once(prefilter_once_,
                   [this] { prefilter_ = Prefilter::build(patterns_, options_.cache_dir); });
    return prefilter_.get();
  }

  const char* key_;
  std::vector<Row> rows_;
  std::vector<std::string> patterns_;
  MatchingOptions options_;
  mutable std::atomic<size_t> bytes_seen_{0};
  mutable std::once_flag prefilter_once_;
  mutable std::unique_ptr<Prefilter> prefilter_;  // written once, under prefilter_once_
};

// The snapshot's literals (computed at build time), else required_literals now.
std::vector<std::string> literals_of(std::string_view pattern) {
  auto stored = snapshot::literals(pattern);
  return stored ? std::move(*stored) : required_literals(pattern);
}

}  // namespace

MatchingOptions MatchingOptions::from_environment() {
  MatchingOptions o;
  const char* off = std::getenv("NOVACRM_NO_PREFILTER");
  o.prefilter = off == nullptr || std::string_view(off) != "1";
  o.cache_dir = core::resolve_cache_dir();
  return o;
}

core::Result<std::unique_ptr<Rule>> make_detector_rule(const char* key,
                                                       std::span<const Detector> detectors,
                                                       const MatchingOptions& options) {
  std::vector<Row> rows;
  std::vector<std::string> patterns;
  rows.reserve(detectors.size());
  for (const Detector& d : detectors) {
    rows.push_back(Row{&d, Regex::builtin(d.pattern, std::string(key) + "." + d.entity),
                       literals_of(d.pattern)});
    patterns.emplace_back(d.pattern);
  }
  return std::unique_ptr<Rule>(
      std::make_unique<DetectorRule>(key, std::move(rows), std::move(patterns), options));
}

}  // namespace novacrm::compliance
