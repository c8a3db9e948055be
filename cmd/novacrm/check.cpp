// novacrm check: scan prompts for PII before they reach a model. Needs no workspace and no
// token (CI use); exit 1 when the decision reaches --fail-on.
#include <iostream>

#include "app/check.hpp"
#include "cli.hpp"
#include "output.hpp"

namespace novacrm::cli {

namespace {

struct CheckArgs {
  std::vector<std::string> paths;
  std::string format;
  std::string fail_on = "block";
  uint64_t max_file_size = 64ULL << 20;
  bool no_audit = false;
};

core::Status check(const CheckArgs& a) {
  auto engine = compliance::Engine::with_builtin_rules();
  if (!engine) return engine.error();
  app::CheckOptions options;
  options.paths = a.paths;
  options.max_file_size = a.max_file_size;
  auto report = app::run_check(*engine, options, [](const std::string& line) {
    std::cerr << "novacrm: notice: " << line << '\n';
  });
  if (!report) return report.error();
  std::cout << (a.format == "json" ? report::render_json(*report) : report::render_text(*report));
  if (a.fail_on == "never") return {};
  const auto threshold = compliance::parse_action(a.fail_on);
  if (threshold && report->action >= *threshold) {
    std::cout.flush();
    return core::Error{core::ErrorCode::kPolicyViolation,
                       std::string("decision ") +
                           std::string(compliance::to_string(report->action)) +
                           " reaches --fail-on " + a.fail_on,
                       "check"};
  }
  return {};
}

}  // namespace

void add_check_command(Cli& cli) {
  auto a = std::make_shared<CheckArgs>();
  CLI::App* cmd = cli.app.add_subcommand(
      "check",
      "Scan prompts for personal data: files, directories (recursive) or stdin ('-' or no path)");
  cmd->add_option("paths", a->paths,
                  "Files or directories to scan; '-' or nothing reads standard input");
  add_format_option(cmd, a->format, {"text", "json"});
  cmd->add_option("--fail-on", a->fail_on,
                  "Exit 1 when the decision is at least this: allow|warn|block|escalate|never "
                  "(default block)")
      ->check(CLI::IsMember({"allow", "warn", "block", "escalate", "never"}));
  cmd->add_option("--max-file-size", a->max_file_size,
                  "Skip (or, named directly, refuse) larger files; 0: no limit (default 64 MiB)");
  cmd->add_flag("--no-audit", a->no_audit,
                "Do not record the decision in the audit trail (no audit trail exists yet)");
  Action& action = cli.action;
  cmd->callback([&action, a] { action = [a] { return check(*a); }; });
}

}  // namespace novacrm::cli
