// scan_record: what `audit verify` needs of a stored record, read with the strict scanner of
// record_scan.cpp (object_members, find, decode_string) and no DOM.
#include <charconv>

#include "audit/record_scan.hpp"
#include "compliance/finding.hpp"

namespace novacrm::audit::scan {

namespace {

std::optional<std::string> string_of(const std::vector<Member>& members, std::string_view key) {
  const Member* m = find(members, key);
  if (m == nullptr) return std::nullopt;
  return decode_string(m->value);
}

bool is_object(const Member* m) { return m != nullptr && m->value.front() == '{'; }
bool is_null_or_object(const Member* m) {
  return m != nullptr && (m->value == "null" || m->value.front() == '{');
}

}  // namespace

std::optional<RecordView> scan_record(std::string_view text) {
  auto members = object_members(text);
  if (!members) return std::nullopt;
  RecordView r;
  const Member* seq = find(*members, "seq");
  if (seq == nullptr) return std::nullopt;
  {
    std::string_view v = seq->value;
    const auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), r.seq);
    if (ec != std::errc() || end != v.data() + v.size()) return std::nullopt;  // integers only
  }
  auto id = string_of(*members, "id");
  auto time = string_of(*members, "time");
  auto action = string_of(*members, "action");
  auto request_id = string_of(*members, "request_id");
  auto prev_hash = string_of(*members, "prev_hash");
  auto hash = string_of(*members, "hash");
  if (!id || !time || !action || !request_id || !prev_hash || !hash) return std::nullopt;
  r.id = std::move(*id);
  r.time = std::move(*time);
  r.action = std::move(*action);
  r.prev_hash = std::move(*prev_hash);
  r.hash = std::move(*hash);

  const Member* actor = find(*members, "actor");
  if (!is_object(actor)) return std::nullopt;
  auto actor_members = object_members(actor->value);
  if (!actor_members) return std::nullopt;
  auto subject = string_of(*actor_members, "subject");
  auto role = string_of(*actor_members, "role");
  auto org = string_of(*actor_members, "org");
  if (!subject || !role || !org) return std::nullopt;
  r.subject = std::move(*subject);
  r.org = std::move(*org);

  if (!is_object(find(*members, "details")) || !is_null_or_object(find(*members, "policy")) ||
      !is_null_or_object(find(*members, "input"))) {
    return std::nullopt;
  }
  const Member* decision = find(*members, "decision");
  if (!is_null_or_object(decision)) return std::nullopt;
  if (decision->value != "null") {
    auto d = object_members(decision->value);
    if (!d) return std::nullopt;
    auto a = string_of(*d, "action");
    if (!a || !compliance::parse_action(*a)) return std::nullopt;
    r.decision = std::move(*a);
  }

  // The cut: the "hash" member and the comma after it, or before it when it is the last one.
  size_t i = 0;
  while (&(*members)[i] != find(*members, "hash")) ++i;
  const Member& h = (*members)[i];
  if (i + 1 < members->size()) {
    r.hashed_head = text.substr(0, h.begin);
    r.hashed_tail = text.substr((*members)[i + 1].begin);
  } else if (i > 0) {
    r.hashed_head = text.substr(0, (*members)[i - 1].end);
    r.hashed_tail = text.substr(h.end);
  } else {
    return std::nullopt;
  }
  return r;
}

}  // namespace novacrm::audit::scan
