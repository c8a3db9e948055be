// Logging setup: spdlog to stderr, as text or one JSON object per line. Callers log ids, counts
// and durations, never field values: logs must never carry PII or secrets.
#pragma once

#include <string>
#include <string_view>

#include "core/result.hpp"

namespace novacrm::obs {

enum class LogFormat { kText, kJson };

// `level`: trace, debug, info, warn, error, critical or off.
core::Status setup_logging(const std::string& level, LogFormat format);

enum class LogLevel { kDebug, kInfo, kWarn };

// Whether a message at `level` would be written (build costly messages only then).
bool log_enabled(LogLevel level);

// Writes one message through the logger set up by setup_logging. Only this module includes
// spdlog (header-only, one translation unit), so callers build their message as a string.
void log(LogLevel level, std::string_view message);

// `ms` with one decimal, as log messages show durations: "12.3".
std::string format_ms(double ms);

// Escapes `s` for inclusion inside a JSON string literal.
std::string json_escape(std::string_view s);

}  // namespace novacrm::obs
