#include "app/text_check.hpp"

#include <nlohmann/json.hpp>

namespace novacrm::app {

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
    // Silenced findings are still personal data: the stored input masks them too.
    std::vector<compliance::Finding> all = decision->findings;
    for (compliance::Suppression& s : silenced) all.push_back(std::move(s.finding));
    auto input = audit::capture_input(request.text, all, request.audit->hmac_key);
    if (!input) return input.error();
    audit::Event e;
    e.actor = request.audit->actor;
    e.action = request.audit->action;
    e.request_id = request.audit->request_id;
    e.policy = audit::PolicyRef{engine.policy_id(), engine.policy_sha256()};
    e.decision = audit::DecisionSummary{decision->action, decision->risk, decision->findings};
    e.input = std::move(input).value();
    e.details =
        nlohmann::json{{"source", request.audit->source}, {"suppressed", decision->suppressed}}
            .dump();
    out.event = std::move(e);
  }
  out.decision = std::move(decision).value();
  return out;
}

}  // namespace novacrm::app
