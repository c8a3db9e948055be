// novacrm serve: hands the whole command line to the novacrm-serve executable beside this one
// (execv, as git runs its subcommands), so the CLI never links the HTTP server or OpenSSL and
// keeps its start-up floor (DESIGN.md). The options are parsed and documented there.
#include <unistd.h>

#include <cstring>
#include <filesystem>
#include <iostream>
#include <string_view>

#include "cli.hpp"

namespace novacrm::cli {

namespace {

// Global options that take a value in the next argument (--home DIR, not --home=DIR).
bool takes_value(std::string_view arg) {
  return arg == "--home" || arg == "--token" || arg == "--log-level" || arg == "--log-format";
}

}  // namespace

std::string_view command_word(int argc, char** argv) {
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    if (takes_value(arg)) {
      ++i;
      continue;
    }
    if (arg.starts_with("-")) continue;
    return arg;
  }
  return {};
}

bool asks_for_serve(int argc, char** argv) { return command_word(argc, argv) == "serve"; }

int exec_serve(char** argv) {
  std::error_code ec;
  const std::filesystem::path self = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (ec) {
    std::cerr << "novacrm: error: serve: cannot find this executable's directory (/proc/self/exe: "
              << ec.message() << ")\n";
    return core::exit_code(core::ErrorCode::kInternal);
  }
  const std::filesystem::path server = self.parent_path() / "novacrm-serve";
  if (!std::filesystem::exists(server, ec)) {
    std::cerr << "novacrm: error: serve: " << server.string()
              << " is missing (install novacrm-serve beside novacrm)\n";
    return core::exit_code(core::ErrorCode::kInternal);
  }
  std::string name = server.string();
  argv[0] = name.data();
  execv(name.c_str(), argv);
  const int error = errno;
  std::cerr << "novacrm: error: serve: cannot run " << name << ": " << std::strerror(error) << '\n';
  return core::exit_code(core::ErrorCode::kInternal);
}

void add_serve_command(Cli& cli) {
  CLI::App* cmd = cli.app.add_subcommand(
      "serve",
      "Serve the workspace over HTTP: API, metrics and dashboard (admin token; see "
      "'novacrm serve --help')");
  cmd->allow_extras();
}

}  // namespace novacrm::cli
