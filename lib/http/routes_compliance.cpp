// POST /api/v1/compliance/check and /redact: the text of the body through the engine of the
// caller's org (scope_check uses the token's org and role), one audit record per request,
// written before the answer goes out. The raw text is never logged or stored.
#include "app/text_check.hpp"
#include "compliance/finding_json.hpp"
#include "http/exchange.hpp"

namespace novacrm::http {

namespace {

using nlohmann::json;

struct TextRun {
  app::TextCheckResult result;
  std::string policy_id;
  std::string policy_sha256;
};

// Reads {"text": ...}, runs the engine (markers count for check, never for redact) and appends
// the audit record.
core::Result<TextRun> run_text(Exchange& ex, const json& body, const std::string& action,
                               std::optional<compliance::RedactMode> mode) {
  auto text = string_field(body, "text");
  if (!text) return text.error();
  if (!*text) return core::bad_input("text", "is required (the prompt or answer to scan)");
  const auth::Claims& claims = ex.session->claims;
  // Inline markers silence findings in a prompt; a model's answer must never exempt itself.
  const bool inline_markers = action == "check";
  auto engine = ex.services.engines.get(ex.ws, claims.org, inline_markers);
  if (!engine) return engine.error();
  auto key = ex.ws.hmac_key();
  if (!key) return key.error();
  app::TextCheckRequest request;
  request.text = **text;
  request.context = compliance::ScanContext{claims.org, std::string(auth::role_name(claims.role))};
  request.redact = mode;
  if (mode == compliance::RedactMode::kPseudonym) request.redact_key = *key;
  request.audit = app::TextCheckRequest::Audit{ex.session->actor(), *key, action, ex.request_id};
  auto result = app::check_text(**engine, request);
  if (!result) return result.error();
  auto record = ex.audit(std::move(*result->event));
  if (!record) return record.error();
  ex.services.metrics.count_decision(std::string(compliance::to_string(result->decision.action)));
  for (const compliance::Finding& f : result->decision.findings) {
    ex.services.metrics.count_finding(f.rule);
  }
  return TextRun{std::move(result).value(), (*engine)->policy_id(), (*engine)->policy_sha256()};
}

core::Result<std::optional<compliance::RedactMode>> mode_field(const json& body,
                                                               const std::string& name) {
  auto text = string_field(body, name);
  if (!text) return text.error();
  if (!*text) return std::optional<compliance::RedactMode>();
  auto mode = compliance::parse_redact_mode(**text);
  if (!mode) return core::bad_input(name, "must be mask, partial, pseudonym or remove");
  return std::optional<compliance::RedactMode>(mode);
}

core::Status check(Exchange& ex) {
  auto body = json_body(ex, {"text", "redact"});
  if (!body) return body.error();
  auto mode = mode_field(*body, "redact");
  if (!mode) return mode.error();
  auto run = run_text(ex, *body, "check", *mode);
  if (!run) return run.error();
  json out = compliance::to_json(run->result.decision);
  out["policy"] = {{"id", run->policy_id}, {"sha256", run->policy_sha256}};
  out["audit_id"] = ex.audit_id;
  if (run->result.redacted) out["redacted"] = *run->result.redacted;
  send_json(ex, 200, out);
  return {};
}

core::Status redact(Exchange& ex) {
  auto body = json_body(ex, {"text", "mode"});
  if (!body) return body.error();
  auto mode = mode_field(*body, "mode");
  if (!mode) return mode.error();
  const compliance::RedactMode m = mode->value_or(compliance::RedactMode::kMask);
  auto run = run_text(ex, *body, "redact", m);
  if (!run) return run.error();
  send_json(ex, 200,
            {{"text", run->result.redacted.value_or("")},
             {"mode", compliance::to_string(m)},
             {"findings", compliance::to_json(run->result.decision)["findings"]},
             {"policy", {{"id", run->policy_id}, {"sha256", run->policy_sha256}}},
             {"audit_id", ex.audit_id}});
  return {};
}

}  // namespace

std::vector<Route> compliance_routes() {
  return {
      {"POST", "/api/v1/compliance/check", "/api/v1/compliance/check", Access::kMatrix,
       row("check"), check},
      {"POST", "/api/v1/compliance/redact", "/api/v1/compliance/redact", Access::kMatrix,
       row("redact"), redact},
  };
}

}  // namespace novacrm::http
