// novacrm: parse the command line, run the chosen command, map its error to the documented exit
// code (README, "Exit codes"). Every failure prints exactly one line on stderr.
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <string_view>
#include <vector>

#include "cli.hpp"
#include "core/result.hpp"
#include "obs/logging.hpp"

#ifndef NOVACRM_VERSION
#define NOVACRM_VERSION "0.0.0"
#endif

namespace novacrm::cli {

core::Result<std::unique_ptr<app::Workspace>> open_workspace(const GlobalOptions& global) {
  auto paths = core::resolve_workspace(global.home);
  if (!paths) return paths.error();
  auto ws = app::Workspace::open(*paths);
  if (ws && global.session) (*ws)->set_actor(global.session->actor());
  return ws;
}

core::Result<std::unique_ptr<app::Workspace>> open_workspace_if_present(
    const GlobalOptions& global) {
  auto paths = core::resolve_workspace(global.home);
  if (!paths) return std::unique_ptr<app::Workspace>();
  std::error_code ec;
  if (!std::filesystem::exists(paths->database, ec)) return std::unique_ptr<app::Workspace>();
  return open_workspace(global);
}

std::string caller_org(const GlobalOptions& global) {
  return global.session ? global.session->claims.org : std::string("default");
}

bool colour_enabled(const GlobalOptions& global, int fd) {
  const char* no_color = std::getenv("NO_COLOR");
  return !global.no_color && (no_color == nullptr || *no_color == '\0') && isatty(fd) != 0;
}

core::Result<bool> confirm(const std::string& question, const std::string& what) {
  if (isatty(STDIN_FILENO) == 0) {
    return core::bad_input("--yes",
                           "refusing to " + what + " without --yes (stdin is not a terminal)");
  }
  std::cerr << question << " [y/N] " << std::flush;
  std::string answer;
  std::getline(std::cin, answer);
  return answer == "y" || answer == "Y" || answer == "yes";
}

namespace {

int fail(const core::Error& e) {
  const char* prefix = e.code == core::ErrorCode::kPermissionDenied ? "permission denied: " : "";
  std::cerr << "novacrm: error: " << prefix << e.describe() << '\n';
  return core::exit_code(e.code);
}

// "contacts: a subcommand is required (add, list, ...)" for the deepest command given.
core::Error missing_command(const CLI::App& app) {
  const CLI::App* cmd = &app;
  std::string path = "novacrm";
  for (bool deeper = true; deeper;) {
    deeper = false;
    for (const CLI::App* sub : cmd->get_subcommands()) {
      cmd = sub;
      path += " " + sub->get_name();
      deeper = true;
      break;
    }
  }
  std::string names;
  for (const CLI::App* sub : cmd->get_subcommands({}))
    names += (names.empty() ? "" : ", ") + sub->get_name();
  return core::bad_input(path, "a command is required (" + names + "; see '" + path + " --help')");
}

// The command groups, by the name each one registers.
struct Group {
  std::string_view name;
  void (*add)(Cli&);
};
constexpr std::array<Group, 10> kGroups{{{"init", add_init_command},
                                         {"contacts", add_contacts_commands},
                                         {"clients", add_clients_commands},
                                         {"check", add_check_command},
                                         {"redact", add_redact_command},
                                         {"policy", add_policy_commands},
                                         {"audit", add_audit_commands},
                                         {"keys", add_keys_commands},
                                         {"token", add_token_commands},
                                         {"serve", add_serve_command}}};

// Registers only the group the command line names: building every group's options was a
// tenth of a short `check` (docs/adr/0012). Every group when it names none (`novacrm --help`)
// or an unknown one, whose error then lists them.
void add_commands(Cli& cli, std::string_view word) {
  const auto* named = std::find_if(kGroups.begin(), kGroups.end(),
                                   [word](const Group& g) { return g.name == word; });
  if (named != kGroups.end()) {
    named->add(cli);
    const std::vector<CLI::App*> added = cli.app.get_subcommands({});
    if (std::any_of(added.begin(), added.end(),
                    [word](const CLI::App* a) { return a->get_name() == word; })) {
      return;
    }
  }
  for (const Group& g : kGroups) {
    if (&g != named) g.add(cli);
  }
}

int run(int argc, char** argv) {
  CLI::App app{
      "novacrm: a small CRM and an AI compliance hub for teams that use LLMs on customer data.",
      "novacrm"};
  app.set_version_flag("--version", NOVACRM_VERSION, "Print the version and exit");
  // No require_subcommand(): with it CLI11 reports "A subcommand is required" for a misspelt
  // command instead of naming it; a missing command is reported below, after parsing.
  app.fallthrough();
  app.footer(
      "Exit codes: 0 success, 1 policy violation, 2 usage or bad input, 3 permission denied,\n"
      "4 integrity failure, 5 workspace unavailable, 6 internal error.\n"
      "Workspace: --home, else NOVACRM_HOME, else $XDG_DATA_HOME/novacrm.\n"
      "Token: --token, else NOVACRM_TOKEN, else the token file init wrote (<workspace>/token).");

  GlobalOptions global;
  app.add_option("--home", global.home,
                 "Workspace directory (default: NOVACRM_HOME, else $XDG_DATA_HOME/novacrm)");
  app.add_option("--token", global.token,
                 "Access token (default: NOVACRM_TOKEN, else the workspace token file)")
      ->envname("NOVACRM_TOKEN");
  app.add_option("--log-level", global.log_level,
                 "Log level: trace|debug|info|warn|error|critical|off (default warn)")
      ->check(CLI::IsMember({"trace", "debug", "info", "warn", "error", "critical", "off"}));
  app.add_option("--log-format", global.log_format,
                 "Log format on stderr: text|json (default text)")
      ->check(CLI::IsMember({"text", "json"}));
  app.add_flag("--no-color", global.no_color,
               "Never colour the output (NO_COLOR is respected too)");

  Action action;
  Cli cli{app, global, action};
  add_commands(cli, command_word(argc, argv));

  try {
    app.parse(argc, argv);
  } catch (const CLI::Success& e) {  // --help, --help-all, --version: exit 0
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    std::string msg = e.what();
    std::replace(msg.begin(), msg.end(), '\n', ' ');
    std::cerr << "novacrm: error: " << msg << " (see 'novacrm --help')\n";
    return core::exit_code(core::ErrorCode::kBadInput);
  }

  const obs::LogFormat format =
      global.log_format == "json" ? obs::LogFormat::kJson : obs::LogFormat::kText;
  if (core::Status s = obs::setup_logging(global.log_level, format); !s) return fail(s.error());
  if (!action) return fail(missing_command(app));
  if (core::Status s = guard_invocation(app, global); !s) return fail(s.error());
  const core::Status result = action();
  if (!result) return fail(result.error());
  std::cout.flush();
  if (!std::cout) return fail(core::internal_error("cannot write to standard output"));
  return 0;
}

}  // namespace
}  // namespace novacrm::cli

int main(int argc, char** argv) {
  if (novacrm::cli::asks_for_serve(argc, argv)) return novacrm::cli::exec_serve(argv);
  try {
    return novacrm::cli::run(argc, argv);
  } catch (const std::exception& e) {
    std::cerr << "novacrm: internal error: " << e.what() << '\n';
    return novacrm::core::exit_code(novacrm::core::ErrorCode::kInternal);
  }
}
