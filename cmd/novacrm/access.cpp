// Puts every command behind the permission guard (lib/app/guard.hpp): builds the guard's request
// from what was parsed, and makes the token's org and role what --org and --role default to. The
// rule itself (who may run what) lives in lib/app and lib/auth, never here.
#include <string>
#include <vector>

#include "app/guard.hpp"
#include "cli.hpp"

namespace novacrm::cli {

namespace {

// The chain of parsed subcommands, the leaf last.
std::vector<CLI::App*> command_path(CLI::App& app) {
  std::vector<CLI::App*> path;
  CLI::App* cmd = &app;
  for (bool deeper = true; deeper;) {
    deeper = false;
    for (CLI::App* sub : cmd->get_subcommands()) {
      path.push_back(sub);
      cmd = sub;
      deeper = true;
      break;
    }
  }
  return path;
}

bool given(CLI::App* leaf, const std::string& name) {
  const CLI::Option* opt = leaf->get_option_no_throw(name);
  return opt != nullptr && opt->count() > 0;
}

std::optional<std::string> value_of(CLI::App* leaf, const std::string& name) {
  CLI::Option* opt = leaf->get_option_no_throw(name);
  if (opt == nullptr || opt->count() == 0) return std::nullopt;
  return opt->as<std::string>();
}

// An identity option the caller left out takes the token's value.
void default_to(CLI::App* leaf, const std::string& name, const std::string& value) {
  CLI::Option* opt = leaf->get_option_no_throw(name);
  if (opt == nullptr || opt->count() > 0) return;
  opt->add_result(value);
  opt->run_callback();
}

}  // namespace

core::Status guard_invocation(CLI::App& app, GlobalOptions& global) {
  const std::vector<CLI::App*> path = command_path(app);
  if (path.empty()) return {};
  CLI::App* leaf = path.back();
  app::AccessRequest request;
  for (const CLI::App* c : path) {
    request.command += (request.command.empty() ? "" : " ") + c->get_name();
  }
  request.reveal = given(leaf, "--reveal");
  request.no_audit = given(leaf, "--no-audit");
  request.token = global.token;
  // token issue's --org and --role describe the new token, not the caller.
  const bool identity_flags = request.command != "token issue";
  if (identity_flags) {
    request.org_flag = value_of(leaf, "--org");
    request.role_flag = value_of(leaf, "--role");
  }
  auto paths = core::resolve_workspace(global.home);
  if (!paths) return {};  // no workspace can exist: nothing to guard
  auto session = app::guard_command(*paths, request);
  if (!session) return session.error();
  if (!*session) return {};
  if (identity_flags) {
    default_to(leaf, "--org", (*session)->claims.org);
    default_to(leaf, "--role", std::string(auth::role_name((*session)->claims.role)));
  }
  global.session = std::move(*session);
  return {};
}

}  // namespace novacrm::cli
