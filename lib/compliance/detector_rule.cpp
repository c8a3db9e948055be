#include "compliance/detector_rule.hpp"

#include <cstdlib>
#include <utility>
#include <vector>

#include "compliance/prefilter/prefilter.hpp"
#include "compliance/regex.hpp"
#include "core/workspace_paths.hpp"

namespace novacrm::compliance {

namespace {

struct Row {
  const Detector* detector;
  Regex regex;
};

class DetectorRule final : public Rule {
 public:
  DetectorRule(const char* key, std::vector<Row> rows, std::unique_ptr<Prefilter> prefilter)
      : key_(key), rows_(std::move(rows)), prefilter_(std::move(prefilter)) {}

  [[nodiscard]] std::string_view key() const override { return key_; }

  void analyze(std::string_view text, const ScanContext& /*context*/,
               std::vector<Finding>& out) const override {
    std::vector<std::vector<size_t>> ends;
    const bool prefiltered = prefilter_ != nullptr && prefilter_->scan(text, ends);
    std::vector<Span> taken;
    for (size_t i = 0; i < rows_.size(); ++i) {
      const Detector* detector = rows_[i].detector;
      const auto on_match = [&](size_t begin, size_t end) {
        const std::string_view value = text.substr(begin, end - begin);
        if (detector->validate != nullptr && !detector->validate(value)) return;
        for (const Span& t : taken) {
          if (begin < t.end && t.begin < end) return;
        }
        Span span = span_of(text, begin, end);
        taken.push_back(span);
        out.push_back(Finding{std::string(key_), detector->entity, detector->severity, span,
                              detector->mask(value)});
      };
      const Regex& regex = rows_[i].regex;
      if (!prefiltered || !prefilter_->facts(i).scanned) {
        regex.for_each_match(text, on_match);
      } else if (!ends[i].empty()) {
        const PatternFacts& facts = prefilter_->facts(i);
        const auto ranges = start_ranges(text, ends[i], facts.max_width, facts.line_bounded);
        regex.for_each_match_starting_in(text, ranges, on_match);
      }
    }
  }

 private:
  const char* key_;
  std::vector<Row> rows_;
  std::unique_ptr<Prefilter> prefilter_;  // nullptr: PCRE2 only
};

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
    auto re = Regex::compile(d.pattern, std::string(key) + "." + d.entity);
    if (!re) return re.error();
    rows.push_back(Row{&d, std::move(re).value()});
    patterns.emplace_back(d.pattern);
  }
  std::unique_ptr<Prefilter> prefilter;
  if (options.prefilter) prefilter = Prefilter::build(patterns, options.cache_dir);
  return std::unique_ptr<Rule>(
      std::make_unique<DetectorRule>(key, std::move(rows), std::move(prefilter)));
}

}  // namespace novacrm::compliance
