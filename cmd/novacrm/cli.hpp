// What the command files share: global options, the selected action, and the few helpers every
// command group uses. Commands stay thin: parse, call lib/app, print.
#pragma once

#include <CLI/CLI.hpp>

#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "app/workspace.hpp"
#include "core/result.hpp"

namespace novacrm::cli {

struct GlobalOptions {
  std::optional<std::string> home;
  std::optional<std::string> token;  // accepted now; enforced once tokens exist (issue 5)
  std::string log_level = "warn";
  std::string log_format = "text";
  bool no_color = false;
};

// The leaf command's work, chosen during parsing and run after it, so every failure goes through
// one place that maps it to an exit code.
using Action = std::function<core::Status()>;

struct Cli {
  CLI::App& app;
  GlobalOptions& global;
  Action& action;
};

core::Result<std::unique_ptr<app::Workspace>> open_workspace(const GlobalOptions& global);

// Asks "<question> [y/N]" on the terminal. Without a terminal on stdin it refuses (kBadInput
// naming --yes), so scripts must pass --yes explicitly.
core::Result<bool> confirm(const std::string& question, const std::string& what);

void add_init_command(Cli& cli);
void add_contacts_commands(Cli& cli);
void add_clients_commands(Cli& cli);
void add_check_command(Cli& cli);

}  // namespace novacrm::cli
