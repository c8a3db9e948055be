// Redaction: rewrites a text with the bytes of every finding replaced, for `novacrm redact` (a
// model's answer before it is shared) and `check --redact`. Every byte outside a finding is kept
// exactly as it was (CRLF, tabs, trailing spaces, a missing final newline), so the output differs
// from the input only where something was found. Never returns, logs or puts in an error message
// the raw values it replaces.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "compliance/finding.hpp"
#include "core/result.hpp"

namespace novacrm::compliance {

enum class RedactMode {
  kMask,       // "[EMAIL]": the entity, upper-cased. The only form the audit trail stores.
  kPartial,    // the finding's masked excerpt, "j***@e******.com"
  kPseudonym,  // "[EMAIL:3f1c0a9b7d2e4f60]": a keyed HMAC, so equal values stay correlatable
  kRemove,     // nothing: the bytes are dropped
};

// A pseudonym key shorter than this is refused: it would make the HMAC guessable by brute force
// over the small space of plausible values (phone numbers, emails of a known domain).
inline constexpr size_t kMinPseudonymKeyBytes = 32;

// "mask", "partial", "pseudonym", "remove"; nullopt for anything else (case-sensitive).
std::optional<RedactMode> parse_redact_mode(std::string_view s);
std::string_view to_string(RedactMode mode);

// Returns `text` with every finding's byte span replaced as `mode` says. Findings may come in any
// order and may overlap: overlapping spans merge into one, named by the finding that starts first
// (the longer one on a tie); adjacent spans stay separate. A span that cuts a UTF-8 character is
// widened to whole characters, so valid UTF-8 in gives valid UTF-8 out and no byte of a value is
// left behind. Empty spans are ignored.
//
// kPseudonym replaces a span with "[ENTITY:" + the first 16 hex digits of
// HMAC-SHA-256(key, entity + '\0' + value) + "]": stable for an equal value, entity and key,
// unrelated across keys. `key` is used only by kPseudonym, which needs at least
// kMinPseudonymKeyBytes of it.
//
// Errors: bad_input("--key-file", ...) when kPseudonym has no key or a short one; bad_input when
// a span reaches past the end of `text` or ends before it begins (the findings were not made for
// this text: nothing is redacted rather than the wrong bytes).
core::Result<std::string> redact(std::string_view text, std::vector<Finding> findings,
                                 RedactMode mode, std::string_view key = {});

}  // namespace novacrm::compliance
