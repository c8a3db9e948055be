// novacrm check: scan prompts for PII, secrets, mass-export and out-of-scope requests before
// they reach a model. Needs no workspace and no token (CI use); exit 1 when the decision reaches
// --fail-on. Also the shared set-up of check, redact and policy explain: which policy, which
// workspace data.
#include <unistd.h>

#include <chrono>
#include <iostream>

#include "app/check.hpp"
#include "app/engine.hpp"
#include "cli.hpp"
#include "compliance/redact.hpp"
#include "output.hpp"

namespace novacrm::cli {

core::Result<ScanSetup> scan_setup(const GlobalOptions& global,
                                   const std::optional<std::string>& policy_file,
                                   const std::string& org, bool inline_markers) {
  auto ws = open_workspace_if_present(global);
  if (!ws) return ws.error();
  auto policy = app::select_policy(policy_file, ws->get());
  if (!policy) return policy.error();
  if (!inline_markers) policy->inline_marker = false;
  auto engine = app::make_engine(*policy, ws->get(), org);
  if (!engine) return engine.error();
  ScanSetup setup;
  setup.policy = std::move(policy).value();
  setup.workspace = std::move(ws).value();
  setup.engine.emplace(std::move(engine).value());
  return setup;
}

core::Status enable_audit(ScanSetup& setup, bool no_audit, const std::string& action,
                          app::CheckOptions& options) {
  if (no_audit || !setup.workspace) return {};
  auto key = setup.workspace->hmac_key();
  if (!key) return key.error();
  options.audit = app::CheckOptions::Audit{&setup.workspace->audit(), setup.workspace->actor(),
                                           std::move(key).value(), action};
  return {};
}

void add_scan_context_options(CLI::App* cmd, ScanArgs& a) {
  cmd->add_option("--policy", a.policy, "Policy file to use instead of the default policy")
      ->type_name("FILE");
  cmd->add_option("--org", a.context.org, "Org of the caller, for scope_check (default: default)");
  cmd->add_option("--role", a.context.role,
                  "Role of the caller, for scope_check: admin|manager|analyst|viewer "
                  "(default: admin, the workspace owner)")
      ->check(CLI::IsMember({"admin", "manager", "analyst", "viewer"}));
}

namespace {

struct CheckArgs {
  ScanArgs scan;
  std::vector<std::string> paths;
  std::vector<std::string> excludes;
  std::string format;
  std::string fail_on = "block";
  uint64_t max_file_size = 64ULL << 20;
  unsigned jobs = 0;
  std::optional<std::string> baseline;
  std::optional<std::string> write_baseline;
  bool redact = false;
  bool no_audit = false;
};

// "scanned N/M files" on stderr, at most ten times a second, erased at the end.
class Progress {
 public:
  explicit Progress(bool enabled) : enabled_(enabled) {}
  ~Progress() { clear(); }
  Progress(const Progress&) = delete;
  Progress& operator=(const Progress&) = delete;

  // Erases the progress line (before another line goes to stderr).
  void clear() {
    if (shown_) std::cerr << "\r\033[K" << std::flush;
    shown_ = false;
  }

  void update(size_t done, size_t total) {
    if (!enabled_ || total < 2) return;
    const auto now = std::chrono::steady_clock::now();
    if (shown_ && now - last_ < std::chrono::milliseconds(100) && done != total) return;
    last_ = now;
    shown_ = true;
    std::cerr << "\rscanned " << done << '/' << total << " files" << std::flush;
  }

