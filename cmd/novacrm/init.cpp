// novacrm init: create or upgrade the workspace.
#include <iostream>

#include "cli.hpp"

namespace novacrm::cli {

void add_init_command(Cli& cli) {
  CLI::App* cmd = cli.app.add_subcommand("init",
                                         "Create the workspace (database and its schema), or "
                                         "upgrade an existing one; says what it added. Prints the "
                                         "bootstrap admin token once and keeps it in the 0600 "
                                         "token file <workspace>/token");
  cmd->callback([&cli] {
    cli.action = [&cli]() -> core::Status {
      auto paths = core::resolve_workspace(cli.global.home);
      if (!paths) return paths.error();
      auto report = app::init_workspace(*paths);
      if (!report) return report.error();
      const std::string home = paths->home.string();
      if (report->created) {
        std::cout << "Created workspace " << home << '\n';
      } else if (report->additions.empty()) {
        std::cout << "Workspace " << home << " is up to date; nothing changed.\n";
        return {};
      } else {
        std::cout << "Upgraded workspace " << home << '\n';
      }
      for (const std::string& a : report->additions) std::cout << "  added " << a << '\n';
      if (report->admin_token) {
        std::cout << "Bootstrap admin token (shown only this once; commands read it from the "
                     "token file):\n"
                  << *report->admin_token << '\n';
      }
      return {};
    };
  });
}

}  // namespace novacrm::cli
