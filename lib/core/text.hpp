// Small text helpers shared by every module: UTF-8 validation, trimming, ASCII case folding and
// the masking used whenever a value might be PII (error messages, default list output).
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace novacrm::core {

// True when `s` is well-formed UTF-8 (no overlongs, no surrogates, nothing past U+10FFFF).
bool is_valid_utf8(std::string_view s);

std::string_view trim(std::string_view s);
std::string to_lower_ascii(std::string_view s);
// At most `max_bytes` of `s`, cut before a UTF-8 sequence rather than inside one.
std::string_view utf8_prefix(std::string_view s, size_t max_bytes);
// 1 to `max_len` characters of [A-Za-z0-9._-]: request ids, file names served by name.
bool is_plain_token(std::string_view s, size_t max_len);
std::vector<std::string> split(std::string_view s, char sep);

// Masks a value for display: keeps the first character of each part around '@' and the last
// '.'-separated suffix of a domain, stars the rest. "nobody@example.com" -> "n***@e******.com".
// Used for emails and for any value an error message must name without disclosing.
std::string mask_email(std::string_view email);

// Keeps a leading '+' and country-code-sized prefix (3 chars) and the last 2 digits:
// "+33612345678" -> "+33*******78". Short values are starred entirely.
std::string mask_phone(std::string_view phone);

// Generic mask for a value of unknown kind: first character then one star per remaining
// character, capped at 8 stars ("secret" -> "s*****").
std::string mask_generic(std::string_view value);

}  // namespace novacrm::core
