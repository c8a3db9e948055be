#include "audit/record.hpp"

#include <nlohmann/json.hpp>

#include "compliance/finding_json.hpp"
#include "compliance/redact.hpp"
#include "core/hash.hpp"
#include "core/text.hpp"

namespace novacrm::audit {

using nlohmann::json;

namespace {

// The largest prefix of at most `max` bytes that does not cut a UTF-8 sequence.
std::string_view utf8_prefix(std::string_view s, size_t max) {
  if (s.size() <= max) return s;
  size_t n = max;
  while (n > 0 && (static_cast<unsigned char>(s[n]) & 0xC0) == 0x80) --n;
  return s.substr(0, n);
}

}  // namespace

// Reads records back from JSON (Input's fields are private to keep callers from building one).
struct RecordCodec {
  static json to_json(const AuditRecord& r) {
    json j = {
        {"seq", r.seq},
        {"id", r.id},
        {"time", r.time},
        {"actor", {{"subject", r.actor.subject}, {"role", r.actor.role}, {"org", r.actor.org}}},
        {"action", r.action},
        {"request_id", r.request_id},
        {"details", json::parse(r.details.empty() ? "{}" : r.details)},
        {"prev_hash", r.prev_hash}};
    j["policy"] = r.policy ? json{{"id", r.policy->id}, {"sha256", r.policy->sha256}} : json();
    if (r.decision) {
      json findings = json::array();
      for (const auto& f : r.decision->findings) findings.push_back(compliance::to_json(f));
      j["decision"] = {{"action", compliance::to_string(r.decision->action)},
                       {"risk", r.decision->risk},
                       {"findings", findings}};
    } else {
      j["decision"] = nullptr;
    }
    if (r.input) {
      j["input"] = {{"masked", r.input->masked_},
                    {"size", r.input->size_},
                    {"truncated", r.input->truncated_},
                    {"hmac", r.input->hmac_}};
    } else {
      j["input"] = nullptr;
    }
    return j;
  }

  static AuditRecord from_json(const json& j) {
    AuditRecord r;
    r.seq = j.at("seq").get<int64_t>();
    r.id = j.at("id").get<std::string>();
    r.time = j.at("time").get<std::string>();
    const json& a = j.at("actor");
    r.actor = {a.at("subject").get<std::string>(), a.at("role").get<std::string>(),
               a.at("org").get<std::string>()};
    r.action = j.at("action").get<std::string>();
    r.request_id = j.at("request_id").get<std::string>();
    r.details = j.at("details").dump();
    r.prev_hash = j.at("prev_hash").get<std::string>();
    if (j.contains("hash")) r.hash = j.at("hash").get<std::string>();
    if (!j.at("policy").is_null()) {
      r.policy = PolicyRef{j["policy"].at("id").get<std::string>(),
                           j["policy"].at("sha256").get<std::string>()};
    }
    if (!j.at("decision").is_null()) {
      const json& d = j["decision"];
      DecisionSummary s;
      s.action = compliance::parse_action(d.at("action").get<std::string>()).value();
      s.risk = d.at("risk").get<int>();
      for (const json& f : d.at("findings")) {
        compliance::Finding finding;
        finding.rule = f.at("rule").get<std::string>();
        finding.entity = f.at("entity").get<std::string>();
        finding.severity = compliance::parse_severity(f.at("severity").get<std::string>()).value();
        finding.span.line = f.at("line").get<size_t>();
        finding.span.column = f.at("column").get<size_t>();
        finding.span.begin = f.at("offset").get<size_t>();
        finding.span.end = finding.span.begin + f.at("length").get<size_t>();
        finding.excerpt = f.at("excerpt").get<std::string>();
        s.findings.push_back(std::move(finding));
      }
      r.decision = std::move(s);
    }
    if (!j.at("input").is_null()) {
      const json& in = j["input"];
      Input input;
      input.masked_ = in.at("masked").get<std::string>();
      input.size_ = in.at("size").get<uint64_t>();
      input.truncated_ = in.at("truncated").get<bool>();
      input.hmac_ = in.at("hmac").get<std::string>();
      r.input = std::move(input);
    }
    return r;
  }
};

core::Result<Input> capture_input(std::string_view raw,
                                  const std::vector<compliance::Finding>& findings,
                                  std::string_view hmac_key) {
  auto masked = compliance::redact(raw, findings, compliance::RedactMode::kMask);
  if (!masked) return masked.error();
  Input in;
  const std::string_view prefix = utf8_prefix(*masked, kMaxStoredInput);
  in.truncated_ = prefix.size() < masked->size();
  in.masked_ = std::string(prefix);
  in.size_ = raw.size();
  in.hmac_ = core::hmac_sha256_hex(hmac_key, {raw});
  return in;
}

std::string canonical_json(const AuditRecord& r) {
  // nlohmann's objects are std::maps: keys come out sorted by bytes; dump() adds no whitespace.
  return RecordCodec::to_json(r).dump(-1, ' ', false, json::error_handler_t::replace);
}

std::string record_json(const AuditRecord& r) {
  json j = RecordCodec::to_json(r);
  j["hash"] = r.hash;
  return j.dump(-1, ' ', false, json::error_handler_t::replace);
}

std::string compute_hash(const AuditRecord& r) { return core::sha256_hex(canonical_json(r)); }

core::Result<AuditRecord> parse_record(std::string_view text) {
  const json j = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded() || !j.is_object()) {
    return core::Error{core::ErrorCode::kIntegrity, "is not a JSON object", "audit record"};
  }
  try {
    return RecordCodec::from_json(j);
  } catch (const std::exception& e) {  // json type errors, a missing field, a bad enum value
    return core::Error{core::ErrorCode::kIntegrity, "malformed record: missing or mistyped field",
                       "audit record"};
  }
}

}  // namespace novacrm::audit
