// The workspace's access tokens (issue 5, DESIGN.md "Tokens and roles"): issuing, listing,
// verifying and revoking PASETO v4.public tokens signed by the workspace's `token` key.
//
// The database keeps each token's metadata (table `tokens`), never the token string: a token is a
// bearer credential, shown once when issued and otherwise only in the 0600 token file `init`
// writes. A token whose jti is not in the table is refused, so a token signed by a leaked key but
// never issued here is still refused. Issue and revoke are audited with jti, sub and role only.
#pragma once

#include <chrono>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "app/workspace.hpp"
#include "auth/claims.hpp"
#include "core/result.hpp"

namespace novacrm::app {

// <home>/token: the bootstrap admin token, 0600, written by init.
std::filesystem::path token_file(const std::filesystem::path& home);

inline constexpr std::chrono::seconds kDefaultTokenTtl = std::chrono::hours(8);
// The bootstrap admin token lives for a year; `init` writes a new one when it is missing,
// expired or revoked.
inline constexpr std::chrono::seconds kBootstrapTokenTtl = std::chrono::hours(24 * 365);
inline constexpr std::chrono::seconds kMaxTokenTtl = std::chrono::hours(24 * 366);

// "90s", "30m", "8h", "7d", "2w"; a plain number is refused (which unit?). kBadInput naming --ttl
// for anything else, zero, or more than kMaxTokenTtl.
core::Result<std::chrono::seconds> parse_ttl(std::string_view text);

struct TokenRequest {
  std::string sub;
  auth::Role role = auth::Role::kViewer;
  std::string org = "default";
  std::vector<std::string> scopes;
  std::chrono::seconds ttl = kDefaultTokenTtl;
};

struct IssuedToken {
  std::string token;  // shown once; never stored by the workspace
  auth::Claims claims;
  std::string key_id;
};

// What `token list` shows: metadata only.
struct TokenInfo {
  std::string jti;
  std::string sub;
  std::string role;
  std::string org;
  std::vector<std::string> scopes;
  std::string issued_at;
  std::string expires_at;
  std::string key_id;
  std::optional<std::string> revoked_at;
  std::optional<std::string> revoked_by;

  // "active", "expired" or "revoked" at `now`.
  [[nodiscard]] std::string status(auth::Seconds now) const;
};

// Signs a token with the active token key, records its metadata and audits "token.issue" in one
// transaction. kBadInput for an empty sub or an org the workspace does not have.
core::Result<IssuedToken> issue_workspace_token(Workspace& ws, const TokenRequest& request,
                                                const audit::Actor& actor);

// Every issued token, oldest first.
core::Result<std::vector<TokenInfo>> list_tokens(Workspace& ws);

// Marks `jti` revoked and audits "token.revoke". kBadInput for an unknown jti; revoking twice is
// refused too (kBadInput "already revoked"), so the trail records one revocation.
core::Result<TokenInfo> revoke_token(Workspace& ws, const std::string& jti,
                                     const audit::Actor& actor);

// The workspace's validation context: its id as issuer, its token keys (active and retired, never
// the audit keys), revocation and "unknown token" from the tokens table.
core::Result<auth::ValidationContext> validation_context(Workspace& ws);

// validate_token in the workspace's context: the claims, or kPermissionDenied saying why in one
// sentence about the token ("token expired at 2026-11-25T04:53:38Z").
core::Result<auth::Claims> verify_workspace_token(Workspace& ws, std::string_view token);

// For `init`: when the token file is missing or holds a token that no longer validates, issues
// a bootstrap admin token for `owner`, writes it to the token file (0600) and returns it.
// nullopt when the file already holds a valid token. `audited`: record "token.issue" (init on an
// existing workspace); a new workspace's trail starts empty, its keys and first token being part
// of its creation (their ids are in signing_keys and tokens).
core::Result<std::optional<std::string>> ensure_bootstrap_token(Workspace& ws,
                                                                const audit::Actor& owner,
                                                                bool audited);

}  // namespace novacrm::app
