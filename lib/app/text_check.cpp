#include "app/text_check.hpp"

#include <nlohmann/json.hpp>

namespace novacrm::app {

core::Result<audit::Input> audit_input(std::string_view text, const compliance::Decision& decision,
                                       std::vector<compliance::Suppression>& silenced,
                                       std::string_view hmac_key) {
  std::vector<compliance::Finding> all = decision.findings;
  for (compliance::Suppression& s : silenced) all.push_back(std::move(s.finding));
  return audit::capture_input(text, all, hmac_key);
}

audit::Event decision_event(const audit::Actor& actor, const std::string& action,
                            const compliance::Engine& engine, const compliance::Decision& decision,
                            std::optional<audit::Input> input, std::string details) {
  audit::Event e;
  e.actor = actor;
  e.action = action;
  e.policy = audit::PolicyRef{engine.policy_id(), engine.policy_sha256()};
  e.decision = audit::DecisionSummary{decision.action, decision.risk, decision.findings};
  e.input = std::move(input);
  e.details = std::move(details);
  return e;
}

core::Result<TextCheckResult> check_text(const compliance::Engine& engine,
                                         const TextCheckRequest& request) {
  std::vector<compliance::Suppression> silenced;
  auto decision = engine.analyze(request.text, request.context, nullptr, &silenced);
  if (!decision) return core::bad_input("text", decision.error().message);
  TextCheckResult out;
  if (request.redact) {
    auto redacted =
        compliance::redact(request.text, decision->findings, *request.redact, request.redact_key);
    if (!redacted) return redacted.error();
    out.redacted = std::move(redacted).value();
  }
  if (request.audit) {
    auto input = audit_input(request.text, *decision, silenced, request.audit->hmac_key);
    if (!input) return input.error();
    out.event = decision_event(
        request.audit->actor, request.audit->action, engine, *decision, std::move(input).value(),
        nlohmann::json{{"source", request.audit->source}, {"suppressed", decision->suppressed}}
            .dump());
    out.event->request_id = request.audit->request_id;
  }
  out.decision = std::move(decision).value();
  return out;
}

}  // namespace novacrm::app
