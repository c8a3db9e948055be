// What the compliance engine reports: findings (never the raw match: only a masked excerpt) and
// the decision aggregated from them. Plain data shared by rules, engine, reports and the audit.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace novacrm::compliance {

enum class Severity { kInfo, kLow, kMedium, kHigh, kCritical };
// Ordered: allow < warn < block < escalate.
enum class Action { kAllow, kWarn, kBlock, kEscalate };

std::string_view to_string(Severity s);
std::string_view to_string(Action a);
std::optional<Severity> parse_severity(std::string_view s);
std::optional<Action> parse_action(std::string_view s);

struct Span {
  size_t begin = 0;        // byte offset of the first byte
  size_t end = 0;          // byte offset one past the last byte
  size_t line = 1;         // 1-based
  size_t column = 1;       // 1-based, in bytes from the start of the line
  size_t char_column = 1;  // 1-based, in Unicode code points (SARIF's unicodeCodePoints)
};

struct Finding {
  std::string rule;    // the rule's key, e.g. "no_pii_in_prompts"
  std::string entity;  // what was found, e.g. "email", "iban", "payment_card"
  Severity severity = Severity::kMedium;
  Span span;
  std::string excerpt;  // masked: safe to print, log and store
};

struct Decision {
  Action action = Action::kAllow;
  int risk = 0;  // 0-100
  std::vector<Finding> findings;
  std::optional<size_t> driver;  // index of the finding that set the action
  size_t suppressed = 0;  // findings silenced by an allowlist, an inline marker or a baseline
  std::string policy_id;
  std::string policy_sha256;  // hex SHA-256 of the policy file's bytes
};

// Whether `c` continues a UTF-8 sequence (10xxxxxx): code points are counted by the other bytes.
inline bool is_utf8_continuation(char c) {
  return (static_cast<unsigned char>(c) & 0xC0U) == 0x80U;
}

// Line and column of byte `offset` in `text`. O(begin): rules report offsets only (byte_span)
// and the engine locates every finding in one pass.
Span span_of(std::string_view text, size_t begin, size_t end);
inline Span byte_span(size_t begin, size_t end) { return Span{begin, end, 1, 1, 1}; }

}  // namespace novacrm::compliance
