#include "app/check.hpp"

#include <algorithm>
#include <filesystem>
#include <iostream>
#include <iterator>
#include <sstream>

#include "core/files.hpp"
#include "core/text.hpp"

namespace novacrm::app {

namespace fs = std::filesystem;

namespace {

// Why a file cannot be scanned, or "" when it can; `text` receives its content.
std::string load(const fs::path& path, uint64_t max_size, std::string& text) {
  std::error_code ec;
  const auto size = fs::file_size(path, ec);
  if (ec) return "cannot read: " + ec.message();
  if (max_size != 0 && size > max_size) {
    return "larger than --max-file-size (" + std::to_string(size) + " > " +
           std::to_string(max_size) + " bytes)";
  }
  auto content = core::read_file(path);
  if (!content) return content.error().message;
  text = std::move(content).value();
  if (text.find('\0') != std::string::npos) return "binary file (contains NUL bytes)";
  if (!core::is_valid_utf8(text)) return "not valid UTF-8";
  return {};
}

}  // namespace

core::Result<report::ScanReport> run_check(const compliance::Engine& engine,
                                           const CheckOptions& options,
                                           const std::function<void(const std::string&)>& notice) {
  report::ScanReport report;
  const auto scan = [&](const std::string& name, const std::string& text) -> core::Status {
    auto decision = engine.analyze(text, options.context);
    if (!decision) return core::bad_input(name, decision.error().message);
    report.action = std::max(report.action, decision->action);
    report.risk = std::max(report.risk, decision->risk);
    report.inputs.push_back({name, std::move(decision).value()});
    return {};
  };
  std::vector<std::string> paths = options.paths;
  if (paths.empty()) paths.emplace_back("-");
  for (const std::string& p : paths) {
    if (p == "-") {
      std::string text((std::istreambuf_iterator<char>(std::cin)),
                       std::istreambuf_iterator<char>());
      if (core::Status s = scan("-", text); !s) return s.error();
      continue;
    }
    std::error_code ec;
    if (fs::is_directory(p, ec)) {
      std::vector<fs::path> files;
      for (auto it = fs::recursive_directory_iterator(
               p, fs::directory_options::skip_permission_denied, ec);
           !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
        if (it->is_regular_file(ec)) files.push_back(it->path());
      }
      if (ec) return core::bad_input(p, "cannot walk the directory: " + ec.message());
      std::sort(files.begin(), files.end());
      for (const fs::path& f : files) {
        std::string text;
        if (std::string why = load(f, options.max_file_size, text); !why.empty()) {
          notice(f.string() + ": skipped: " + why);
          ++report.skipped;
          continue;
        }
        if (core::Status s = scan(f.string(), text); !s) return s.error();
      }
      continue;
    }
    if (!fs::exists(p, ec)) return core::bad_input(p, "no such file or directory");
    std::string text;
    if (std::string why = load(p, options.max_file_size, text); !why.empty())
      return core::bad_input(p, why);
    if (core::Status s = scan(p, text); !s) return s.error();
  }
  return report;
}

}  // namespace novacrm::app
