// The permission guard: who may run which command, decided once for every front end (DESIGN.md
// "Tokens and roles"). Authenticates the token (claims.hpp), then authorizes its role for the
// command's row of the permission matrix (rbac.hpp), before the command has any side effect.
//
// When a workspace exists every command needs a valid token except `init`, `token verify`, and
// `check`/`redact` with --no-audit; without a workspace nothing needs one (check and redact run in
// CI without one; every other command then fails as "workspace unavailable").
//
// A token acts for one org and one role: identity flags (--org, --role) may restate the token's
// claims but never change them; a mismatch is refused. Every refusal is audited as
// "access.denied" (command, subject when known, reason) and never contains the token.
#pragma once

#include <optional>
#include <string>

#include "audit/record.hpp"
#include "auth/claims.hpp"
#include "core/result.hpp"
#include "core/workspace_paths.hpp"

namespace novacrm::app {

class Workspace;

struct AccessRequest {
  std::string command;                   // as in the matrix without flags: "contacts list", "check"
  bool reveal = false;                   // --reveal given (contacts list/show)
  bool no_audit = false;                 // --no-audit given (check/redact)
  std::optional<std::string> token;      // --token or NOVACRM_TOKEN; else the token file
  std::optional<std::string> org_flag;   // --org when given (the caller's org)
  std::optional<std::string> role_flag;  // --role when given (the caller's role, scope_check)
  std::string request_id;                // the front end's request id, for the refusal's record
};

// Who is acting, once the guard let them in.
struct Session {
  auth::Claims claims;
  [[nodiscard]] audit::Actor actor() const;
};

// The matrix row a request runs under: "contacts list --reveal" for contacts list with --reveal.
std::string permission_command(const AccessRequest& request);

// Whether this request needs a token at all in a workspace that exists.
bool needs_token(const AccessRequest& request);

// nullopt when no token is needed (see above); the session when the token is valid and its role
// may run the command; kPermissionDenied saying why otherwise (audited).
core::Result<std::optional<Session>> guard_command(const core::WorkspacePaths& paths,
                                                   const AccessRequest& request);

// For a front end that holds the workspace open and takes the token from the request only (HTTP:
// the bearer token, never the token file). The two steps are separate because HTTP answers them
// differently (401 and 403). Both refusals are audited like guard_command's.
//
// Who `request.token` is: kPermissionDenied when it is missing ("no token (<how_to_pass>)") or
// does not verify. `request.command` names the matrix row asked for, for the refusal's record.
core::Result<Session> authenticate(Workspace& ws, const AccessRequest& request,
                                   std::string_view how_to_pass);
// Whether that session's role may run `request.command` (a row of the matrix).
core::Status authorize_session(Workspace& ws, const AccessRequest& request, const Session& session);

}  // namespace novacrm::app
