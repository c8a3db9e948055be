#include "app/check.hpp"

#include <fnmatch.h>

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <map>
#include <mutex>
#include <thread>

#include <nlohmann/json.hpp>

#include "app/text_check.hpp"
#include "core/files.hpp"
#include "core/text.hpp"

namespace novacrm::app {

namespace fs = std::filesystem;

namespace {

// Why a file cannot be scanned, or "" when it can; `text` receives its content.
std::string check_size(const fs::path& path, uint64_t max_size, uint64_t& size) {
  std::error_code ec;
  size = fs::file_size(path, ec);
  if (ec) return "cannot read: " + ec.message();
  if (max_size != 0 && size > max_size) {
    return "larger than --max-file-size (" + std::to_string(size) + " > " +
           std::to_string(max_size) + " bytes)";
  }
  return {};
}

std::string load(const fs::path& path, uint64_t max_size, std::string& text) {
  uint64_t size = 0;
  if (std::string why = check_size(path, max_size, size); !why.empty()) return why;
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
    auto it =
        fs::recursive_directory_iterator(p, fs::directory_options::skip_permission_denied, ec);
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
  std::optional<audit::Input> input;  // masked, when audited
  std::optional<std::string> redacted;
  std::string skipped;
  std::optional<core::Error> error;
  std::vector<BaselineEntry> entries;
  // A file scanned in windows: its findings, and their count per rule/entity for its audit record.
  std::shared_ptr<report::FindingSpool> spool;
  std::map<std::string, size_t> counts;
};

// Where a window starts in the file: its byte offset, line and column.
struct Origin {
  size_t offset = 0;
  size_t line = 1;
  size_t column = 1;
  size_t char_column = 1;
};

void advance(Origin& o, std::string_view bytes) {
  for (char c : bytes) {
    ++o.offset;
    if (c == '\n') {
      ++o.line;
      o.column = 1;
      o.char_column = 1;
    } else {
      ++o.column;
      o.char_column += compliance::is_utf8_continuation(c) ? 0 : 1;
    }
  }
}

// The largest n <= want such that data[0, n) does not end inside a UTF-8 sequence.
size_t utf8_cut(std::string_view data, size_t want) {
  size_t n = std::min(want, data.size());
  if (n == data.size()) return n;
  while (n > 0 && (static_cast<unsigned char>(data[n]) & 0xC0) == 0x80) --n;
  return n;
}

// Scans a large file window by window: each window is analysed with some context on both sides,
// and keeps the findings that start inside it, relocated to the whole file. They go to a spool
// file, not memory: out.decision's findings stay empty and its decision is tallied as they come.
std::string scan_streaming(const compliance::Engine& engine, const CheckOptions& options,
                           const std::string& path, const compliance::SuppressFn& suppress,
                           Outcome& out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return "cannot read";
  compliance::Decision total;
  compliance::Engine::Tally tally(engine);
  Origin origin;  // of buffer[0]
  // The baseline sees findings located in the whole file.
  const compliance::SuppressFn relocated = [&](const compliance::Finding& f,
                                               std::string_view value) {
    compliance::Finding g = f;
    g.span.line += origin.line - 1;
    return suppress(g, value);
  };
  const size_t window = options.streaming.window;
  const size_t look_back = options.streaming.look_back;
  const size_t look_ahead = options.streaming.look_ahead;
  std::vector<compliance::Suppression> silenced;
  std::string buffer;  // [look-back][window][look-ahead]
  size_t window_from = 0;
  bool eof = false;
  std::vector<char> chunk(window);
  while (true) {
    while (!eof && buffer.size() < window_from + window + look_ahead) {
      in.read(chunk.data(), static_cast<std::streamsize>(chunk.size()));
      if (in.gcount() > 0) buffer.append(chunk.data(), static_cast<size_t>(in.gcount()));
      if (!in) eof = true;
    }
    if (in.bad()) return "cannot read";
    if (buffer.find('\0') != std::string::npos) return "binary file (contains NUL bytes)";
    const std::string_view all(buffer);
    const size_t window_to =
        window_from + utf8_cut(all.substr(window_from), eof && buffer.size() <= window_from + window
                                                            ? std::string::npos
                                                            : window);
    const std::string_view view = all.substr(0, utf8_cut(all, window_to + look_ahead));
    if (!core::is_valid_utf8(view)) return "not valid UTF-8";
    silenced.clear();
    auto d = engine.analyze(view, options.context, &relocated, &silenced);
    if (!d) return d.error().message;
    for (const compliance::Suppression& s : silenced) {
      total.suppressed += s.finding.span.begin >= window_from && s.finding.span.begin < window_to;
    }
    for (compliance::Finding& f : d->findings) {
      if (f.span.begin < window_from || f.span.begin >= window_to) continue;
      if (f.span.line == 1) {
        f.span.column += origin.column - 1;
        f.span.char_column += origin.char_column - 1;
      }
      f.span.line += origin.line - 1;
      f.span.begin += origin.offset;
      f.span.end += origin.offset;
      tally.add(f);
      out.spool->add(f);
      ++out.counts[f.rule + '/' + f.entity];
    }
    total.policy_id = d->policy_id;
    total.policy_sha256 = d->policy_sha256;
    if (window_to >= buffer.size() && eof) break;
    // Keep the look-back before the next window; drop the rest.
    const size_t keep_from = utf8_cut(all, window_to > look_back ? window_to - look_back : 0);
    advance(origin, all.substr(0, keep_from));
    buffer.erase(0, keep_from);
    window_from = window_to - keep_from;
  }
  tally.apply(total);
  out.decision = std::move(total);
  return {};
}

Outcome scan_one(const compliance::Engine& engine, const CheckOptions& options,
                 const Target& target) {
  Outcome out;
  const std::string& path = target.path;
  const compliance::SuppressFn suppress = [&](const compliance::Finding& f,
                                              std::string_view value) {
    if (!options.baseline && !options.collect_baseline) return false;
    const std::string fp = fingerprint(path, f, value);
    if (options.collect_baseline) out.entries.push_back({fp, path, f.rule, f.entity, f.span.line});
    return options.baseline && options.baseline->count(fp) > 0;
  };
  std::string text;
  uint64_t size = 0;
  if (path != "-" && !options.redact) {
    if (std::string why = check_size(path, options.max_file_size, size);
        why.empty() && size > options.streaming.above) {
      auto spool = report::FindingSpool::create();
      if (!spool) {
        out.error = spool.error();
        return out;
      }
      out.spool = std::move(spool).value();
      why = scan_streaming(engine, options, path, suppress, out);
      if (core::Status s = out.spool->status(); !s) {
        out.error = s.error();
        return out;
      }
      if (!why.empty() && target.walked) out.skipped = why;
      if (!why.empty() && !target.walked) out.error = core::bad_input(path, why);
      return out;
    }
  }
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
  std::vector<compliance::Suppression> silenced;
  auto decision = engine.analyze(text, options.context, &suppress, &silenced);
  if (!decision) {
    out.error = core::bad_input(path, decision.error().message);
    return out;
  }
  if (options.audit) {
    auto input = audit_input(text, *decision, silenced, options.audit->hmac_key);
    if (!input) {
      out.error = input.error();
      return out;
    }
    out.input = std::move(input).value();
  }
  if (options.redact) {
    auto redacted =
        compliance::redact(text, decision->findings, *options.redact, options.redact_key);
    if (!redacted) {
      out.error = redacted.error();
      return out;
    }
    out.redacted = std::move(redacted).value();
  }
  out.decision = std::move(decision).value();
  return out;
}

audit::Event audit_event(const CheckOptions::Audit& a, const compliance::Engine& engine,
                         const compliance::Decision& d, Outcome& o, const Target& target) {
  // A path names a file, not a person; stdin has none. Streamed files keep no input text, and
  // their findings (possibly millions) are counted per rule/entity instead of listed.
  nlohmann::json details = {{"source", target.path == "-" ? "stdin" : "file"},
                            {"suppressed", d.suppressed}};
  if (!o.input) details["input"] = "not kept (file scanned in windows)";
  if (o.spool) {
    details["findings"] = o.spool->size();
    details["findings_by_rule"] = o.counts;
  }
  return decision_event(a.actor, a.action, engine, d, std::move(o.input), details.dump());
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
  unsigned jobs =
      options.jobs != 0 ? options.jobs : std::max(1U, std::thread::hardware_concurrency());
  jobs = static_cast<unsigned>(std::min<size_t>(jobs, std::max<size_t>(total, 1)));
  if (jobs <= 1) {
    worker();
  } else {
    std::vector<std::thread> threads;
    for (unsigned j = 0; j < jobs; ++j) threads.emplace_back(worker);
    for (std::thread& t : threads) t.join();
  }

  CheckResult result;
  std::vector<audit::Event> events;
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
    if (options.audit)
      events.push_back(audit_event(*options.audit, engine, *o.decision, o, (*targets)[i]));
    report.inputs.push_back({(*targets)[i].path,
                             std::move(*o.decision),
                             std::move(o.spool),
                             std::move(o.redacted),
                             {}});
    for (BaselineEntry& e : o.entries) result.baseline_entries.push_back(std::move(e));
  }
  if (options.audit && !events.empty()) {
    auto records = options.audit->log->append(events);
    if (!records) return records.error();
    for (size_t i = 0; i < records->size(); ++i) {
      result.audit_ids.push_back((*records)[i].id);
      report.inputs[i].audit_id = (*records)[i].id;
    }
  }
  return result;
}

}  // namespace novacrm::app
