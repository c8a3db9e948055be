#include "compliance/detector_rule.hpp"

#include <utility>
#include <vector>

#include "compliance/regex.hpp"

namespace novacrm::compliance {

namespace {

class DetectorRule final : public Rule {
 public:
  DetectorRule(const char* key, std::vector<std::pair<const Detector*, Regex>> compiled)
      : key_(key), compiled_(std::move(compiled)) {}

  [[nodiscard]] std::string_view key() const override { return key_; }

  [[nodiscard]] std::vector<std::string> patterns() const override {
    std::vector<std::string> out;
    for (const auto& entry : compiled_) out.emplace_back(entry.first->pattern);
    return out;
  }

  void analyze(std::string_view text, const ScanContext& /*context*/,
               std::vector<Finding>& out) const override {
    std::vector<Span> taken;
    for (const auto& entry : compiled_) {
      // Not a structured binding: clang 14 (clang-tidy) cannot capture those in a lambda.
      const Detector* detector = entry.first;
      const Regex& regex = entry.second;
      regex.for_each_match(text, [&](size_t begin, size_t end) {
        const std::string_view value = text.substr(begin, end - begin);
        if (detector->validate != nullptr && !detector->validate(value)) return;
        for (const Span& t : taken) {
          if (begin < t.end && t.begin < end) return;
        }
        Span span = span_of(text, begin, end);
        taken.push_back(span);
        out.push_back(Finding{std::string(key_), detector->entity, detector->severity, span,
                              detector->mask(value)});
      });
    }
  }

 private:
  const char* key_;
  std::vector<std::pair<const Detector*, Regex>> compiled_;
};

}  // namespace

core::Result<std::unique_ptr<Rule>> make_detector_rule(const char* key,
                                                       std::span<const Detector> detectors) {
  std::vector<std::pair<const Detector*, Regex>> compiled;
  compiled.reserve(detectors.size());
  for (const Detector& d : detectors) {
    auto re = Regex::compile(d.pattern, std::string(key) + "." + d.entity);
    if (!re) return re.error();
    compiled.emplace_back(&d, std::move(re).value());
  }
  return std::unique_ptr<Rule>(std::make_unique<DetectorRule>(key, std::move(compiled)));
}

}  // namespace novacrm::compliance
