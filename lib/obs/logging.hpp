// Logging setup: spdlog to stderr, as text or one JSON object per line. Callers log ids, counts
// and durations, never field values: logs must never carry PII or secrets.
#pragma once

#include <string>

#include "core/result.hpp"

namespace novacrm::obs {

enum class LogFormat { kText, kJson };

// `level`: trace, debug, info, warn, error, critical or off.
core::Status setup_logging(const std::string& level, LogFormat format);

// Escapes `s` for inclusion inside a JSON string literal.
std::string json_escape(std::string_view s);

}  // namespace novacrm::obs
