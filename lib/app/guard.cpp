// The permission guard. Reads the database only to validate the token; the one thing it writes is
// the "access.denied" audit record of a refusal. Never puts the token in a message or a record.
#include "app/guard.hpp"

#include <filesystem>
#include <nlohmann/json.hpp>

#include "app/tokens.hpp"
#include "app/workspace.hpp"
#include "auth/rbac.hpp"
#include "core/files.hpp"
#include "obs/logging.hpp"

namespace novacrm::app {

namespace fs = std::filesystem;
using core::Error;
using core::ErrorCode;
using core::Result;

namespace {

Error denied(std::string reason) {
  return Error{ErrorCode::kPermissionDenied, std::move(reason), {}};
}

// The token to check: the request's, else the workspace's token file.
std::optional<std::string> resolve_token(const core::WorkspacePaths& paths,
                                         const AccessRequest& request) {
  if (request.token && !request.token->empty()) return request.token;
  std::error_code ec;
  const fs::path file = token_file(paths.home);
  if (!fs::exists(file, ec)) return std::nullopt;
  auto text = core::read_file(file);
  if (!text) return std::nullopt;
  std::string token = std::move(text).value();
  while (!token.empty() && (token.back() == '\n' || token.back() == '\r')) token.pop_back();
  return token;
}

// Records the refusal; a trail that cannot be written does not turn the refusal into success.
Error refuse(Workspace& ws, const AccessRequest& request, const std::optional<auth::Claims>& who,
             Error reason) {
  audit::Event e;
  e.actor = who ? Session{*who}.actor() : audit::Actor{"unknown", "", "default"};
  e.action = "access.denied";
  e.request_id = request.request_id;
  e.details =
      nlohmann::json{{"command", permission_command(request)}, {"reason", reason.describe()}}
          .dump();
  if (auto r = ws.audit().append({e}); !r) {
    obs::log(obs::LogLevel::kWarn, "access.denied could not be audited: " + r.error().describe());
  }
  obs::log(obs::LogLevel::kInfo, "access.denied command=\"" + permission_command(request) + "\"");
  return reason;
}

// The flags that name the caller may restate the token's claims, never change them.
std::optional<Error> identity_mismatch(const AccessRequest& request, const auth::Claims& claims) {
  if (request.org_flag && *request.org_flag != claims.org) {
    return denied("--org " + request.org_flag->substr(0, 64) + ": the token acts for org " +
                  claims.org + " (issue a token for that org)");
  }
  const std::string role(auth::role_name(claims.role));
  if (request.role_flag && *request.role_flag != role) {
    return denied("--role " + request.role_flag->substr(0, 16) + ": the token's role is " + role);
  }
  return std::nullopt;
}

}  // namespace

audit::Actor Session::actor() const {
  return audit::Actor{claims.sub, std::string(auth::role_name(claims.role)), claims.org};
}

std::string permission_command(const AccessRequest& request) {
  if (request.reveal &&
      (request.command == "contacts list" || request.command == "contacts show")) {
    return request.command + " --reveal";
  }
  return request.command;
}

bool needs_token(const AccessRequest& request) {
  const std::string& c = request.command;
  if (c.empty() || c == "init" || c == "token verify") return false;
  if ((c == "check" || c == "redact") && request.no_audit) return false;
  return true;
}

Result<Session> authenticate(Workspace& ws, const AccessRequest& request,
                             std::string_view how_to_pass) {
  if (!request.token || request.token->empty()) {
    return refuse(ws, request, std::nullopt, denied("no token (" + std::string(how_to_pass) + ")"));
  }
  auto claims = verify_workspace_token(ws, *request.token);
  if (!claims) {
    if (claims.error().code != ErrorCode::kPermissionDenied) return claims.error();
    return refuse(ws, request, std::nullopt, claims.error());
  }
  return Session{std::move(claims).value()};
}

core::Status authorize_session(Workspace& ws, const AccessRequest& request,
                               const Session& session) {
  const std::string command = permission_command(request);
  const std::optional<auth::Permission> permission = auth::find_permission(command);
  if (!permission) {
    return refuse(ws, request, session.claims,
                  denied(command + " is not in the permission matrix; refused for every role"));
  }
  if (core::Status s = auth::authorize(session.claims.role, *permission); !s) {
    return refuse(ws, request, session.claims, s.error());
  }
  return {};
}

Result<std::optional<Session>> guard_command(const core::WorkspacePaths& paths,
                                             const AccessRequest& request) {
  if (!needs_token(request)) return std::optional<Session>();
  std::error_code ec;
  if (!fs::exists(paths.database, ec)) return std::optional<Session>();
  auto ws = Workspace::open(paths);
  if (!ws) return ws.error();
  const std::string command = permission_command(request);
  AccessRequest resolved = request;
  resolved.token = resolve_token(paths, request);
  auto session = authenticate(
      **ws, resolved,
      "pass --token, set NOVACRM_TOKEN, or run 'novacrm init' to write the workspace token file");
  if (!session) return session.error();
  if (core::Status s = authorize_session(**ws, request, *session); !s) return s.error();
  if (auto mismatch = identity_mismatch(request, session->claims)) {
    return refuse(**ws, request, session->claims, *mismatch);
  }
  if (obs::log_enabled(obs::LogLevel::kDebug)) {
    obs::log(obs::LogLevel::kDebug,
             "access.granted command=\"" + command + "\" sub=\"" + session->claims.sub +
                 "\" role=" + std::string(auth::role_name(session->claims.role)));
  }
  return std::optional<Session>(std::move(session).value());
}

}  // namespace novacrm::app
