#include "obs/logging.hpp"

#include <spdlog/pattern_formatter.h>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include <array>
#include <atomic>
#include <cstdio>
#include <mutex>

namespace novacrm::obs {

namespace {

// %j: the log message as a JSON string body (quotes, backslashes and control bytes escaped).
class JsonMessageFlag final : public spdlog::custom_flag_formatter {
 public:
  void format(const spdlog::details::log_msg& msg, const std::tm& /*tm*/,
              spdlog::memory_buf_t& dest) override {
    const std::string escaped =
        json_escape(std::string_view(msg.payload.data(), msg.payload.size()));
    dest.append(escaped.data(), escaped.data() + escaped.size());
  }
  [[nodiscard]] std::unique_ptr<custom_flag_formatter> clone() const override {
    return std::make_unique<JsonMessageFlag>();
  }
};

spdlog::level::level_enum spdlog_level(LogLevel level) {
  switch (level) {
    case LogLevel::kDebug:
      return spdlog::level::debug;
    case LogLevel::kInfo:
      return spdlog::level::info;
    case LogLevel::kWarn:
      break;
  }
  return spdlog::level::warn;
}

// The logger is made on the first message, not by setup_logging: most commands log nothing at
// the default level, and making spdlog's registry, sink and formatter was a tenth of a
// millisecond of every short `check`.
std::mutex g_mutex;
LogFormat g_format = LogFormat::kText;          // under g_mutex
bool g_made = false;                            // under g_mutex
std::atomic<int> g_level{spdlog::level::warn};  // what setup_logging asked for

void make_logger_locked() {
  auto logger = std::make_shared<spdlog::logger>("novacrm",
                                                 std::make_shared<spdlog::sinks::stderr_sink_st>());
  auto formatter = std::make_unique<spdlog::pattern_formatter>(spdlog::pattern_time_type::utc);
  if (g_format == LogFormat::kJson) {
    formatter->add_flag<JsonMessageFlag>('j').set_pattern(
        R"({"time":"%Y-%m-%dT%H:%M:%S.%eZ","level":"%l","logger":"%n","msg":"%j"})");
  } else {
    formatter->set_pattern("%Y-%m-%dT%H:%M:%S.%eZ %l %n: %v");
  }
  logger->set_formatter(std::move(formatter));
  logger->set_level(static_cast<spdlog::level::level_enum>(g_level.load()));
  spdlog::set_default_logger(logger);
  g_made = true;
}

}  // namespace

std::string json_escape(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          std::array<char, 8> buf{};
          std::snprintf(buf.data(), buf.size(), "\\u%04x", static_cast<unsigned char>(c));
          out += buf.data();
        } else {
          out += c;
        }
    }
  }
  return out;
}

bool log_enabled(LogLevel level) {
  return static_cast<int>(spdlog_level(level)) >= g_level.load(std::memory_order_relaxed);
}

void log(LogLevel level, std::string_view message) {
  if (!log_enabled(level)) return;
  {
    const std::lock_guard<std::mutex> lock(g_mutex);
    if (!g_made) make_logger_locked();
  }
  spdlog::default_logger_raw()->log(spdlog_level(level), message);
}

std::string format_ms(double ms) {
  std::array<char, 32> buf{};
  std::snprintf(buf.data(), buf.size(), "%.1f", ms);
  return buf.data();
}

core::Status setup_logging(const std::string& level, LogFormat format) {
  const spdlog::level::level_enum lvl = spdlog::level::from_str(level);
  if (lvl == spdlog::level::off && level != "off") {
    return core::bad_input(
        "--log-level",
        "\"" + level + "\" is not a level (trace, debug, info, warn, error, critical, off)");
  }
  const std::lock_guard<std::mutex> lock(g_mutex);
  g_format = format;
  g_level.store(static_cast<int>(lvl));
  if (g_made) make_logger_locked();  // set up again (tests): apply now
  return {};
}

}  // namespace novacrm::obs
