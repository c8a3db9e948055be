#include "compliance/policy_codec.hpp"

#include <cstdint>
#include <vector>

#include "compliance/byte_codec.hpp"

namespace novacrm::compliance {

namespace {

using codec::put;
using codec::Reader;

constexpr uint64_t kVersion = 1;

void put_strings(std::string& out, const std::vector<std::string>& v) {
  put(out, v.size(), 4);
  for (const std::string& s : v) put(out, s);
}

bool get_strings(Reader& r, std::vector<std::string>& v) {
  uint32_t n = 0;
  if (!r.get(n)) return false;
  v.resize(0);
  for (uint32_t i = 0; i < n; ++i) {
    if (!r.get(v.emplace_back())) return false;
  }
  return true;
}

bool get_small(Reader& r, uint64_t limit, uint64_t& v) { return r.get(v, 1) && v <= limit; }

bool get_rule(Reader& r, RuleConfig& c) {
  uint64_t enabled = 0;
  uint64_t has_severity = 0;
  uint64_t severity = 0;
  uint64_t threshold = 0;
  uint32_t restrictions = 0;
  uint32_t contacts = 0;
  if (!r.get(c.key) || !get_small(r, 1, enabled) || !get_small(r, 1, has_severity) ||
      !get_small(r, static_cast<uint64_t>(Severity::kCritical), severity) ||
      !get_strings(r, c.allow_values) || !get_strings(r, c.allow_patterns) ||
      !r.get(threshold, 8) || !r.get(restrictions)) {
    return false;
  }
  c.enabled = enabled == 1;
  if (has_severity == 1) c.severity = static_cast<Severity>(severity);
  c.mass_export.threshold = static_cast<int64_t>(threshold);
  for (uint32_t i = 0; i < restrictions; ++i) {
    ScopeRestriction& s = c.scope.restrictions.emplace_back();
    if (!r.get(s.org) || !r.get(s.role) || !get_strings(r, s.topics) ||
        !get_strings(r, s.clients) || !get_strings(r, s.domains)) {
      return false;
    }
  }
  if (!r.get(contacts)) return false;
  for (uint32_t i = 0; i < contacts; ++i) {
    ContactTerms& t = c.contacts.emplace_back();
    if (!r.get(t.full_name) || !r.get(t.email) || !r.get(t.phone)) return false;
  }
  return true;
}

}  // namespace

std::string encode_policy(const Policy& p) {
  std::string out;
  put(out, kVersion, 1);
  put(out, p.id);
  put(out, p.description);
  put(out, p.source);
  put(out, p.sha256);
  for (const Action a : p.actions) put(out, static_cast<uint64_t>(a), 1);
  put(out, p.inline_marker ? 1 : 0, 1);
  put(out, static_cast<uint64_t>(p.checkpoint_interval), 8);
  put(out, p.rules.size(), 4);
  for (const RuleConfig& c : p.rules) {
    put(out, c.key);
    put(out, c.enabled ? 1 : 0, 1);
    put(out, c.severity ? 1 : 0, 1);
    put(out, static_cast<uint64_t>(c.severity.value_or(Severity::kInfo)), 1);
    put_strings(out, c.allow_values);
    put_strings(out, c.allow_patterns);
    put(out, static_cast<uint64_t>(c.mass_export.threshold), 8);
    put(out, c.scope.restrictions.size(), 4);
    for (const ScopeRestriction& s : c.scope.restrictions) {
      put(out, s.org);
      put(out, s.role);
      put_strings(out, s.topics);
      put_strings(out, s.clients);
      put_strings(out, s.domains);
    }
    put(out, c.contacts.size(), 4);
    for (const ContactTerms& t : c.contacts) {
      put(out, t.full_name);
      put(out, t.email);
      put(out, t.phone);
    }
  }
  return out;
}

std::optional<Policy> decode_policy(std::string_view bytes) {
  Reader r(bytes, 0);
  Policy p;
  uint64_t version = 0;
  uint64_t inline_marker = 0;
  uint64_t interval = 0;
  uint32_t rules = 0;
  if (!r.get(version, 1) || version != kVersion || !r.get(p.id) || !r.get(p.description) ||
      !r.get(p.source) || !r.get(p.sha256)) {
    return std::nullopt;
  }
  for (Action& a : p.actions) {
    uint64_t v = 0;
    if (!get_small(r, static_cast<uint64_t>(Action::kEscalate), v)) return std::nullopt;
    a = static_cast<Action>(v);
  }
  if (!get_small(r, 1, inline_marker) || !r.get(interval, 8) || !r.get(rules)) {
    return std::nullopt;
  }
  p.inline_marker = inline_marker == 1;
  p.checkpoint_interval = static_cast<int64_t>(interval);
  for (uint32_t i = 0; i < rules; ++i) {
    if (!get_rule(r, p.rules.emplace_back())) return std::nullopt;
  }
  if (!r.done()) return std::nullopt;
  return p;
}

}  // namespace novacrm::compliance
