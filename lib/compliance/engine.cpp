#include "compliance/engine.hpp"

#include <algorithm>
#include <cctype>

#include "core/text.hpp"

namespace novacrm::compliance {

namespace {

constexpr std::array<int, 5> kRiskBySeverity = {5, 20, 45, 75, 95};
constexpr std::string_view kMarker = "novacrm:allow";

size_t index_of(Severity s) { return static_cast<size_t>(s); }

// The line holding bytes [begin, end) of `text` (a finding's span may cross lines: all of them).
std::string_view lines_of(std::string_view text, size_t begin, size_t end) {
  const size_t from = begin == 0 ? 0 : text.rfind('\n', begin - 1);
  const size_t start = from == std::string_view::npos || begin == 0 ? 0 : from + 1;
  const size_t stop = std::min(text.size(), text.find('\n', end == 0 ? 0 : end - 1));
  return text.substr(start, stop - start);
}

// `novacrm:allow` on the finding's line silences every rule; `novacrm:allow(a,b)` only those.
bool marker_silences(std::string_view line, std::string_view rule) {
  for (size_t at = line.find(kMarker); at != std::string_view::npos;
       at = line.find(kMarker, at + 1)) {
    const size_t after = at + kMarker.size();
    if (after >= line.size()) return true;
    const auto next = static_cast<unsigned char>(line[after]);
    if (std::isalnum(next) != 0 || next == '_' || next == '-' || next >= 0x80) continue;
    if (next != '(') return true;
    const size_t close = line.find(')', after);
    if (close == std::string_view::npos) continue;
    for (const std::string& name : core::split(line.substr(after + 1, close - after - 1), ',')) {
      if (core::trim(name) == rule) return true;
    }
  }
  return false;
}

// Sets line and column of findings sorted by offset, in one pass: rules report byte offsets, and
// locating each finding from the start of the text would cost O(text) per finding.
void locate(std::string_view text, std::vector<std::pair<size_t, Finding>>& sorted) {
  size_t pos = 0;
  size_t line = 1;
  size_t line_start = 0;
  size_t chars = 0;  // code points between line_start and pos
  for (auto& entry : sorted) {
    Span& s = entry.second.span;
    const size_t target = std::min(s.begin, text.size());
    for (; pos < target; ++pos) {
      if (text[pos] == '\n') {
        ++line;
        line_start = pos + 1;
        chars = 0;
      } else if (!is_utf8_continuation(text[pos])) {
        ++chars;
      }
    }
    s.line = line;
    s.column = target - line_start + 1;
    s.char_column = chars + 1;
  }
}

}  // namespace

std::vector<std::pair<std::string, std::string>> Engine::patterns() const {
  std::vector<std::pair<std::string, std::string>> out;
  for (const Entry& e : rules_) {
    for (std::string& p : e.rule->patterns()) out.emplace_back(e.rule->key(), std::move(p));
  }
  return out;
}

int risk_weight(Severity s) { return kRiskBySeverity[index_of(s)]; }

core::Result<Engine> Engine::from_policy(const Policy& policy, const RuleRegistry& registry) {
  Engine e;
  e.actions_ = policy.actions;
  e.inline_marker_ = policy.inline_marker;
  e.policy_id_ = policy.id;
  e.policy_sha256_ = policy.sha256;
  for (const RuleConfig& config : policy.rules) {
    if (!config.enabled) continue;
    auto rule = registry.create(config);
    if (!rule) return rule.error();
    Entry entry{std::move(rule).value(), config.severity, {}, {}};
    for (const std::string& v : config.allow_values) {
      entry.allow_values.push_back(core::to_lower_ascii(v));
    }
    for (size_t i = 0; i < config.allow_patterns.size(); ++i) {
      auto re = Regex::compile(config.allow_patterns[i],
                               config.key + ".allow.patterns[" + std::to_string(i) + "]");
      if (!re) return re.error();
      entry.allow_patterns.push_back(std::move(re).value());
    }
    e.rules_.push_back(std::move(entry));
  }
  return e;
}

core::Result<Engine> Engine::with_builtin_rules() {
  auto policy = builtin_policy();
  if (!policy) return policy.error();
  return from_policy(*policy);
}

std::string Engine::exception_for(const Entry& entry, const Finding& f, std::string_view text,
                                  bool markers) {
  const std::string_view value = text.substr(f.span.begin, f.span.end - f.span.begin);
  if (!entry.allow_values.empty()) {
    const std::string lower = core::to_lower_ascii(value);
    for (const std::string& v : entry.allow_values) {
      if (v == lower) return "allowlisted value";
    }
  }
  for (size_t i = 0; i < entry.allow_patterns.size(); ++i) {
    if (entry.allow_patterns[i].search(value)) {
      return "allowlist pattern " + std::to_string(i + 1);
    }
  }
  if (markers && marker_silences(lines_of(text, f.span.begin, f.span.end), f.rule)) {
    return "inline marker";
  }
  return {};
}

core::Result<Decision> Engine::analyze(std::string_view text, const ScanContext& context,
                                       const SuppressFn* suppress) const {
  return analyze(text, context, suppress, nullptr);
}

core::Result<Decision> Engine::analyze(std::string_view text, const ScanContext& context,
                                       const SuppressFn* suppress,
                                       std::vector<Suppression>* suppressed) const {
  if (!core::is_valid_utf8(text)) return core::bad_input("input", "is not valid UTF-8");
  Decision d;
  d.policy_id = policy_id_;
  d.policy_sha256 = policy_sha256_;
  // Every rule's findings, tagged with the rule's entry, located in one pass over the text.
  std::vector<std::pair<size_t, Finding>> all;
  std::vector<Finding> found;
  for (size_t r = 0; r < rules_.size(); ++r) {
    found.clear();
    rules_[r].rule->analyze(text, context, found);
    for (Finding& f : found) {
      if (rules_[r].severity) f.severity = *rules_[r].severity;
      all.emplace_back(r, std::move(f));
    }
  }
  std::stable_sort(all.begin(), all.end(), [](const auto& a, const auto& b) {
    return a.second.span.begin < b.second.span.begin;
  });
  locate(text, all);
  const bool markers = inline_marker_ && text.find(kMarker) != std::string_view::npos;
  for (auto& [r, f] : all) {
    std::string reason = exception_for(rules_[r], f, text, markers);
    if (reason.empty() && suppress != nullptr && *suppress &&
        (*suppress)(f, text.substr(f.span.begin, f.span.end - f.span.begin))) {
      reason = "baseline";
    }
    if (reason.empty()) {
      d.findings.push_back(std::move(f));
      continue;
    }
    ++d.suppressed;
    if (suppressed != nullptr) suppressed->push_back({std::move(f), std::move(reason)});
  }
  decide(d);
  return d;
}

void Engine::decide(Decision& d) const {
  std::stable_sort(d.findings.begin(), d.findings.end(),
                   [](const Finding& a, const Finding& b) { return a.span.begin < b.span.begin; });
  Tally tally(*this);
  for (const Finding& f : d.findings) tally.add(f);
  tally.apply(d);
}

void Engine::Tally::add(const Finding& f) {
  const Action a = actions_[index_of(f.severity)];
  if (!driver_ || a > action_) {
    action_ = std::max(action_, a);
    driver_ = count_;
  }
  top_ = std::max(top_, risk_weight(f.severity));
  ++count_;
}

void Engine::Tally::apply(Decision& d) const {
  d.action = action_;
  d.driver = driver_;
  d.risk = 0;
  if (count_ > 0) {
    const auto extra = static_cast<int>(std::min<size_t>(count_ - 1, 100)) * kRiskPerExtraFinding;
    d.risk = std::min(100, top_ + extra);
  }
}

}  // namespace novacrm::compliance
