#include "compliance/finding.hpp"

#include <array>
#include <utility>

namespace novacrm::compliance {

namespace {

constexpr std::array<std::pair<Severity, std::string_view>, 5> kSeverities = {
    {{Severity::kInfo, "info"},
     {Severity::kLow, "low"},
     {Severity::kMedium, "medium"},
     {Severity::kHigh, "high"},
     {Severity::kCritical, "critical"}}};
constexpr std::array<std::pair<Action, std::string_view>, 4> kActions = {
    {{Action::kAllow, "allow"},
     {Action::kWarn, "warn"},
     {Action::kBlock, "block"},
     {Action::kEscalate, "escalate"}}};

template <typename E, size_t N>
std::string_view name_of(const std::array<std::pair<E, std::string_view>, N>& table, E value) {
  for (const auto& [v, name] : table) {
    if (v == value) return name;
  }
  return "unknown";
}

template <typename E, size_t N>
std::optional<E> value_of(const std::array<std::pair<E, std::string_view>, N>& table,
                          std::string_view name) {
  for (const auto& [v, n] : table) {
    if (n == name) return v;
  }
  return std::nullopt;
}

}  // namespace

std::string_view to_string(Severity s) { return name_of(kSeverities, s); }
std::string_view to_string(Action a) { return name_of(kActions, a); }
std::optional<Severity> parse_severity(std::string_view s) { return value_of(kSeverities, s); }
std::optional<Action> parse_action(std::string_view s) { return value_of(kActions, s); }

Span span_of(std::string_view text, size_t begin, size_t end) {
  Span span{begin, end, 1, 1, 1};
  size_t line_start = 0;
  for (size_t i = 0; i < begin && i < text.size(); ++i) {
    if (text[i] == '\n') {
      ++span.line;
      line_start = i + 1;
      span.char_column = 1;
    } else if (!is_utf8_continuation(text[i])) {
      ++span.char_column;
    }
  }
  span.column = begin - line_start + 1;
  return span;
}

}  // namespace novacrm::compliance
