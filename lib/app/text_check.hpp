// The check and redact use cases for one text held in memory (an HTTP request body): analyse it,
// capture the masked input for the audit trail, redact it on request, and build the audit event.
// The front end appends the event (through AuditWriter, so concurrent requests share commits);
// the raw text never leaves this function except as the redacted copy the caller asked for.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "audit/log.hpp"
#include "compliance/engine.hpp"
#include "compliance/redact.hpp"
#include "core/result.hpp"

namespace novacrm::app {

struct TextCheckRequest {
  std::string_view text;
  compliance::ScanContext context;
  std::optional<compliance::RedactMode> redact;  // fill TextCheckResult::redacted
  std::string redact_key;                        // for RedactMode::kPseudonym
  // When set, TextCheckResult::event is the audit event to append (input masked).
  struct Audit {
    audit::Actor actor;
    std::string hmac_key;
    std::string action = "check";  // or "redact"
    std::string request_id;
    std::string source = "http";  // details.source
  };
  std::optional<Audit> audit;
};

struct TextCheckResult {
  compliance::Decision decision;
  std::optional<std::string> redacted;
  std::optional<audit::Event> event;
};

// kBadInput naming "text" when the engine refuses the text (invalid UTF-8).
core::Result<TextCheckResult> check_text(const compliance::Engine& engine,
                                         const TextCheckRequest& request);

// What check_text and the file scans of run_check share:
// the input as the audit trail keeps it: every finding masked, the silenced ones too (an
// allowlisted or marked value is still personal data);
core::Result<audit::Input> audit_input(std::string_view text, const compliance::Decision& decision,
                                       std::vector<compliance::Suppression>& silenced,
                                       std::string_view hmac_key);
// and the audit event of one decision (`details` a JSON object: source, counts).
audit::Event decision_event(const audit::Actor& actor, const std::string& action,
                            const compliance::Engine& engine, const compliance::Decision& decision,
                            std::optional<audit::Input> input, std::string details);

}  // namespace novacrm::app
