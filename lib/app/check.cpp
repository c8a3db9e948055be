#include "app/check.hpp"

#include <fnmatch.h>

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <iostream>
#include <iterator>
#include <mutex>
#include <thread>

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

bool excluded(const std::vector<std::string>& globs, const fs::path& root, const fs::path& p) {
  if (globs.empty()) return false;
  const std::string relative = p.lexically_relative(root).generic_string();
  const std::string name = p.filename().string();
  return std::any_of(globs.begin(), globs.end(), [&](const std::string& g) {
    return ::fnmatch(g.c_str(), relative.c_str(), 0) == 0 ||
           ::fnmatch(g.c_str(), name.c_str(), 0) == 0;
  });
}

// What to scan, in order: "-" (stdin), files named directly, and files found by walking.
struct Target {
  std::string path;
  bool walked = false;  // met while walking a directory: problems are notices, not errors
};

core::Result<std::vector<Target>> gather(const CheckOptions& options) {
  std::vector<Target> targets;
  std::vector<std::string> paths = options.paths;
  if (paths.empty()) paths.emplace_back("-");
  for (const std::string& p : paths) {
    std::error_code ec;
    if (p == "-" || !fs::is_directory(p, ec)) {
      if (p != "-" && !fs::exists(p, ec)) return core::bad_input(p, "no such file or directory");
      targets.push_back({p, false});
      continue;
    }
    std::vector<std::string> files;
    auto it = fs::recursive_directory_iterator(p, fs::directory_options::skip_permission_denied, ec);
    for (; !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
      if (excluded(options.excludes, p, it->path())) {
        if (it->is_directory(ec)) it.disable_recursion_pending();
        continue;
      }
      if (it->is_regular_file(ec)) files.push_back(it->path().string());
    }
    if (ec) return core::bad_input(p, "cannot walk the directory: " + ec.message());
    std::sort(files.begin(), files.end());
    for (std::string& f : files) targets.push_back({std::move(f), true});
  }
  return targets;
}

// One input's outcome: a decision, a reason it was skipped, or an error.
struct Outcome {
  std::optional<compliance::Decision> decision;
  std::optional<std::string> redacted;
  std::string skipped;
  std::optional<core::Error> error;
  std::vector<BaselineEntry> entries;
};

Outcome scan_one(const compliance::Engine& engine, const CheckOptions& options,
                 const Target& target) {
  Outcome out;
  std::string text;
  if (target.path == "-") {
    text.assign(std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>());
  } else if (std::string why = load(target.path, options.max_file_size, text); !why.empty()) {
    if (target.walked) {
      out.skipped = why;
    } else {
      out.error = core::bad_input(target.path, why);
    }
    return out;
  }
  const std::string& path = target.path;
  const compliance::SuppressFn suppress = [&](const compliance::Finding& f,
                                              std::string_view value) {
    if (!options.baseline && !options.collect_baseline) return false;
    const std::string fp = fingerprint(path, f, value);
    if (options.collect_baseline) out.entries.push_back({fp, path, f.rule, f.entity, f.span.line});
    return options.baseline && options.baseline->count(fp) > 0;
  };
  auto decision = engine.analyze(text, options.context, &suppress);
  if (!decision) {
    out.error = core::bad_input(path, decision.error().message);
    return out;
  }
  if (options.redact) {
    auto redacted = compliance::redact(text, decision->findings, *options.redact, options.redact_key);
    if (!redacted) {
      out.error = redacted.error();
      return out;
    }
    out.redacted = std::move(redacted).value();
  }
  out.decision = std::move(decision).value();
  return out;
}

}  // namespace

core::Result<CheckResult> run_check(const compliance::Engine& engine, const CheckOptions& options,
                                    const CheckCallbacks& callbacks) {
  auto targets = gather(options);
  if (!targets) return targets.error();
  const size_t total = targets->size();
  std::vector<Outcome> outcomes(total);
  std::atomic<size_t> next{0};
  std::atomic<bool> failed{false};
  std::mutex progress_mutex;
  size_t done = 0;
  const auto worker = [&] {
    for (size_t i = next++; i < total && !failed; i = next++) {
      outcomes[i] = scan_one(engine, options, (*targets)[i]);
      if (outcomes[i].error) failed = true;
      if (callbacks.progress) {
        const std::lock_guard lock(progress_mutex);
        callbacks.progress(++done, total);
      }
    }
  };
  unsigned jobs = options.jobs != 0 ? options.jobs : std::max(1U, std::thread::hardware_concurrency());
  jobs = static_cast<unsigned>(std::min<size_t>(jobs, std::max<size_t>(total, 1)));
  if (jobs <= 1) {
    worker();
  } else {
    std::vector<std::thread> threads;
    for (unsigned j = 0; j < jobs; ++j) threads.emplace_back(worker);
    for (std::thread& t : threads) t.join();
  }

  CheckResult result;
  report::ScanReport& report = result.report;
  report.policy_id = engine.policy_id();
  report.policy_sha256 = engine.policy_sha256();
  for (size_t i = 0; i < total; ++i) {
    Outcome& o = outcomes[i];
    if (o.error) return *o.error;  // the first failing input in order
    if (!o.skipped.empty()) {
      if (callbacks.notice) callbacks.notice((*targets)[i].path + ": skipped: " + o.skipped);
      ++report.skipped;
      continue;
    }
    if (!o.decision) continue;  // not reached: an earlier input failed
    report.action = std::max(report.action, o.decision->action);
    report.risk = std::max(report.risk, o.decision->risk);
    report.inputs.push_back({(*targets)[i].path, std::move(*o.decision), std::move(o.redacted)});
    for (BaselineEntry& e : o.entries) result.baseline_entries.push_back(std::move(e));
  }
  return result;
}

}  // namespace novacrm::app