 private:
  bool enabled_;
  bool shown_ = false;
  std::chrono::steady_clock::time_point last_;
};

core::Status check(const CheckArgs& a, const GlobalOptions& global) {
  if (a.redact && !(a.paths.empty() || (a.paths.size() == 1 && a.paths[0] == "-"))) {
    return core::bad_input("--redact", "works on standard input only (no path, or '-')");
  }
  auto setup = scan_setup(global, a.scan.policy, a.scan.context.org);
  if (!setup) return setup.error();
  const compliance::Engine& engine = *setup->engine;
  app::CheckOptions options;
  if (core::Status s = enable_audit(*setup, a.no_audit, "check", options); !s) return s;
  options.paths = a.paths;
  options.excludes = a.excludes;
  options.max_file_size = a.max_file_size;
  options.jobs = a.jobs;
  options.context = a.scan.context;
  options.collect_baseline = a.write_baseline.has_value();
  if (a.baseline) {
    auto accepted = app::load_baseline(*a.baseline);
    if (!accepted) return accepted.error();
    options.baseline = std::move(accepted).value();
  }
  if (a.redact) options.redact = compliance::RedactMode::kMask;
  Progress progress(isatty(STDERR_FILENO) != 0);
  app::CheckCallbacks callbacks;
  callbacks.notice = [&progress](const std::string& line) {
    progress.clear();
    std::cerr << "novacrm: notice: " << line << '\n';
  };
  callbacks.progress = [&progress](size_t done, size_t total) { progress.update(done, total); };
  auto result = app::run_check(engine, options, callbacks);
  if (!result) return result.error();
  if (a.write_baseline) {
    if (core::Status s = app::write_baseline(*a.write_baseline, result->baseline_entries); !s) {
      return s;
    }
  }
  report::ScanReport& report = result->report;
  report.tool_version = NOVACRM_VERSION;
  const auto threshold = compliance::parse_action(a.fail_on);
  const bool never = a.fail_on == "never";
  if (a.format == "json") {
    report::write_json(std::cout, report);
  } else if (a.format == "sarif") {
    report::write_sarif(std::cout, report);
  } else if (a.format == "junit") {
    report::write_junit(std::cout, report, threshold.value_or(compliance::Action::kBlock), never);
  } else if (a.redact) {
    // The redacted prompt is the output; the findings go to stderr for the person.
    std::cout << report.inputs.front().redacted.value_or("");
    report::write_text(std::cerr, report, colour_enabled(global, STDERR_FILENO));
  } else {
    report::write_text(std::cout, report, colour_enabled(global, STDOUT_FILENO));
  }
  // Findings of files scanned in windows were read back from their spool while writing.
  for (const report::ScannedInput& in : report.inputs) {
    if (in.spool) {
      if (core::Status s = in.spool->status(); !s) return s;
    }
  }
  if (never || !threshold || report.action < *threshold) return {};
  std::cout.flush();
  return core::Error{core::ErrorCode::kPolicyViolation,
                     std::string("decision ") + std::string(compliance::to_string(report.action)) +
                         " reaches --fail-on " + a.fail_on,
                     "check"};
}

}  // namespace

void add_check_command(Cli& cli) {
  auto a = std::make_shared<CheckArgs>();
  CLI::App* cmd = cli.app.add_subcommand(
      "check",
      "Scan prompts for personal data, secrets, mass-export and out-of-scope requests: files, "
      "directories (recursive) or stdin ('-' or no path)");
  cmd->add_option("paths", a->paths,
                  "Files or directories to scan; '-' or nothing reads standard input");
  add_format_option(cmd, a->format, {"text", "json", "sarif", "junit"});
  cmd->add_option("--fail-on", a->fail_on,
                  "Exit 1 when the decision is at least this: allow|warn|block|escalate|never "
                  "(default block)")
      ->check(CLI::IsMember({"allow", "warn", "block", "escalate", "never"}));
  add_scan_context_options(cmd, a->scan);
  cmd->add_option("--exclude", a->excludes,
                  "Leave out walked files and directories matching this glob (repeatable; "
                  "matched against the path under the scanned directory and the file name)")
      ->type_name("GLOB");
  cmd->add_option("--jobs", a->jobs, "Files scanned in parallel (default: one per core)")
      ->check(CLI::Range(1U, 256U));
  cmd->add_option("--max-file-size", a->max_file_size,
                  "Skip (or, named directly, refuse) larger files; 0: no limit (default 64 MiB)");
  cmd->add_option("--baseline", a->baseline,
                  "Accepted findings (from --write-baseline): they no longer count")
      ->type_name("FILE");
  cmd->add_option("--write-baseline", a->write_baseline,
                  "Write every current finding's fingerprint to FILE (to adopt the tool on an "
                  "existing repository)")
      ->type_name("FILE");
  cmd->add_flag("--redact", a->redact,
                "Print the prompt from stdin with every finding masked; findings go to stderr");
  cmd->add_flag("--no-audit", a->no_audit,
                "Do not record the decisions in the workspace's audit trail (with a workspace, "
                "each scanned input is recorded, masked)");
  Action& action = cli.action;
  const GlobalOptions& global = cli.global;
  cmd->callback([&action, &global, a] { action = [a, &global] { return check(*a, global); }; });
}

}  // namespace novacrm::cli
