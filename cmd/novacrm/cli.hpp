// What the command files share: global options, the selected action, and the few helpers every
// command group uses. Commands stay thin: parse, call lib/app, print.
#pragma once

#include <CLI/CLI.hpp>

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "app/check.hpp"
#include "app/guard.hpp"
#include "app/workspace.hpp"
#include "compliance/engine.hpp"
#include "core/result.hpp"

namespace novacrm::cli {

struct GlobalOptions {
  std::optional<std::string> home;
  std::optional<std::string> token;  // --token or NOVACRM_TOKEN (else the workspace token file)
  std::string log_level = "warn";
  std::string log_format = "text";
  bool no_color = false;
  std::optional<app::Session> session;  // set by the guard: who runs this command
};

// The leaf command's work, chosen during parsing and run after it, so every failure goes through
// one place that maps it to an exit code.
using Action = std::function<core::Status()>;

struct Cli {
  CLI::App& app;
  GlobalOptions& global;
  Action& action;
};

// Runs the permission guard for the parsed command before it has any side effect; on success the
// session (if the command needs one) is in global.session.
core::Status guard_invocation(CLI::App& app, GlobalOptions& global);

// Opens the workspace acting as global.session's subject.
core::Result<std::unique_ptr<app::Workspace>> open_workspace(const GlobalOptions& global);
// The workspace when one exists (null otherwise): check and redact work without one.
core::Result<std::unique_ptr<app::Workspace>> open_workspace_if_present(
    const GlobalOptions& global);

// The org the caller acts for: the token's (guard.hpp), else "default".
std::string caller_org(const GlobalOptions& global);

// Colour on `fd` (a terminal, no --no-color, NO_COLOR unset or empty: no-color.org).
bool colour_enabled(const GlobalOptions& global, int fd);

// Asks "<question> [y/N]" on the terminal. Without a terminal on stdin it refuses (kBadInput
// naming --yes), so scripts must pass --yes explicitly.
core::Result<bool> confirm(const std::string& question, const std::string& what);

// Options shared by check, redact and policy explain: the policy and who is asking.
struct ScanArgs {
  std::optional<std::string> policy;
  compliance::ScanContext context;
};
void add_scan_context_options(CLI::App* cmd, ScanArgs& args);
// The policy (--policy, else the default) with the workspace's contacts when one exists.
// `inline_markers` false ignores `novacrm:allow` whatever the policy says (redact: a model's
// answer must not be able to exempt itself).
struct ScanSetup {
  compliance::Policy policy;                  // as loaded (before workspace data is added)
  std::unique_ptr<app::Workspace> workspace;  // null without a workspace
  std::optional<compliance::Engine> engine;
};
core::Result<ScanSetup> scan_setup(const GlobalOptions& global,
                                   const std::optional<std::string>& policy_file,
                                   const std::string& org, bool inline_markers = true);

// Records each scanned input in the workspace's audit trail unless --no-audit or no workspace.
core::Status enable_audit(ScanSetup& setup, bool no_audit, const std::string& action,
                          app::CheckOptions& options);

void add_init_command(Cli& cli);
void add_contacts_commands(Cli& cli);
void add_clients_commands(Cli& cli);
void add_check_command(Cli& cli);
void add_redact_command(Cli& cli);
void add_policy_commands(Cli& cli);
void add_audit_commands(Cli& cli);
void add_keys_commands(Cli& cli);
void add_token_commands(Cli& cli);
void add_serve_command(Cli& cli);

// The first argument that is neither a global option nor its value: the command group asked
// for ("check"), empty when there is none.
std::string_view command_word(int argc, char** argv);

// `novacrm [global options] serve ...` is run by the novacrm-serve executable (serve.cpp).
bool asks_for_serve(int argc, char** argv);
int exec_serve(char** argv);  // returns only when the exec failed

}  // namespace novacrm::cli
